import type { Transaction } from '@libsql/client';
import { MAX_PUSH_CHANGES, MAX_PUSH_EVENTS, PROTOCOL_VERSION, type PushResponse, type RowChange, type PushEvent } from '@ignition/shared/sync/protocol.ts';
import { clockOf, type AppDeps, type SessionUser } from '../context.ts';
import { ApiError } from '../errors.ts';
import { applyChanges } from './sync/apply-changes.ts';
import { reconcileEvents } from './sync/reconcile-events.ts';
import { EconomyLedger } from './sync/ledger.ts';
import { habitLogWritesFrom, readHabitFacts } from './sync/habit-streaks.ts';
import { observeHlc } from './server-clock.ts';
import { readFollowers, runFollowers, tombstones } from './sync/followers/registry.ts';
import { plannedPush } from './sync/planned-push.ts';
import { EmbeddedClient } from '../db/embedded.ts';

const MAX_ATTEMPTS = 5;

/**
 * One push, one write transaction: row changes first (events refer to them), then events,
 * then the economy they change. The transaction takes the database's write lock, so two
 * pushes of the same user — on one instance or several — run one after the other and the
 * second sees the first's rows; that is what makes retries and duplicates harmless (rule 1).
 * REST routes call this too, so every write path shares ownership checks and rewards.
 */
export async function pushForUser(
  deps: AppDeps,
  user: Pick<SessionUser, 'id'>,
  body: { changes: RowChange[]; events: PushEvent[]; protocolVersion?: number },
  /** REST writes that answer a refusal with a 4xx: roll the whole push back when this says so, so a refused request writes nothing. */
  opts: { rollbackIf?: (r: PushResponse) => boolean } = {},
): Promise<PushResponse> {
  if (body.protocolVersion !== undefined && body.protocolVersion !== PROTOCOL_VERSION)
    throw new ApiError(426, 'client_outdated', `This server speaks sync protocol ${PROTOCOL_VERSION}; please update the app`);
  if (body.changes.length > MAX_PUSH_CHANGES || body.events.length > MAX_PUSH_EVENTS)
    throw new ApiError(413, 'push_too_large', `A push may carry at most ${MAX_PUSH_CHANGES} changes and ${MAX_PUSH_EVENTS} events; split it`, {
      maxChanges: MAX_PUSH_CHANGES,
      maxEvents: MAX_PUSH_EVENTS,
    });
  for (const ch of body.changes) observeHlc(ch.hlc);
  // Through @libsql/client (a libSQL server or Turso) a push is one read batch and one guarded
  // write batch when it can be (sync/planned-push.ts); otherwise, and on the embedded database
  // where a round trip costs nothing, one interactive write transaction. Both run the same code.
  if (usePlanned(deps.db)) {
    const planned = await plannedPush(deps.db, user.id, body, () => clockOf(deps), opts);
    if (planned) return planned;
  }
  for (let attempt = 1; ; attempt++) {
    const now = clockOf(deps);
    let tx: Transaction | undefined;
    try {
      tx = await deps.db.transaction('write');
      // Follow-up writes (deck card counts, one active focus session) read before the changes apply, as on the planned push.
      const followed = await readFollowers(tx, { userId: user.id, changes: body.changes });
      const habitFacts = await readHabitFacts(tx, { userId: user.id, changes: body.changes, events: body.events });
      const { errors, written, log } = await applyChanges(tx, user.id, body.changes);
      await runFollowers(tx, followed, { written, log, planned: false }, { userId: user.id, changes: body.changes }, written);
      const ledger = await EconomyLedger.load(tx, user.id, now, habitLogWritesFrom(habitFacts, body.changes, written, tombstones(log)));
      const { accepted, rejected } = await reconcileEvents(tx, ledger, body.events);
      const { progress, streaks } = await ledger.finish(tx);
      // The user's version moves on when the push wrote anything (a change applied, an event
      // answered), so a planned push that read before this one reads again; a push refused whole
      // writes nothing at all.
      const wrote = body.changes.length > errors.length || body.events.length > 0;
      const out = await tx.batch([...(wrote ? [{ sql: 'UPDATE users SET sync_version = sync_version + 1 WHERE id = ?', args: [user.id] }] : []), 'SELECT COALESCE(MAX(seq), 0) AS s FROM sync_rows']);
      const cursor = String(out[out.length - 1].rows[0].s);
      const result = { accepted, rejected, changeErrors: errors, progress, streaks, cursor, serverTime: new Date().toISOString() };
      if (opts.rollbackIf?.(result)) await tx.rollback();
      else await tx.commit();
      return result;
    } catch (e) {
      await tx?.rollback().catch(() => undefined);
      // Another instance holding the write lock past busy_timeout: try again shortly.
      if (attempt < MAX_ATTEMPTS && /SQLITE_BUSY|database is locked/i.test(String((e as Error).message))) {
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
        continue;
      }
      throw e;
    } finally {
      tx?.close();
    }
  }
}

/** The planned push unless the database is the embedded one (PUSH_PATH=planned|interactive overrides, for tests). */
function usePlanned(db: unknown): boolean {
  const forced = process.env.PUSH_PATH;
  if (forced === 'planned') return true;
  if (forced === 'interactive') return false;
  return !(db instanceof EmbeddedClient);
}
