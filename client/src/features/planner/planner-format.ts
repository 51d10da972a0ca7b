import type { Row } from '../../db/db.ts';
import { addDays, daysBetween, weekStart } from '@ignition/shared/dates.ts';
import { DEFAULT_COLOR, type PlannerEventType } from '@ignition/shared/rules/planner-edits.ts';
import { utcToZoned } from '@ignition/shared/rules/recurrence.ts';
import type { Occ } from './planner-actions.ts';

export type PlannerView = 'day' | 'week' | 'month';

const noonUtc = (date: string) => new Date(`${date}T12:00:00Z`);

export function dayLabel(date: string, style: 'short' | 'long' = 'short'): string {
  return noonUtc(date).toLocaleDateString(undefined, style === 'long' ? { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' } : { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function monthLabel(date: string): string {
  return noonUtc(date).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function timeLabel(occ: Pick<Occ, 'start' | 'end' | 'allDay'>, tz: string): string {
  if (occ.allDay) return 'All day';
  const start = utcToZoned(occ.start, tz);
  const end = utcToZoned(occ.end, tz);
  // An event past midnight says so; one that ends exactly at midnight still belongs to its day.
  const lastMinute = utcToZoned(new Date(Math.max(Date.parse(occ.start), Date.parse(occ.end) - 60_000)).toISOString(), tz);
  const later = daysBetween(start.date, lastMinute.date);
  return `${start.time}–${end.time}${later === 1 ? ' (+1 day)' : later > 1 ? ` (+${later} days)` : ''}`;
}

export function eventColor(row: Row): string {
  return (row.color as string) || DEFAULT_COLOR[row.event_type as PlannerEventType] || '#3b82f6';
}

/** The local dates [from, to) a view shows around its anchor date. */
export function viewRange(view: PlannerView, anchor: string): { from: string; to: string } {
  if (view === 'day') return { from: anchor, to: addDays(anchor, 1) };
  if (view === 'week') {
    const from = weekStart(anchor);
    return { from, to: addDays(from, 7) };
  }
  const from = weekStart(`${anchor.slice(0, 7)}-01`);
  return { from, to: addDays(from, 42) };
}

export function stepAnchor(view: PlannerView, anchor: string, dir: 1 | -1): string {
  if (view === 'day') return addDays(anchor, dir);
  if (view === 'week') return addDays(anchor, 7 * dir);
  const y = Number(anchor.slice(0, 4));
  const m = Number(anchor.slice(5, 7)) - 1 + dir;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

export function rangeTitle(view: PlannerView, anchor: string): string {
  if (view === 'day') return dayLabel(anchor, 'long');
  if (view === 'month') return monthLabel(anchor);
  const { from, to } = viewRange('week', anchor);
  const last = addDays(to, -1);
  const f = noonUtc(from).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const l = noonUtc(last).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${f} – ${l}`;
}
