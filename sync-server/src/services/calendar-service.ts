import { uuidv7 } from 'uuidv7';
import { addDays, localDate } from '@ignition/shared/dates.ts';
import { createEventOps, completeOps, deleteOps, editOps, type EventChanges, type EventFields, type PlannerOp, type Scope } from '@ignition/shared/rules/planner-edits.ts';
import { expandEvents, type Occurrence, type PlannerRow } from '@ignition/shared/rules/recurrence.ts';
import { clockOf, type AppDeps, type SessionUser } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { writeThroughSync } from './rest-write.ts';
import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { activityEvents, calendarEvents, workouts } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

/*
 * The planner's REST face. Reads query the user's own rows; writes become the same row
 * operations the client makes (shared-schema planner-edits) and go through the sync push,
 * so ownership, rewards and the change log other devices pull are one code path.
 */
type User = Pick<SessionUser, 'id' | 'timezone'>;
export type EventRow = PlannerRow & Record<string, unknown>;

const JSON_COLUMNS = ['exdates', 'completed_dates'];
const BOOL_COLUMNS = ['all_day', 'completed'];

function decode(row: typeof calendarEvents.$inferSelect): EventRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'user_id') continue;
    if (JSON_COLUMNS.includes(k)) {
      try {
        out[k] = typeof v === 'string' ? JSON.parse(v) : (v ?? []);
      } catch {
        out[k] = [];
      }
    } else if (BOOL_COLUMNS.includes(k)) out[k] = v === null ? false : Number(v) === 1;
    else out[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out as EventRow;
}

const tzOf = (user: User) => user.timezone || 'UTC';

export async function listEvents(deps: AppDeps, user: User, range?: { from: string; to: string }) {
  const e = calendarEvents;
  // A series may start long before the range; one-offs and overrides must overlap it (a day of slack for zones).
  const inRange = range
    ? or(
        and(isNotNull(e.recurrence), ne(e.recurrence, ''), isNull(e.recurrence_parent_id)),
        and(lt(e.start_time, `${addDays(range.to, 1)}T23:59:59.999Z`), sql`COALESCE(${e.end_time}, ${e.start_time}) >= ${`${addDays(range.from, -1)}T00:00:00.000Z`}`),
      )
    : undefined;
  const rows = await orm(deps.db).select().from(e).where(and(eq(e.user_id, user.id), inRange)).orderBy(e.start_time, e.id);
  const events = rows.map(decode);
  if (!range) return { events };
  const overrides = range ? await overridesOf(deps, user, events.filter((e) => e.recurrence && !e.recurrence_parent_id).map((e) => e.id)) : [];
  const all = [...events, ...overrides.filter((o) => !events.some((e) => e.id === o.id))];
  const occurrences = expandEvents(all, range.from, range.to, tzOf(user)).map(({ row, ...o }) => ({ ...o, event_id: row.id, title: row.title, event_type: row.event_type, color: row.color }));
  return { events: all, occurrences };
}

export async function getEvent(deps: AppDeps, user: User, id: string): Promise<EventRow> {
  const [row] = await orm(deps.db).select().from(calendarEvents).where(and(eq(calendarEvents.id, id), eq(calendarEvents.user_id, user.id)));
  if (!row) throw notFound('No such event');
  return decode(row);
}

async function overridesOf(deps: AppDeps, user: User, parentIds: string[]): Promise<EventRow[]> {
  if (parentIds.length === 0) return [];
  const rows = await orm(deps.db)
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.user_id, user.id), inArray(calendarEvents.recurrence_parent_id, parentIds)));
  return rows.map(decode);
}

async function assertWorkout(deps: AppDeps, user: User, workoutId: string | null | undefined) {
  if (!workoutId) return;
  const [mine] = await orm(deps.db).select({ id: workouts.id }).from(workouts).where(and(eq(workouts.id, workoutId), eq(workouts.user_id, user.id)));
  if (!mine) throw new ApiError(422, 'unknown_workout', 'linked_workout_id names no workout template of yours');
}

/** Through the shared REST write path; a completion event is dated by the person's own day. */
function push(deps: AppDeps, user: User, ops: PlannerOp[], events: ReturnType<typeof completeOps>['event'][] = []) {
  const today = localDate(clockOf(deps), tzOf(user));
  return writeThroughSync(deps, user.id, ops, events.filter((e) => !!e).map((e) => ({ ...e!, local_date: today })));
}

export async function createEvent(deps: AppDeps, user: User, fields: EventFields): Promise<EventRow> {
  await assertWorkout(deps, user, fields.linked_workout_id);
  const id = uuidv7();
  await push(deps, user, createEventOps(id, fields, clockOf(deps).toISOString()));
  return getEvent(deps, user, id);
}

/** The occurrence a request names: the row itself for a one-off or an override, else the series' occurrence on that date. */
async function resolve(deps: AppDeps, user: User, id: string, occurrenceDate: string | undefined) {
  const row = await getEvent(deps, user, id);
  const series = row.recurrence_parent_id ? await getEvent(deps, user, String(row.recurrence_parent_id)).catch(() => row) : row;
  const overrides = await overridesOf(deps, user, [series.id]);
  const tz = tzOf(user);
  if (row.recurrence_parent_id || !row.recurrence) {
    const occ = expandEvents([row], '1970-01-01', '9999-01-01', tz)[0];
    if (!occ) throw new ApiError(422, 'invalid_event', 'This event has no valid start time');
    return { series, overrides, occ: { ...occ, rowId: row.id } };
  }
  if (!occurrenceDate) return { series, overrides, occ: null };
  const existing = overrides.find((o) => localDate(String(o.original_start), tz) === occurrenceDate);
  const found: Occurrence | undefined = existing
    ? expandEvents([existing], '1970-01-01', '9999-01-01', tz)[0]
    : expandEvents([series], occurrenceDate, addDays(occurrenceDate, 1), tz).find((o) => o.occurrenceDate === occurrenceDate);
  if (!found) throw new ApiError(422, 'not_an_occurrence', `The series has no occurrence on ${occurrenceDate}`);
  return { series, overrides, occ: { ...found, rowId: existing?.id ?? series.id } };
}

export async function updateEvent(deps: AppDeps, user: User, id: string, changes: EventChanges, scope: Scope, occurrenceDate?: string) {
  const { series, occ } = await resolve(deps, user, id, occurrenceDate);
  await assertWorkout(deps, user, changes.linked_workout_id);
  const merged = { start: changes.start_time, end: changes.end_time };
  const now = clockOf(deps).toISOString();
  const target = occ ?? { rowId: series.id, occurrenceDate: '', start: String(series.start_time), end: String(series.end_time ?? series.start_time), override: false };
  // The side not sent keeps the edited event's own (a single event always has `occ`): an end alone cannot move before its start.
  const start = merged.start ?? (scope === 'one' || occ ? target.start : undefined);
  const end = merged.end ?? (scope === 'one' || occ ? target.end : undefined);
  if (start && end && Date.parse(end) < Date.parse(start)) throw new ApiError(422, 'validation_failed', 'end_time must not be before start_time');
  if (scope === 'one' && !occ) throw new ApiError(422, 'validation_failed', 'occurrence_date is required to edit one occurrence of a recurring event');
  let newId = '';
  const ops = editOps(scope, target, series, changes, { newId: () => (newId = uuidv7()), now, tz: tzOf(user) });
  await push(deps, user, ops);
  return getEvent(deps, user, newId || (scope === 'all' ? series.id : target.rowId));
}

export async function deleteEvent(deps: AppDeps, user: User, id: string, scope: Scope, occurrenceDate?: string) {
  const { series, overrides, occ } = await resolve(deps, user, id, occurrenceDate);
  if (scope === 'one' && !occ) throw new ApiError(422, 'validation_failed', 'occurrence_date is required to delete one occurrence of a recurring event');
  const target = occ ?? { rowId: series.id, occurrenceDate: '', override: false };
  await push(deps, user, deleteOps(scope, target, series, overrides, clockOf(deps).toISOString()));
}

export async function completeEvent(deps: AppDeps, user: User, id: string, done: boolean, occurrenceDate?: string) {
  const { series, occ } = await resolve(deps, user, id, occurrenceDate);
  if (!occ) throw new ApiError(422, 'validation_failed', 'occurrence_date is required to complete an occurrence of a recurring event');
  const { ops, event } = completeOps(done, occ, series, clockOf(deps).toISOString());
  const res = await push(deps, user, ops, [event]);
  const { eventIds } = res;
  let reward: { accepted: boolean; xp: number; coins: number; code?: string; message?: string } | null = null;
  if (eventIds[0]) {
    const rejection = res.rejected.find((r) => r.id === eventIds[0]);
    const [paid] = await orm(deps.db).select({ xp: activityEvents.xp_earned, coins: activityEvents.coins_earned }).from(activityEvents).where(eq(activityEvents.id, eventIds[0]));
    reward = rejection ? { accepted: false, xp: 0, coins: 0, code: rejection.code, message: rejection.message } : { accepted: true, xp: paid?.xp ?? 0, coins: paid?.coins ?? 0 };
  }
  return { event: await getEvent(deps, user, occ.rowId), series: await getEvent(deps, user, series.id), reward, progress: res.progress };
}
