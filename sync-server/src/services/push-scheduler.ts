import { randomUUID } from 'node:crypto';
import { clockOf, type AppDeps } from '../context.ts';
import { fireReminder } from './reminder-service.ts';

/**
 * The reminder scheduler. Stateless: every instance may run it against the one database. A tick
 * claims a batch of due reminders with a lease in one UPDATE (SQLite runs it atomically, so two
 * instances never claim one row), reads back the rows it owns, sends, then advances each row's
 * next fire and clears the lease, only while it still holds it.
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
  // A read first: an idle tick takes no write lock.
  const due = await deps.db.execute({ sql: 'SELECT 1 FROM push_reminders WHERE next_fire <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT 1', args: [nowIso, nowIso] });
  if (due.rows.length === 0) return result;
  const owner = opts.owner ?? randomUUID();
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  await deps.db.execute({
    sql: `UPDATE push_reminders SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
          WHERE id IN (SELECT id FROM push_reminders WHERE next_fire <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_fire LIMIT ?)`,
    args: [leaseUntil, owner, nowIso, nowIso, opts.batchSize],
  });
  const rows = (await deps.db.execute({ sql: 'SELECT * FROM push_reminders WHERE lease_owner = ? AND lease_until = ?', args: [owner, leaseUntil] })).rows;
  result.claimed = rows.length;
  const outcomes = [];
  const started = performance.now();
  const released: typeof rows = [];
  for (const row of rows) {
    // Slow push services must not outlast the lease (another instance would then send again):
    // past half of it, what is left is handed back untouched for the next tick.
    if (performance.now() - started > opts.leaseMs / 2) {
      released.push(row);
      continue;
    }
    const send = Number(row.attempts) <= MAX_ATTEMPTS;
    if (send) result.fired++;
    else result.skipped++;
    try {
      outcomes.push({ row, outcome: await fireReminder(deps, row, now, send) });
    } catch (e) {
      // A reminder that cannot be built (its rows are odd) is logged and moved on, never retried forever.
      console.error(`[push] reminder ${String(row.id)} (${String(row.kind)}) failed: ${(e as Error).message}`);
      outcomes.push({ row, outcome: send ? undefined : null });
    }
  }
  await opts.beforeAdvance?.();
  for (const row of released)
    await deps.db.execute({ sql: 'UPDATE push_reminders SET lease_until = NULL, lease_owner = NULL, attempts = attempts - 1 WHERE id = ? AND lease_owner = ?', args: [row.id, owner] });
  for (const { row, outcome } of outcomes) {
    if (outcome === undefined) continue; // left leased: retried once after the lease ends
    if (outcome === null) await deps.db.execute({ sql: 'DELETE FROM push_reminders WHERE id = ? AND lease_owner = ?', args: [row.id, owner] });
    else
      await deps.db.execute({
        sql: 'UPDATE push_reminders SET next_fire = ?, window_start = ?, payload = COALESCE(?, payload), lease_until = NULL, lease_owner = NULL, attempts = 0 WHERE id = ? AND lease_owner = ?',
        args: [outcome.next, outcome.window, outcome.signature ?? null, row.id, owner],
      });
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
