/*
 * Wall-clock arithmetic for the event form: a moment is a local date ("2026-03-02") and time
 * ("23:30") as the person's clock shows them, with no time zone; the form turns them into UTC
 * instants only when saving (zonedToUtc), so daylight-saving changes don't skew what it shows.
 */
import { addDays, dayNumber, daysBetween } from '@ignition/shared/dates.ts';

export interface WallTime {
  date: string;
  time: string;
}

export const DEFAULT_LENGTH_MIN = 60;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DAY_MIN = 1440;
const pad = (n: number) => String(n).padStart(2, '0');

/** Minutes since 1970-01-01 00:00 on the wall clock (by the shared day numbers), or null for an incomplete date or time. */
function wallMinutes({ date, time }: WallTime): number | null {
  if (!DATE.test(date) || !TIME.test(time)) return null;
  const day = dayNumber(date);
  return Number.isFinite(day) ? day * DAY_MIN + Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) : null;
}

/** `at` moved by `minutes` on the wall clock, across midnight (and months and years) as needed. */
export function addWallMinutes(at: WallTime, minutes: number): WallTime {
  const m = wallMinutes(at);
  if (m === null) return at;
  const total = m + minutes;
  const day = Math.floor(total / DAY_MIN);
  const min = total - day * DAY_MIN;
  return { date: addDays('1970-01-01', day), time: `${pad(Math.floor(min / 60))}:${pad(min % 60)}` };
}

/** Minutes from `a` to `b` on the wall clock (negative when `b` is earlier), or null if either is incomplete. */
export function wallMinutesBetween(a: WallTime, b: WallTime): number | null {
  const ma = wallMinutes(a);
  const mb = wallMinutes(b);
  return ma === null || mb === null ? null : mb - ma;
}

/** The end a new event starting at `start` gets: an hour later, on the next day when that is past midnight. */
export function defaultEnd(start: WallTime): WallTime {
  return addWallMinutes(start, DEFAULT_LENGTH_MIN);
}

/**
 * Where the end goes when the start moves from `prevStart` to `nextStart`: the event keeps its
 * length, as calendar apps do. A length that isn't positive (or can't be read) becomes the default hour.
 */
export function endAfterStartChange(prevStart: WallTime, prevEnd: WallTime, nextStart: WallTime): WallTime {
  if (wallMinutes(nextStart) === null) return prevEnd;
  const length = wallMinutesBetween(prevStart, prevEnd);
  return addWallMinutes(nextStart, length !== null && length > 0 ? length : DEFAULT_LENGTH_MIN);
}

/**
 * Where the end date goes when the start date moves from `prevDate` to `nextDate`: as many days
 * later as the start moved (so the event keeps its length), never before the new start date.
 */
export function endDateAfterDateChange(prevDate: string, prevEndDate: string, nextDate: string): string {
  if (!DATE.test(nextDate)) return prevEndDate;
  if (!DATE.test(prevDate) || !DATE.test(prevEndDate)) return nextDate;
  const end = addDays(prevEndDate, daysBetween(prevDate, nextDate));
  return end < nextDate ? nextDate : end;
}
