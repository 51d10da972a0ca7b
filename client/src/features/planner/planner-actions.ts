import { db, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal, type WriteOp } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { completeOps, createEventOps, deleteOps, editOps, type EventChanges, type EventFields, type PlannerOp, type Scope } from '@ignition/shared/rules/planner-edits.ts';
import type { Occurrence } from '@ignition/shared/rules/recurrence.ts';

/*
 * Planner writes: the shared edit rules decide which rows change; commit() makes them one
 * local transaction with their outbox entries, so every action works offline and syncs later.
 */
export type Occ = Occurrence<Row>;

const asWrites = (ops: PlannerOp[]): WriteOp[] => ops.map((op) => (op.delete ? { table: op.table, id: op.id, delete: true as const } : { table: op.table, id: op.id, fields: op.fields }));

async function seriesOf(occ: Occ): Promise<Row> {
  if (occ.seriesId === occ.row.id) return occ.row;
  return (await db.calendar_events.get(occ.seriesId)) ?? occ.row;
}

const target = (occ: Occ) => ({ rowId: occ.row.id, occurrenceDate: occ.occurrenceDate, start: occ.start, end: occ.end, override: occ.override });

/**
 * The writes that put rows back as they were before `ops`. Deletes are final in sync (a
 * tombstone wins), so deleted rows come back under new ids, with overrides re-pointed.
 */
function undoWrites(before: Map<string, Row>, ops: PlannerOp[]): WriteOp[] {
  const fresh = new Map<string, string>();
  for (const op of ops) if (op.delete && before.has(op.id)) fresh.set(op.id, newId());
  const out: WriteOp[] = [];
  for (const op of ops) {
    const prev = before.get(op.id);
    if (op.delete) {
      if (!prev) continue;
      const { id: _id, user_id: _u, ...fields } = prev;
      const parent = fields.recurrence_parent_id as string | null;
      out.push({ table: 'calendar_events', id: fresh.get(op.id)!, fields: { ...fields, recurrence_parent_id: parent ? (fresh.get(parent) ?? parent) : null } });
    } else if (prev) {
      out.push({ table: 'calendar_events', id: op.id, fields: Object.fromEntries(Object.keys(op.fields).map((k) => [k, prev[k] ?? null])) });
    } else {
      out.push({ table: 'calendar_events', id: op.id, delete: true });
    }
  }
  return out;
}

async function commitWithUndo(ops: PlannerOp[], message: string) {
  const before = new Map<string, Row>();
  for (const op of ops) {
    const row = await db.calendar_events.get(op.id);
    if (row) before.set(op.id, structuredClone(row));
  }
  await commit(asWrites(ops));
  notify(message, 'success', {
    label: 'Undo',
    run: () =>
      void commit(undoWrites(before, ops)).then(() => notify('Undone')),
  });
}

export async function createEvent(fields: EventFields): Promise<string> {
  const id = newId();
  await commit(asWrites(createEventOps(id, fields, new Date().toISOString())));
  notify(`“${fields.title}” added to your planner`, 'success', { label: 'Undo', run: () => void commit([{ table: 'calendar_events', id, delete: true }]) });
  return id;
}

export async function editOccurrence(occ: Occ, scope: Scope, changes: EventChanges, tz: string, message = 'Event saved') {
  const series = await seriesOf(occ);
  await commitWithUndo(editOps(scope, target(occ), series, changes, { newId, now: new Date().toISOString(), tz }), message);
}

export async function deleteOccurrence(occ: Occ, scope: Scope) {
  const series = await seriesOf(occ);
  const overrides = await db.calendar_events.where('recurrence_parent_id').equals(series.id).toArray();
  const label = scope === 'one' && occ.recurring ? 'Occurrence deleted' : `“${String(occ.row.title)}” deleted`;
  await commitWithUndo(deleteOps(scope, target(occ), series, overrides, new Date().toISOString()), label);
}

/** Marks done or not done; the reward is a guess here, the server's figure replaces it after sync. */
export async function setCompleted(occ: Occ, done: boolean) {
  const series = await seriesOf(occ);
  const { ops, event } = completeOps(done, target(occ), series, new Date().toISOString());
  const today = todayLocal();
  const earlier = event ? (await db.activity_events.where('event_type').equals('planner_complete').toArray()) : [];
  const alreadyCounted = earlier.some((e) => e.entity_id === series.id && e.metadata?.occurrence_date === occ.occurrenceDate && e.sync_status !== 'rejected');
  let xp = 0;
  let coins = 0;
  if (event && !alreadyCounted) {
    const rewardedToday = earlier.filter((e) => e.local_date === today && e.xp_earned > 0 && e.sync_status !== 'rejected').length;
    const r = computeReward({ type: 'planner_complete', rewardedToday });
    if (!('rejected' in r)) ({ xp, coins } = r);
  }
  await commit(asWrites(ops), event && !alreadyCounted ? [{ ...event, xp, coins, local_date: today }] : []);
  if (!done) notify(`“${String(occ.row.title)}” marked not done`);
  else notify(xp ? `Done: “${String(occ.row.title)}” · +${xp} XP, +${coins} coins` : `Done: “${String(occ.row.title)}”`, 'success');
}
