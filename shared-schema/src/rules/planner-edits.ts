import { addDays, daysBetween } from '../dates.ts';
import { dateList, parseRecurrence, toRRule, utcToZoned, WEEKDAYS, zonedToUtc, type Occurrence, type PlannerRow } from './recurrence.ts';

/*
 * What a planner action writes, as row operations. The client commits them through its outbox
 * and the REST routes push them through the sync service, so both make the same rows.
 */
import { EVENT_TYPES } from './recurrence-rule.ts';
export { EVENT_TYPES };
export type PlannerEventType = (typeof EVENT_TYPES)[number];
export const EVENT_COLORS = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#64748b'] as const;
export const DEFAULT_COLOR: Record<PlannerEventType, string> = { meeting: '#3b82f6', workout: '#f59e0b', focus: '#8b5cf6', appointment: '#10b981' };
export const PLANNER_COMPLETE_XP = 15;
export const PLANNER_COMPLETE_COINS = 5;

export interface EventFields {
  title: string;
  description: string | null;
  event_type: string;
  start_time: string;
  end_time: string;
  all_day: boolean;
  color: string | null;
  recurrence: string | null;
  linked_workout_id: string | null;
}
export type EventChanges = Partial<EventFields>;

export type PlannerOp =
  | { table: 'calendar_events'; id: string; fields: Record<string, unknown>; delete?: false }
  | { table: 'calendar_events'; id: string; delete: true };

export type Scope = 'one' | 'all';

const SERIES_FIELDS = ['title', 'description', 'event_type', 'color', 'all_day', 'linked_workout_id'] as const;

export function createEventOps(id: string, fields: EventFields, now: string): PlannerOp[] {
  return [
    {
      table: 'calendar_events',
      id,
      fields: { ...fields, recurrence_parent_id: null, original_start: null, exdates: [], completed_dates: [], completed: false, created_at: now, updated_at: now },
    },
  ];
}

const isSeries = (row: PlannerRow) => !row.recurrence_parent_id && !!parseRecurrence(row.recurrence as string);

/** Moves a weekly rule's chosen days along with its first occurrence, so "all" edits that change the day keep the pattern. */
function shiftRule(rule: string | null, days: number): string | null {
  const spec = parseRecurrence(rule);
  if (!spec || days % 7 === 0 || spec.byDay.length === 0) return rule;
  const shift = ((days % 7) + 7) % 7;
  return toRRule({ ...spec, byDay: spec.byDay.map((d) => WEEKDAYS[(WEEKDAYS.indexOf(d) + shift) % 7]) });
}

/**
 * Edits one occurrence or the whole series. `occ` is the occurrence the person acted on and
 * `series` its parent row (the row itself for a one-off event); `override` is the row that
 * already replaces this occurrence, if any.
 */
export function editOps(
  scope: Scope,
  occ: Pick<Occurrence, 'occurrenceDate' | 'start' | 'end' | 'override'> & { rowId: string },
  series: PlannerRow,
  changes: EventChanges,
  ctx: { newId: () => string; now: string; tz: string },
): PlannerOp[] {
  const stamp = { updated_at: ctx.now };
  if (!isSeries(series)) return [{ table: 'calendar_events', id: occ.rowId, fields: { ...changes, ...stamp } }];
  if (scope === 'one') {
    const { recurrence: _ignored, ...oneChanges } = changes;
    if (occ.override) return [{ table: 'calendar_events', id: occ.rowId, fields: { ...oneChanges, ...stamp } }];
    const base: Record<string, unknown> = {};
    for (const f of SERIES_FIELDS) base[f] = series[f] ?? null;
    const completed = dateList(series.completed_dates).includes(occ.occurrenceDate);
    return [
      {
        table: 'calendar_events',
        id: ctx.newId(),
        fields: {
          ...base,
          start_time: occ.start,
          end_time: occ.end,
          ...oneChanges,
          recurrence: null,
          recurrence_parent_id: series.id,
          original_start: occ.start,
          exdates: [],
          completed_dates: [],
          completed,
          created_at: ctx.now,
          ...stamp,
        },
      },
      { table: 'calendar_events', id: series.id, fields: { exdates: [...new Set([...dateList(series.exdates), occ.occurrenceDate])], ...stamp } },
    ];
  }
  // All: the series keeps its first date; a changed time of day, length or weekday applies to every occurrence.
  const fields: Record<string, unknown> = { ...changes, ...stamp };
  if (changes.start_time || changes.end_time) {
    const newStart = changes.start_time ?? occ.start;
    const newEnd = changes.end_time ?? occ.end;
    const was = utcToZoned(occ.start, ctx.tz);
    const now = utcToZoned(newStart, ctx.tz);
    const dayShift = daysBetween(was.date, now.date);
    const seriesStart = utcToZoned(String(series.start_time), ctx.tz);
    const start = zonedToUtc(addDays(seriesStart.date, dayShift), now.time, ctx.tz);
    fields.start_time = start;
    fields.end_time = new Date(Date.parse(start) + Math.max(0, Date.parse(newEnd) - Date.parse(newStart))).toISOString();
    fields.recurrence = shiftRule(changes.recurrence !== undefined ? changes.recurrence : (series.recurrence as string | null), dayShift);
  }
  return [{ table: 'calendar_events', id: series.id, fields }];
}

/** Deletes one occurrence (an exception date on the series) or the whole series with its overrides. */
export function deleteOps(scope: Scope, occ: { rowId: string; occurrenceDate: string; override: boolean }, series: PlannerRow, overrides: PlannerRow[], now: string): PlannerOp[] {
  if (!isSeries(series)) return [{ table: 'calendar_events', id: occ.rowId, delete: true }];
  if (scope === 'all') return [...overrides.map((o) => ({ table: 'calendar_events' as const, id: o.id, delete: true as const })), { table: 'calendar_events', id: series.id, delete: true }];
  const ops: PlannerOp[] = [];
  if (occ.override) ops.push({ table: 'calendar_events', id: occ.rowId, delete: true });
  ops.push({ table: 'calendar_events', id: series.id, fields: { exdates: [...new Set([...dateList(series.exdates), occ.occurrenceDate])], updated_at: now } });
  return ops;
}

/**
 * Marks an occurrence done (or not). The reward event names the series and the occurrence date,
 * which is what the server counts once; un-marking takes nothing back and earns nothing again.
 */
export function completeOps(
  done: boolean,
  occ: { rowId: string; occurrenceDate: string; override: boolean },
  series: PlannerRow,
  now: string,
): { ops: PlannerOp[]; event: { event_type: 'planner_complete'; entity_id: string; skill_id: 'proficiency'; metadata: { occurrence_date: string } } | null } {
  const ops: PlannerOp[] = [];
  const dates = new Set(dateList(series.completed_dates));
  if (done) dates.add(occ.occurrenceDate);
  else dates.delete(occ.occurrenceDate);
  const seriesFields: Record<string, unknown> = { completed_dates: [...dates].sort(), updated_at: now };
  if (!isSeries(series)) seriesFields.completed = done;
  ops.push({ table: 'calendar_events', id: series.id, fields: seriesFields });
  if (occ.override && occ.rowId !== series.id) ops.push({ table: 'calendar_events', id: occ.rowId, fields: { completed: done, updated_at: now } });
  const event = done ? { event_type: 'planner_complete' as const, entity_id: series.id, skill_id: 'proficiency' as const, metadata: { occurrence_date: occ.occurrenceDate } } : null;
  return { ops, event };
}
