import type { PushResponse } from '@ignition/shared/sync/protocol.ts';
import { clockOf, type AppDeps } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { selectIn, type Db } from './sync/sql.ts';
import { changedFields } from '@ignition/shared/sync/changed-fields.ts';
import { isClientWritable } from '@ignition/shared/tables.ts';
import { activityEvents, focusSessions, goals, habitLogs, habits } from '@ignition/shared/server/tables.ts';
import { and, eq } from 'drizzle-orm';
import { orm } from '../db/orm.ts';

/**
 * Every REST write (focus, habits, goals, learning, books …) is expressed as row changes and
 * events and sent through the sync push: ownership checks, rewards and the pull change log stay
 * one code path. Callers check input and ownership first; a change the push still refuses
 * becomes a 404 (someone else's row) or a 422, and the whole push is rolled back.
 */
export type RestOp = { table: string; id: string; fields: Record<string, unknown>; delete?: false } | { table: string; id: string; delete: true };
export interface RestEvent {
  event_type: string;
  entity_id?: string | null;
  metadata?: Record<string, unknown>;
  local_date?: string;
}

export async function writeThroughSync(deps: AppDeps, userId: string, allOps: RestOp[], events: RestEvent[] = []): Promise<PushResponse & { eventIds: string[] }> {
  const now = clockOf(deps).toISOString();
  const eventIds = events.map(() => `ev_${crypto.randomUUID()}`);
  const ops = await onlyRealChanges(deps.db, userId, allOps);
  const res = await pushForUser(
    deps,
    { id: userId },
    {
      changes: ops.map((o) =>
        o.delete ? { table: o.table, id: o.id, op: 'delete' as const, hlc: serverHlc() } : { table: o.table, id: o.id, op: 'upsert' as const, fields: o.fields, hlc: serverHlc() },
      ),
      events: events.map((e, i) => ({ id: eventIds[i], event_type: e.event_type, entity_id: e.entity_id ?? null, metadata: e.metadata ?? {}, created_at: now, ...(e.local_date ? { local_date: e.local_date } : {}) })),
    },
    { rollbackIf: changeRefused },
  );
  throwIfChangeRefused(res);
  return { ...res, eventIds };
}

/**
 * Each upsert cut down to the fields that change the user's stored row (`changedFields`, the
 * rule the app's own writes follow), so a PATCH that repeats unchanged values does not restamp
 * them over a device's newer edit of those fields; an upsert that changes nothing is dropped.
 * Rows that are new, deleted or not this user's are left whole for the push to create or refuse.
 * The read is outside the push's transaction: a concurrent write in between can only make a
 * field this request did not change stay as that write left it.
 */
async function onlyRealChanges(db: Db, userId: string, ops: RestOp[]): Promise<RestOp[]> {
  const byTable = new Map<string, string[]>();
  for (const o of ops) if (!o.delete && isClientWritable(o.table)) byTable.set(o.table, [...(byTable.get(o.table) ?? []), o.id]);
  const stored = new Map<string, Record<string, unknown>>();
  for (const [table, ids] of byTable) {
    const mine = await selectIn<{ row_id: string }>(db, 'SELECT row_id FROM sync_rows WHERE table_name = ? AND user_id = ? AND deleted = 0 AND row_id IN', ids, [table, userId]);
    if (mine.length === 0) continue;
    const rows = await selectIn<Record<string, unknown>>(db, `SELECT * FROM "${table}" WHERE id IN`, mine.map((r) => r.row_id));
    for (const r of rows) stored.set(`${table}:${String(r.id)}`, r);
  }
  const out: RestOp[] = [];
  for (const o of ops) {
    const row = o.delete ? undefined : stored.get(`${o.table}:${o.id}`);
    if (o.delete || !row) {
      out.push(o);
      continue;
    }
    const fields = changedFields(o.table, row, o.fields);
    if (Object.keys(fields).length > 0) out.push({ ...o, fields });
  }
  return out;
}

/** A REST write answers a refused change with a 4xx, so its push is rolled back: the request writes nothing. */
export const changeRefused = (r: Pick<PushResponse, 'changeErrors'>) => r.changeErrors.length > 0;

/** The 4xx for a refused change: 404 for someone else's (or a missing) row, else 422. */
export function throwIfChangeRefused(r: Pick<PushResponse, 'changeErrors'>) {
  if (!changeRefused(r)) return;
  const first = r.changeErrors[0];
  throw new ApiError(first.code === 'forbidden' || first.code === 'unknown_reference' ? 404 : 422, refusalCode(first.code), first.message, r.changeErrors);
}

/** The user-owned tables REST reads a row of before writing it. */
const OWNED = { focus_sessions: focusSessions, habits, habit_logs: habitLogs, goals } as const;
type Owned = typeof OWNED;

/** The row if it is this user's, else 404 (another user's id looks exactly like a missing one). */
export async function ownedRow<T extends keyof Owned>(db: Db, table: T, id: string, userId: string, what: string): Promise<Owned[T]['$inferSelect']> {
  const t: Owned[keyof Owned] = OWNED[table];
  const [row] = await orm(db).select().from(t).where(and(eq(t.id, id), eq(t.user_id, userId))).limit(1);
  if (!row) throw new ApiError(404, 'not_found', `${what} not found`);
  return row as Owned[T]['$inferSelect'];
}

/** What a reward event came to, for the reply: the server's figures, or why it earned nothing. */
export async function rewardOf(db: Db, res: PushResponse & { eventIds: string[] }, i = 0) {
  const id = res.eventIds[i];
  if (!id) return null;
  const rejected = res.rejected.find((r) => r.id === id);
  if (rejected) return { accepted: false, xp: 0, coins: 0, code: rejected.code, message: rejected.message };
  const [row] = await orm(db).select({ xp_earned: activityEvents.xp_earned, coins_earned: activityEvents.coins_earned, skill_id: activityEvents.skill_id }).from(activityEvents).where(eq(activityEvents.id, id));
  return { accepted: true, xp: Number(row?.xp_earned ?? 0), coins: Number(row?.coins_earned ?? 0), skill: row?.skill_id ?? null };
}

export const newRowId = () => crypto.randomUUID();
