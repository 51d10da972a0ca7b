/*
 * Wall-clock arithmetic for the event form: a moment is a local date ("2026-03-02") and time
 * ("23:30") as the person's clock shows them, with no time zone; the form turns them into UTC
 * instants only when saving (zonedToUtc), so daylight-saving changes don't skew what it shows.
 */
export interface WallTime {
  date: string;
  time: string;
}

export const DEFAULT_LENGTH_MIN = 60;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Minutes since 1970-01-01 00:00 on the wall clock, or null for an incomplete date or time. */
function wallMinutes({ date, time }: WallTime): number | null {
  if (!DATE.test(date) || !TIME.test(time)) return null;
  const ms = Date.parse(`${date}T${time.slice(0, 5)}:00Z`);
  return Number.isFinite(ms) ? ms / 60_000 : null;
}

/** `at` moved by `minutes` on the wall clock, across midnight (and months and years) as needed. */
export function addWallMinutes(at: WallTime, minutes: number): WallTime {
  const m = wallMinutes(at);
  if (m === null) return at;
  const iso = new Date((m + minutes) * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
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
  const moved = wallMinutesBetween({ date: prevDate, time: '00:00' }, { date: nextDate, time: '00:00' });
  if (moved === null || !DATE.test(prevEndDate)) return nextDate;
  const end = addWallMinutes({ date: prevEndDate, time: '00:00' }, moved).date;
  return end < nextDate ? nextDate : end;
}
