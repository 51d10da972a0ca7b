import { addDays, dayNumber } from '../dates.ts';

/**
 * A habit's schedule (issue 23, "habits that fit real lives"). Stored on the habit row as the
 * seed's `frequency` and `target_count` plus three columns of migration 29:
 * - `frequency = 'weekly'`: N times per ISO week (N = target_count), whatever `schedule` says;
 * - `schedule = 'weekdays'` with `schedule_days`, a bit mask of ISO weekdays (Mon 1, Tue 2, Wed 4,
 *   Thu 8, Fri 16, Sat 32, Sun 64): due on those days, target_count each;
 * - `schedule = 'every_n_days'` with `schedule_every` (2..365) and `schedule_start` (a date):
 *   periods of N days from the start date, target_count in each;
 * - otherwise (the seed's meaning, every existing habit): every day, target_count a day.
 * The fields sync one by one (last writer wins per field); whatever mix two devices leave, this
 * reading of them is total and deterministic, so every device and the server agree on it.
 */
export type HabitSchedule =
  | { kind: 'daily' }
  | { kind: 'weekly' }
  | { kind: 'weekdays'; days: number }
  | { kind: 'every_n_days'; every: number; start: string };

export type HabitScheduleKind = HabitSchedule['kind'];
export const HABIT_SCHEDULES = ['weekdays', 'every_n_days'] as const;
export const WEEKDAY_BITS = { mon: 1, tue: 2, wed: 4, thu: 8, fri: 16, sat: 32, sun: 64 } as const;
export const MAX_EVERY_N_DAYS = 365;

/** The habit row's fields a schedule is read from (any may be missing or null). */
export interface HabitScheduleRow {
  frequency?: unknown;
  schedule?: unknown;
  schedule_days?: unknown;
  schedule_every?: unknown;
  schedule_start?: unknown;
  created_at?: unknown;
  [field: string]: unknown;
}

const isDay = (x: unknown): x is string => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) && !Number.isNaN(Date.parse(x));

/** The schedule a habit row means (see HabitSchedule). */
export function habitScheduleOf(h: HabitScheduleRow): HabitSchedule {
  if (h.frequency === 'weekly') return { kind: 'weekly' };
  const days = Number(h.schedule_days);
  if (h.schedule === 'weekdays' && Number.isInteger(days) && days >= 1 && days <= 127) return days === 127 ? { kind: 'daily' } : { kind: 'weekdays', days };
  const every = Number(h.schedule_every);
  if (h.schedule === 'every_n_days' && Number.isInteger(every) && every >= 2 && every <= MAX_EVERY_N_DAYS) {
    const created = typeof h.created_at === 'string' ? h.created_at.slice(0, 10) : '';
    return { kind: 'every_n_days', every, start: isDay(h.schedule_start) ? h.schedule_start : isDay(created) ? created : '2000-01-01' };
  }
  return { kind: 'daily' };
}

/** A short stable text of a schedule (stored with a streak's summary; 'daily' and 'weekly' as before schedules). */
export function scheduleSignature(s: HabitSchedule): string {
  switch (s.kind) {
    case 'weekdays':
      return `weekdays:${s.days}`;
    case 'every_n_days':
      return `every:${s.every}:${s.start}`;
    default:
      return s.kind;
  }
}

/** ISO weekday index of a day number, Monday 0 … Sunday 6 (day 0, 1970-01-01, was a Thursday). */
const isoDow = (day: number) => (((day + 3) % 7) + 7) % 7;
const popcount = (n: number) => {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
};

/**
 * The periods of a schedule as numbers: `key` names a day's period by its first day's day number
 * (null: the day belongs to no period, a weekday the habit is not due), and `ord` numbers the
 * periods in order, so that two periods are consecutive exactly when their `ord`s differ by one.
 * `ordAtOrAfter` is the `ord` of the period holding a day, or of the next one when it has none.
 */
export interface PeriodMath {
  key(day: number): number | null;
  ord(key: number): number;
  ordAtOrAfter(day: number): number;
  /** the average days between periods (for the strength score's pace) */
  spacing: number;
  /** the last day of the period starting at `key` */
  lastDay(key: number): number;
}

export function periodMath(s: HabitSchedule): PeriodMath {
  switch (s.kind) {
    case 'weekly': {
      const key = (day: number) => day - isoDow(day);
      return { key, ord: (k) => Math.floor((k + 3) / 7), ordAtOrAfter: (day) => Math.floor((day + 3) / 7), spacing: 7, lastDay: (k) => k + 6 };
    }
    case 'weekdays': {
      const pc = popcount(s.days);
      const ordOf = (day: number) => Math.floor((day + 3) / 7) * pc + popcount(s.days & ((1 << isoDow(day)) - 1));
      return { key: (day) => ((s.days >> isoDow(day)) & 1 ? day : null), ord: ordOf, ordAtOrAfter: ordOf, spacing: 7 / pc, lastDay: (k) => k };
    }
    case 'every_n_days': {
      const anchor = dayNumber(s.start);
      const n = s.every;
      const idx = (day: number) => Math.floor((day - anchor) / n);
      return { key: (day) => anchor + idx(day) * n, ord: (k) => idx(k), ordAtOrAfter: idx, spacing: n, lastDay: (k) => k + n - 1 };
    }
    default:
      return { key: (day) => day, ord: (k) => k, ordAtOrAfter: (day) => day, spacing: 1, lastDay: (k) => k };
  }
}

/**
 * Whether a habit is due on a local date by its schedule alone: every day for a daily habit and
 * for an N-times-a-week one (any day of the week may count; whether this week's target is met is
 * the caller's to sum), the chosen weekdays, and the first day of each N-day period from the
 * start date (none before it). Skips and logs are not looked at: a reminder asks this, then
 * whether the day (or week) is done or skipped.
 */
export function isHabitDueOn(habit: HabitScheduleRow | HabitSchedule, date: string): boolean {
  const s = 'kind' in habit ? (habit as HabitSchedule) : habitScheduleOf(habit as HabitScheduleRow);
  const day = dayNumber(date);
  switch (s.kind) {
    case 'weekdays':
      return ((s.days >> isoDow(day)) & 1) === 1;
    case 'every_n_days': {
      const d = day - dayNumber(s.start);
      return d >= 0 && d % s.every === 0;
    }
    default:
      return true;
  }
}

/** The first and last day of the period holding a date (a day off of a weekdays habit is its own). */
export function habitPeriodOf(habit: HabitScheduleRow | HabitSchedule, date: string): { start: string; end: string } {
  const s = 'kind' in habit ? (habit as HabitSchedule) : habitScheduleOf(habit as HabitScheduleRow);
  const m = periodMath(s);
  const day = dayNumber(date);
  const k = m.key(day) ?? day;
  return { start: addDays('1970-01-01', k), end: addDays('1970-01-01', m.key(day) === null ? day : m.lastDay(k)) };
}

/** A day of a habit's history: a log (count toward the target) or a skip (`skip: true`, count 0). */
export interface HabitDay {
  date: string;
  count: number;
  skip?: boolean;
}

/**
 * Per period of the schedule up to today: whether it met the target, or is a skipped period (not
 * met, with a skipped day in it: neither breaks nor extends a streak). Periods not listed missed.
 */
export function habitPeriods(entries: HabitDay[], s: HabitSchedule, target: number, today: string, fromKey = -Infinity): Array<{ key: number; ord: number; met: boolean }> {
  const m = periodMath(s);
  const need = Math.max(1, target);
  const sums = new Map<number, { n: number; skip: boolean }>();
  for (const e of entries) {
    if (e.date > today) continue;
    const k = m.key(dayNumber(e.date));
    if (k === null || k < fromKey) continue;
    const cur = sums.get(k) ?? { n: 0, skip: false };
    if (e.skip) cur.skip = true;
    else cur.n += e.count || 0;
    sums.set(k, cur);
  }
  const out: Array<{ key: number; ord: number; met: boolean }> = [];
  for (const [k, v] of sums) if (v.n >= need || v.skip) out.push({ key: k, ord: m.ord(k), met: v.n >= need });
  return out.sort((a, b) => a.key - b.key);
}

export const STRENGTH_HALF_LIFE_FACTOR = 13;

/**
 * The habit's strength, 0..1, like Loop Habit Tracker's score: an exponentially weighted average
 * of its periods, each finished period moving it by `score = score × m + done × (1 − m)` where
 * `done` is the part of the target met (0..1) and m = 0.5^(√spacing / 13), spacing being the days
 * between periods (a daily habit's half-life is 13 days, a weekly one's about 5 weeks). A skipped
 * period and days the habit is not due leave it as it is; the current period counts once met.
 * So one miss after a long run costs a little, not everything. `series` holds the score after
 * each period from `start` (the habit's first day) to today, for a chart.
 */
export function habitStrength(entries: HabitDay[], s: HabitSchedule, target: number, start: string, today: string): { score: number; series: Array<{ date: string; score: number }> } {
  const m = periodMath(s);
  const mult = 0.5 ** (Math.sqrt(m.spacing) / STRENGTH_HALF_LIFE_FACTOR);
  const need = Math.max(1, target);
  const sums = new Map<number, { n: number; skip: boolean }>();
  const todayDay = dayNumber(today);
  let first = dayNumber(start);
  for (const e of entries) {
    const d = dayNumber(e.date);
    if (d > todayDay) continue;
    if (!e.skip && d < first) first = d;
    const k = m.key(d);
    if (k === null) continue;
    const cur = sums.get(k) ?? { n: 0, skip: false };
    if (e.skip) cur.skip = true;
    else cur.n += e.count || 0;
    sums.set(k, cur);
  }
  let score = 0;
  const series: Array<{ date: string; score: number }> = [];
  // Walk day by day (a day's period is looked at on its first day), at most ten years back.
  for (let day = Math.max(first, todayDay - 3660); day <= todayDay; day++) {
    const k = m.key(day);
    if (k === null || (k !== day && day !== first)) continue;
    const v = sums.get(k) ?? { n: 0, skip: false };
    const done = Math.min(1, v.n / need);
    const open = m.lastDay(k) >= todayDay;
    if (v.skip && done < 1) continue;
    if (open && done < 1) continue;
    score = score * mult + done * (1 - mult);
    series.push({ date: addDays('1970-01-01', Math.max(k, first)), score });
  }
  return { score, series };
}
