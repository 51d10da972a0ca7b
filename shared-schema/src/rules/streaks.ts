import { addDays, dayNumber } from '../dates.ts';
import { habitPeriods, periodMath, scheduleSignature, type HabitDay, type HabitSchedule } from './habits.ts';

export const MAX_SHIELDS = 3;

export interface DailyStreak {
  current: number;
  best: number;
  shields: number;
  lastActiveDate: string | null;
  history: Array<{ start: string; end: string; length: number }>;
}

/**
 * The daily streak from the set of local dates with a rewarded event (GAME-RULES.md).
 * Walks the days in order: the next day adds one; a gap of exactly one missed day consumes a
 * held shield (shields are granted on their purchase date, at most 3 held) and the streak goes
 * on; any other gap starts again at 1. The result depends only on the dates, never on the order
 * they arrived in, so a month synced at once gives what living through it would have.
 * The current streak is 0 when the last active day is before yesterday (and no shield covers it).
 */
export function computeDailyStreak(activeDates: string[], shieldGrants: Array<{ date: string; count: number }>, today: string): DailyStreak {
  return walkDays({ history: [], start: '', end: '', length: 0, shields: 0 }, activeDates, shieldGrants, today);
}

/**
 * Carries a streak computed earlier on to later active days, without walking its history again
 * (the server's push path: a person's history grows by a day at a time). The result is the one
 * computeDailyStreak would give over all the days, provided its two conditions hold, and null
 * when they do not (the caller walks everything then):
 * - every later date is on or after `earlier.lastActiveDate`;
 * - no shield was granted after that last day (`latestGrantDate`, the latest grant of all), so
 *   `earlier.shields` holds every grant and none can be one that a walk would only reach later
 *   (a shield bought on a day cannot cover the gap just before it).
 */
export function continueDailyStreak(earlier: DailyStreak, laterDates: string[], latestGrantDate: string | null, today: string): DailyStreak | null {
  const dates = laterDates.filter((d) => d <= today);
  const last = earlier.history[earlier.history.length - 1];
  // (A time zone moved west can make the earlier last day later than today: walk it all then.)
  if (!last || last.end !== earlier.lastActiveDate || last.end > today) return null;
  // More on the last day itself changes nothing (it is active already); with no later day the
  // streak is only looked at from a new today.
  const later = dates.filter((d) => d !== last.end);
  if (later.some((d) => d < last.end) || (latestGrantDate !== null && latestGrantDate > last.end)) return null;
  return walkDays({ history: earlier.history.slice(0, -1), start: last.start, end: last.end, length: last.length, shields: earlier.shields }, later, [], today);
}

/** The walk over active days in order from a state: closed runs, the open run and shields held. */
function walkDays(
  from: { history: DailyStreak['history']; start: string; end: string; length: number; shields: number },
  activeDates: string[],
  shieldGrants: Array<{ date: string; count: number }>,
  today: string,
): DailyStreak {
  const dates = [...new Set(activeDates.filter((d) => d <= today))].sort();
  const grants = [...shieldGrants].sort((a, b) => (a.date < b.date ? -1 : 1));
  // Days as numbers (days since 1970-01-01): one parse per date instead of date arithmetic on
  // strings in the loop, which walks the person's whole history on every push.
  const grantDays = grants.map((gr) => dayNumber(gr.date));
  let shields = from.shields;
  let g = 0;
  const grantUpTo = (day: number) => {
    while (g < grants.length && grantDays[g] <= day) {
      shields = Math.min(MAX_SHIELDS, shields + grants[g].count);
      g++;
    }
  };
  const history: DailyStreak['history'] = [...from.history];
  let { start, end, length } = from;
  let endDay = length > 0 ? dayNumber(end) : 0;
  for (const d of dates) {
    const day = dayNumber(d);
    grantUpTo(day - 1);
    if (length > 0) {
      const gap = day - endDay;
      if (gap === 1) length++;
      else if (gap === 2 && shields > 0) {
        shields--;
        length++;
      } else {
        history.push({ start, end, length });
        start = d;
        length = 1;
      }
    } else {
      start = d;
      length = 1;
    }
    end = d;
    endDay = day;
    grantUpTo(day);
  }
  const todayDay = dayNumber(today);
  grantUpTo(todayDay);
  if (length > 0) history.push({ start, end, length });
  const last = history[history.length - 1];
  let current = 0;
  if (last) {
    const gap = todayDay - endDay;
    if (gap <= 1) current = last.length;
    else if (gap === 2 && shields > 0) current = last.length; // a shield will cover yesterday
  }
  const best = history.reduce((m, r) => Math.max(m, r.length), 0);
  return { current, best, shields, lastActiveDate: last?.end ?? null, history };
}

/**
 * What a habit's streak is counted by: the seed's 'daily' / 'weekly', or any schedule (rules/habits.ts).
 */
export type HabitStreakRule = 'daily' | 'weekly' | HabitSchedule;
const scheduleFrom = (r: HabitStreakRule): HabitSchedule => (typeof r === 'string' ? { kind: r } : r);

/**
 * A habit's streak: consecutive periods of its schedule (days, ISO weeks, chosen weekdays, N-day
 * periods) whose summed count meets the target. A skipped period (not met, with a skip in it)
 * neither breaks nor extends it; the current period, not yet met, does not break it.
 */
export function computeHabitStreak(logs: HabitDay[], frequency: HabitStreakRule, target: number, today: string): { current: number; best: number } {
  const { current, best } = carryHabitStreak(null, logs, frequency, target, today);
  return { current, best };
}

/**
 * What a habit's logs and skips before `split` (the first day of a period) come to, stored beside
 * its streak so that the server's push path carries the streak on from the few logs after `split`
 * instead of reading years of them.
 */
export interface HabitStreakPrefix {
  /** 2 since schedules (a version-1 summary, with weeks by their Monday, is read again from the logs) */
  v: 2;
  /** the schedule's signature ('daily' and 'weekly' as before schedules existed) */
  frequency: string;
  target: number;
  split: string;
  /** the last period before `split` that met the target or was skipped (its `ord`, see periodMath), and the run ending there */
  runEnd: number | null;
  runLength: number;
  best: number;
}

export function isHabitStreakPrefix(x: unknown, frequency: HabitStreakRule, target: number): x is HabitStreakPrefix {
  const p = x as HabitStreakPrefix;
  return (
    !!p &&
    p.v === 2 &&
    p.frequency === scheduleSignature(scheduleFrom(frequency)) &&
    p.target === Math.max(1, target) &&
    typeof p.split === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(p.split) &&
    (p.runEnd === null || Number.isInteger(p.runEnd)) &&
    Number.isInteger(p.runLength) &&
    p.runLength >= 0 &&
    Number.isInteger(p.best) &&
    p.best >= p.runLength
  );
}

/**
 * computeHabitStreak over the logs a `prefix` sums up followed by `logs` (and skips, `skip: true`),
 * which must all be on or after `prefix.split` (all of them when there is no prefix); the result
 * is the one the whole history gives. It also returns the prefix to store next: it stops before
 * the latest period with a log or skip up to today, which may still change.
 */
export function carryHabitStreak(
  prefix: HabitStreakPrefix | null,
  logs: HabitDay[],
  frequency: HabitStreakRule,
  target: number,
  today: string,
): { current: number; best: number; prefix: HabitStreakPrefix } {
  const schedule = scheduleFrom(frequency);
  const m = periodMath(schedule);
  const need = Math.max(1, target);
  const splitKey = prefix ? dayNumber(prefix.split) : -Infinity;
  const todayDay = dayNumber(today);
  const nowKey = m.key(todayDay) ?? todayDay;
  let latest = -Infinity;
  for (const l of logs) {
    if (l.date > today) continue;
    const k = m.key(dayNumber(l.date));
    if (k === null) continue;
    if (k < splitKey) throw new RangeError(`a log of ${l.date} is already summed up in the prefix before ${prefix!.split}`);
    if (k > latest) latest = k;
  }
  const periods = habitPeriods(logs, schedule, need, today);
  // The next prefix stops before the latest period logged (today's when nothing is logged yet).
  const nextSplit = Math.max(splitKey, latest === -Infinity ? nowKey : latest);
  let best = prefix?.best ?? 0;
  let run = prefix?.runLength ?? 0;
  let prev: number | null = prefix?.runEnd ?? null;
  let before: { runEnd: number | null; runLength: number; best: number } | null = null;
  for (const p of periods) {
    if (before === null && p.key >= nextSplit) before = { runEnd: prev, runLength: run, best };
    if (prev === null || p.ord - prev !== 1) run = 0;
    if (p.met) run++;
    best = Math.max(best, run);
    prev = p.ord;
  }
  before ??= { runEnd: prev, runLength: run, best };
  const nowOrd = m.ordAtOrAfter(todayDay);
  const current = prev !== null && (prev === nowOrd || nowOrd - prev === 1) ? run : 0;
  return { current, best, prefix: { v: 2, frequency: scheduleSignature(schedule), target: need, split: addDays('1970-01-01', nextSplit), ...before } };
}
