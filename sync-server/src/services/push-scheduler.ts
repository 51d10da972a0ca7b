import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { pushReminders } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import { clockOf, type AppDeps } from '../context.ts';
import { fireReminder, type FireOutcome, type ReminderRow } from './reminder-service.ts';

/**
 * The reminder scheduler. Stateless: every instance may run it against the one database. A tick
 * claims a batch of due reminders with a lease in one UPDATE … RETURNING (SQLite runs it
 * atomically, so two instances never claim one row, and it answers with the rows it claimed),
 * sends, then advances each row's next fire and clears the lease, only while it still holds it.
 *
 * A crash (or a timeout) between the claim and the advance leaves the lease to expire; another
 * tick then claims the row again and retries it once. A row claimed a third time without having
 * been advanced is not sent again: it is moved on to its next fire. So a reminder is sent once,
 * or at most twice when an instance dies mid-send — never by two instances at once.
 */
export interface TickOptions {
  batchSize: number;
  leaseMs: number;
  /** names this tick's claims in the rows (a fresh one per tick by default) */
  owner?: string;
  /** tests: runs after the sends, before the advance (throw to stand for a crash) */
  beforeAdvance?: () => void | Promise<void>;
}

export interface TickResult {
  claimed: number;
  fired: number;
  skipped: number;
}

/** The most times a reminder is claimed for one fire: the first try and one retry. */
export const MAX_ATTEMPTS = 2;

export async function runSchedulerTick(deps: AppDeps, opts: TickOptions): Promise<TickResult> {
  const now = clockOf(deps);
  const nowIso = now.toISOString();
  const result: TickResult = { claimed: 0, fired: 0, skipped: 0 };
  const o = orm(deps.db);
  /** due, and no lease held on it (none, or one run out) */
  const claimable = and(lte(pushReminders.next_fire, nowIso), or(isNull(pushReminders.lease_until), lte(pushReminders.lease_until, nowIso)));
  // A read first: an idle tick takes no write lock.
  const due = await o.select({ id: pushReminders.id }).from(pushReminders).where(claimable).limit(1);
  if (due.length === 0) return result;
  const owner = opts.owner ?? randomUUID();
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  // The claim: ONE statement (UPDATE … WHERE id IN (the due, free rows) … RETURNING), so the
  // choice of rows and their lease are atomic and no two instances ever hold one row.
  const claimed = await o
    .update(pushReminders)
    .set({ lease_until: leaseUntil, lease_owner: owner, attempts: sql`${pushReminders.attempts} + 1` })
    .where(inArray(pushReminders.id, o.select({ id: pushReminders.id }).from(pushReminders).where(claimable).orderBy(asc(pushReminders.next_fire)).limit(opts.batchSize)))
    .returning();
  const rows = claimed.sort((a, b) => (a.next_fire < b.next_fire ? -1 : a.next_fire > b.next_fire ? 1 : 0));
  result.claimed = rows.length;
  const outcomes: Array<{ row: ReminderRow; outcome: FireOutcome | undefined }> = [];
  const started = performance.now();
  const released: ReminderRow[] = [];
  for (const row of rows) {
    // Slow push services must not outlast the lease (another instance would then send again):
    // past half of it, what is left is handed back untouched for the next tick.
    if (performance.now() - started > opts.leaseMs / 2) {
      released.push(row);
      continue;
    }
    const send = row.attempts <= MAX_ATTEMPTS;
    if (send) result.fired++;
    else result.skipped++;
    try {
      outcomes.push({ row, outcome: await fireReminder(deps, row, now, send) });
    } catch (e) {
      // A reminder that cannot be built (its rows are odd) is logged and moved on, never retried forever.
      console.error(`[push] reminder ${row.id} (${row.kind}) failed: ${(e as Error).message}`);
      outcomes.push({ row, outcome: send ? undefined : null });
    }
  }
  await opts.beforeAdvance?.();
  const held = (row: ReminderRow) => and(eq(pushReminders.id, row.id), eq(pushReminders.lease_owner, owner));
  for (const row of released)
    await o
      .update(pushReminders)
      .set({ lease_until: null, lease_owner: null, attempts: sql`${pushReminders.attempts} - 1` })
      .where(held(row));
  for (const { row, outcome } of outcomes) {
    if (outcome === undefined) continue; // left leased: retried once after the lease ends
    if (outcome === null) await o.delete(pushReminders).where(held(row));
    else
      await o
        .update(pushReminders)
        // the payload (a daily reminder's signature) changes only when the outcome carries one
        .set({ next_fire: outcome.next, window_start: outcome.window, payload: sql`COALESCE(${outcome.signature ?? null}, ${pushReminders.payload})`, lease_until: null, lease_owner: null, attempts: 0 })
        .where(held(row));
  }
  return result;
}

/** Starts the scheduler in this process (an unref'd interval); returns its stop. */
export function startPushScheduler(deps: AppDeps): () => void {
  const { PUSH_SCHEDULER_INTERVAL_MS: every, PUSH_BATCH_SIZE: batchSize, PUSH_LEASE_MS: leaseMs } = deps.env;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Work through a backlog a batch at a time, within one interval.
      for (let i = 0; i < 20; i++) {
        const r = await runSchedulerTick(deps, { batchSize, leaseMs });
        if (r.claimed < batchSize) break;
      }
    } catch (e) {
      if (!/SQLITE_BUSY|database is locked|closed/i.test(String((e as Error).message))) console.error(`[push] scheduler tick failed: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  return () => clearInterval(timer);
}
