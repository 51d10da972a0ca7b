import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { carryHabitStreak, computeDailyStreak, computeHabitStreak, continueDailyStreak, isHabitStreakPrefix, MAX_SHIELDS, type DailyStreak, type HabitStreakPrefix } from './streaks.ts';
import { addDays, daysBetween, weekStart } from '../dates.ts';

/** The rule walked day by day on date strings: the model computeDailyStreak must agree with. */
function referenceDailyStreak(activeDates: string[], grants: Array<{ date: string; count: number }>, today: string): DailyStreak {
  const active = new Set(activeDates.filter((d) => d <= today));
  const sorted = [...active].sort();
  const history: DailyStreak['history'] = [];
  let shields = 0;
  type Run = { start: string; end: string; length: number };
  let run = null as Run | null;
  const grantOn = (day: string) => {
    for (const g of grants) if (g.date === day) shields = Math.min(MAX_SHIELDS, shields + g.count);
  };
  // Grants before the first active day still count; walk from the earliest date of all.
  const first = [...sorted, ...grants.map((g) => g.date)].sort()[0];
  if (first === undefined) return { current: 0, best: 0, shields: 0, lastActiveDate: null, history };
  for (let day = first; day <= today; day = addDays(day, 1)) {
    if (active.has(day)) {
      const cur: Run | null = run;
      if (cur && daysBetween(cur.end, day) === 1) run = { ...cur, end: day, length: cur.length + 1 };
      else if (cur && daysBetween(cur.end, day) === 2 && shields > 0) {
        shields--;
        run = { ...cur, end: day, length: cur.length + 1 };
      } else {
        if (cur) history.push(cur);
        run = { start: day, end: day, length: 1 };
      }
    }
    grantOn(day);
  }
  if (run) history.push(run);
  const last = history[history.length - 1];
  const gap = last ? daysBetween(last.end, today) : Infinity;
  const current = last && (gap <= 1 || (gap === 2 && shields > 0)) ? last.length : 0;
  return { current, best: Math.max(0, ...history.map((r) => r.length)), shields, lastActiveDate: last?.end ?? null, history };
}

const days = (start: string, n: number) => Array.from({ length: n }, (_, i) => addDays(start, i));

describe('the daily streak', () => {
  it('agrees with a day-by-day walk of the rule for any dates and shield purchases (across month, year and leap-day boundaries)', () => {
    const day = fc.integer({ min: 0, max: 150 }).map((n) => addDays('2023-12-01', n));
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 120 }),
        fc.array(fc.record({ date: day, count: fc.integer({ min: 1, max: 3 }) }), { maxLength: 6 }),
        day,
        (dates, grants, today) => {
          expect(computeDailyStreak(dates, grants, today)).toEqual(referenceDailyStreak(dates, grants, today));
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['no activity', [], [], '2026-11-24', { current: 0, best: 0 }],
    ['active today only', ['2026-11-24'], [], '2026-11-24', { current: 1, best: 1 }],
    ['three days up to yesterday', days('2026-11-21', 3), [], '2026-11-24', { current: 3, best: 3 }],
    ['a gap of one day without a shield', ['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24'], [], '2026-11-24', { current: 2, best: 2 }],
    ['a gap of one day with a shield', ['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24'], [{ date: '2026-11-01', count: 1 }], '2026-11-24', { current: 4, best: 4, shields: 0 }],
    ['a gap of two days even with shields', ['2026-11-20', '2026-11-23'], [{ date: '2026-11-01', count: 3 }], '2026-11-24', { current: 1, best: 1, shields: 3 }],
    ['last active two days ago', ['2026-11-21', '2026-11-22'], [], '2026-11-24', { current: 0, best: 2 }],
    ['unsorted, duplicated input', ['2026-11-24', '2026-11-22', '2026-11-23', '2026-11-23'], [], '2026-11-24', { current: 3, best: 3 }],
    ['a future date is ignored', ['2026-11-24', '2026-11-27'], [], '2026-11-24', { current: 1, best: 1 }],
  ])('%s', (_n, dates, grants, today, expected) => {
    expect(computeDailyStreak(dates as string[], grants as Array<{ date: string; count: number }>, today)).toMatchObject(expected);
  });

  it('holds at most three shields', () => {
    expect(computeDailyStreak([], [{ date: '2026-11-01', count: 5 }], '2026-11-24').shields).toBe(3);
  });

  it('does not use a shield bought after the missed day', () => {
    const r = computeDailyStreak(['2026-11-20', '2026-11-22'], [{ date: '2026-11-22', count: 1 }], '2026-11-22');
    expect(r.current).toBe(1);
    expect(r.shields).toBe(1);
  });

  it('gives the same result for thirty days however they arrive', () => {
    const month = days('2026-10-26', 30);
    const a = computeDailyStreak(month, [], '2026-11-24');
    const b = computeDailyStreak([...month].reverse(), [], '2026-11-24');
    expect(a).toEqual(b);
    expect(a.current).toBe(30);
  });
});

describe('carrying a streak on to later days (the push path)', () => {
  it('gives what walking every day gives, whenever its conditions hold, and declines otherwise', () => {
    let carried = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }).map((n) => addDays('2023-12-20', n)),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.record({ back: fc.integer({ min: 0, max: 60 }), count: fc.integer({ min: 1, max: 3 }) }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 15 }),
        fc.boolean(),
        (t0, earlierBack, grantSpec, ahead, laterSpec, sameDayToo) => {
          // The stored streak was computed on day t0 from every active day up to it, and every
          // shield bought by then (shields are bought on or before the day they are counted).
          const earlierDates = earlierBack.map((b) => addDays(t0, -b));
          const grants = grantSpec.map((g) => ({ date: addDays(t0, -g.back), count: g.count }));
          const earlier = computeDailyStreak(earlierDates, grants, t0);
          const lastDay = earlier.lastActiveDate!;
          const today = addDays(t0, ahead);
          // Later active days: after the stored last day, up to today (late arrivals included),
          // and maybe more on the last day itself (a day's later pushes); or none at all.
          const span = daysBetween(lastDay, today);
          const later = [...(span >= 1 ? laterSpec.map((n) => addDays(lastDay, 1 + (n % span))) : []), ...(sameDayToo ? [lastDay] : [])];
          const latestGrant = grants.length ? grants.map((g) => g.date).sort()[grants.length - 1] : null;
          const result = continueDailyStreak(earlier, later, latestGrant, today);
          if (latestGrant !== null && latestGrant > lastDay) {
            expect(result).toBeNull();
            return;
          }
          carried++;
          expect(result).toEqual(computeDailyStreak([...earlierDates, ...later], grants, today));
        },
      ),
      { numRuns: 800 },
    );
    // Most runs meet the conditions, so the comparison above is what the test is about.
    expect(carried).toBeGreaterThan(300);
  });

  it('declines a day before the last one, a grant after the last day, and a last day after today', () => {
    const earlier = computeDailyStreak(['2026-11-20', '2026-11-21'], [{ date: '2026-11-01', count: 1 }], '2026-11-21');
    expect(continueDailyStreak(earlier, ['2026-11-19', '2026-11-22'], '2026-11-01', '2026-11-22')).toBeNull();
    // more on the last day, or nothing new: the same days seen from today
    expect(continueDailyStreak(earlier, ['2026-11-21'], '2026-11-01', '2026-11-22')).toMatchObject({ current: 2, best: 2 });
    expect(continueDailyStreak(earlier, [], '2026-11-01', '2026-11-24')).toMatchObject({ current: 0, best: 2 });
    expect(continueDailyStreak(earlier, ['2026-11-23'], '2026-11-22', '2026-11-23')).toBeNull();
    expect(continueDailyStreak(earlier, ['2026-11-20'], null, '2026-11-20')).toBeNull();
    expect(continueDailyStreak(computeDailyStreak([], [], '2026-11-21'), ['2026-11-22'], null, '2026-11-22')).toBeNull();
    // the shield bought on the 1st covers the 22nd, missed
    expect(continueDailyStreak(earlier, ['2026-11-23'], '2026-11-01', '2026-11-23')).toMatchObject({ current: 3, best: 3, shields: 0 });
  });
});

/** The habit rule on date strings, period by period: the model computeHabitStreak must agree with. */
function referenceHabitStreak(logs: Array<{ date: string; count: number }>, frequency: 'daily' | 'weekly', target: number, today: string) {
  const keyOf = (d: string) => (frequency === 'weekly' ? weekStart(d) : d);
  const step = frequency === 'weekly' ? 7 : 1;
  const sums = new Map<string, number>();
  for (const l of logs) if (l.date <= today) sums.set(keyOf(l.date), (sums.get(keyOf(l.date)) ?? 0) + (l.count || 0));
  const met = [...sums.entries()].filter(([, n]) => n >= Math.max(1, target)).map(([k]) => k).sort();
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const k of met) {
    run = prev && daysBetween(prev, k) === step ? run + 1 : 1;
    best = Math.max(best, run);
    prev = k;
  }
  const last = met[met.length - 1];
  const current = last && (last === keyOf(today) || daysBetween(last, keyOf(today)) === step) ? run : 0;
  return { current, best };
}

describe('habit streaks', () => {
  it('agree with the rule walked period by period on date strings, daily and weekly (across year and leap-day boundaries, before 1970 too)', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2023-12-01', n));
    const early = fc.integer({ min: 0, max: 60 }).map((n) => addDays('1969-12-01', n));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.record({ date: day, count: fc.integer({ min: 0, max: 3 }) }), { maxLength: 150 }),
        fc.array(fc.record({ date: early, count: fc.integer({ min: 1, max: 2 }) }), { maxLength: 20 }),
        fc.constantFrom<'daily' | 'weekly'>('daily', 'weekly'),
        fc.integer({ min: 1, max: 4 }),
        day,
        (useEarly, logs, earlyLogs, frequency, target, today) => {
          const all = useEarly ? [...earlyLogs, ...logs] : logs;
          const at = useEarly ? addDays('1970-01-20', 0) : today;
          expect(computeHabitStreak(all, frequency, target, at)).toEqual(referenceHabitStreak(all, frequency, target, at));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('carried on from a stored prefix, give what the whole history gives, push after push (daily and weekly)', () => {
    const push = fc.record({
      // days after the previous push's "today" (0: the same day), and the logs' days before it
      advance: fc.integer({ min: 0, max: 9 }),
      // mostly today's and yesterday's, sometimes a late one from weeks ago or a day ahead
      logs: fc.array(fc.record({ back: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1 }), weight: 4 }, { arbitrary: fc.integer({ min: -1, max: 20 }), weight: 1 }), count: fc.integer({ min: 0, max: 3 }) }), { maxLength: 6 }),
    });
    let carried = 0;
    let walked = 0;
    fc.assert(
      fc.property(fc.constantFrom<'daily' | 'weekly'>('daily', 'weekly'), fc.integer({ min: 1, max: 3 }), fc.array(push, { minLength: 1, maxLength: 25 }), (frequency, target, pushes) => {
        const all: Array<{ date: string; count: number }> = [];
        let today = '2025-12-20';
        let prefix: HabitStreakPrefix | null = null;
        for (const p of pushes) {
          today = addDays(today, p.advance);
          const added = p.logs.map((l) => ({ date: addDays(today, -l.back), count: l.count })); // back -1: a day ahead of the clock
          all.push(...added);
          // As the server does: carry on only when every new log is on or after the stored split.
          const usable: HabitStreakPrefix | null = prefix && added.every((l) => l.date >= prefix!.split) && prefix.split <= today ? prefix : null;
          const tail = usable ? all.filter((l) => l.date >= usable.split) : all;
          const r = carryHabitStreak(usable, tail, frequency, target, today);
          if (usable) carried++;
          else walked++;
          expect({ current: r.current, best: r.best }).toEqual(referenceHabitStreak(all, frequency, target, today));
          expect(isHabitStreakPrefix(JSON.parse(JSON.stringify(r.prefix)), frequency, target)).toBe(true);
          prefix = r.prefix;
        }
      }),
      { numRuns: 400 },
    );
    // Both paths ran, the carried one often.
    expect(carried).toBeGreaterThan(walked);
    expect(walked).toBeGreaterThan(200);
  });

  it('refuses logs the prefix already summed up, and prefixes of another rule', () => {
    const { prefix } = carryHabitStreak(null, [{ date: '2026-11-20', count: 1 }, { date: '2026-11-22', count: 1 }], 'daily', 1, '2026-11-24');
    expect(prefix.split).toBe('2026-11-22');
    expect(() => carryHabitStreak(prefix, [{ date: '2026-11-21', count: 1 }], 'daily', 1, '2026-11-24')).toThrow(RangeError);
    expect(isHabitStreakPrefix(prefix, 'weekly', 1)).toBe(false);
    expect(isHabitStreakPrefix(prefix, 'daily', 2)).toBe(false);
    expect(isHabitStreakPrefix({ ...prefix, best: 0, runLength: 1 }, 'daily', 1)).toBe(false);
    expect(isHabitStreakPrefix([], 'daily', 1)).toBe(false);
  });

  it('counts consecutive days that met the target', () => {
    const logs = [
      { date: '2026-11-20', count: 2 },
      { date: '2026-11-21', count: 1 },
      { date: '2026-11-21', count: 1 },
      { date: '2026-11-22', count: 1 }, // short of 2: breaks
      { date: '2026-11-23', count: 2 },
      { date: '2026-11-24', count: 2 },
    ];
    expect(computeHabitStreak(logs, 'daily', 2, '2026-11-24')).toEqual({ current: 2, best: 2 });
  });

  it('does not break before today is over', () => {
    expect(computeHabitStreak([{ date: '2026-11-23', count: 1 }], 'daily', 1, '2026-11-24')).toEqual({ current: 1, best: 1 });
  });

  it('counts weeks with a target of three across a week boundary', () => {
    const logs = [
      // week of 2026-11-09: 3 → met
      ...['2026-11-09', '2026-11-11', '2026-11-15'].map((date) => ({ date, count: 1 })),
      // week of 2026-11-16: 3 → met (Sunday the 22nd is still that week)
      ...['2026-11-16', '2026-11-20', '2026-11-22'].map((date) => ({ date, count: 1 })),
      // week of 2026-11-23: 1 so far, not over yet
      { date: '2026-11-23', count: 1 },
    ];
    expect(computeHabitStreak(logs, 'weekly', 3, '2026-11-24')).toEqual({ current: 2, best: 2 });
  });

  it('breaks a weekly streak on a week below target, keeping the best', () => {
    const logs = [
      { date: '2026-10-26', count: 2 },
      { date: '2026-11-02', count: 2 },
      { date: '2026-11-09', count: 1 }, // short of 2
      { date: '2026-11-16', count: 2 },
      { date: '2026-11-24', count: 1 },
    ];
    expect(computeHabitStreak(logs, 'weekly', 2, '2026-11-24')).toEqual({ current: 1, best: 2 });
  });

  it('lets one log with a count meet a daily target, and ends at 0 after a missed day', () => {
    const logs = [
      { date: '2026-11-20', count: 3 },
      { date: '2026-11-21', count: 1 },
      { date: '2026-11-21', count: 2 },
    ];
    expect(computeHabitStreak(logs, 'daily', 3, '2026-11-22')).toEqual({ current: 2, best: 2 });
    expect(computeHabitStreak(logs, 'daily', 3, '2026-11-23')).toEqual({ current: 0, best: 2 });
  });
});
