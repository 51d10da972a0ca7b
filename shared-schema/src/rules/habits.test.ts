import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { habitPeriodOf, habitScheduleOf, habitStrength, isHabitDueOn, WEEKDAY_BITS as W, type HabitDay, type HabitSchedule } from './habits.ts';
import { carryHabitStreak, computeHabitStreak, isHabitStreakPrefix, type HabitStreakPrefix } from './streaks.ts';
import { addDays, daysBetween, weekStart } from '../dates.ts';

const MWF = W.mon | W.wed | W.fri;
const mwf: HabitSchedule = { kind: 'weekdays', days: MWF };
const every3: HabitSchedule = { kind: 'every_n_days', every: 3, start: '2026-11-02' };

describe('reading a schedule from a habit row', () => {
  it.each([
    [{}, { kind: 'daily' }],
    [{ frequency: 'daily' }, { kind: 'daily' }],
    [{ frequency: 'weekly', schedule: 'weekdays', schedule_days: MWF }, { kind: 'weekly' }],
    [{ frequency: 'daily', schedule: 'weekdays', schedule_days: MWF }, { kind: 'weekdays', days: MWF }],
    [{ schedule: 'weekdays', schedule_days: 127 }, { kind: 'daily' }],
    [{ schedule: 'weekdays', schedule_days: 0 }, { kind: 'daily' }],
    [{ schedule: 'weekdays', schedule_days: 128 }, { kind: 'daily' }],
    [{ schedule: 'weekdays', schedule_days: null, schedule_every: 3 }, { kind: 'daily' }],
    [{ schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-11-02' }, every3],
    [{ schedule: 'every_n_days', schedule_every: 3, created_at: '2026-10-01T08:00:00.000Z' }, { kind: 'every_n_days', every: 3, start: '2026-10-01' }],
    [{ schedule: 'every_n_days', schedule_every: 3, schedule_start: 'soon' }, { kind: 'every_n_days', every: 3, start: '2000-01-01' }],
    [{ schedule: 'every_n_days', schedule_every: 1, schedule_start: '2026-11-02' }, { kind: 'daily' }],
    [{ schedule: 'every_n_days', schedule_every: 2.5 }, { kind: 'daily' }],
    [{ schedule: 'hourly' }, { kind: 'daily' }],
  ])('%j reads as %j', (row, schedule) => {
    expect(habitScheduleOf(row)).toEqual(schedule);
  });
});

describe('isHabitDueOn', () => {
  // 2026-11-02 is a Monday.
  it.each([
    [{ kind: 'daily' } as HabitSchedule, '2026-11-03', true],
    [{ kind: 'weekly' } as HabitSchedule, '2026-11-08', true],
    [mwf, '2026-11-02', true],
    [mwf, '2026-11-03', false],
    [mwf, '2026-11-04', true],
    [mwf, '2026-11-06', true],
    [mwf, '2026-11-07', false],
    [mwf, '2026-11-08', false],
    [{ kind: 'weekdays', days: W.sun } as HabitSchedule, '2026-11-08', true],
    [every3, '2026-11-02', true],
    [every3, '2026-11-03', false],
    [every3, '2026-11-05', true],
    [every3, '2026-11-01', false],
    [every3, '2026-10-30', false],
    [{ kind: 'every_n_days', every: 2, start: '2024-02-28' } as HabitSchedule, '2024-03-01', true],
  ])('%j on %s: %s', (schedule, date, due) => {
    expect(isHabitDueOn(schedule, date)).toBe(due);
  });

  it('takes a habit row as well', () => {
    expect(isHabitDueOn({ frequency: 'daily', schedule: 'weekdays', schedule_days: MWF }, '2026-11-03')).toBe(false);
    expect(isHabitDueOn({ frequency: 'daily' }, '2026-11-03')).toBe(true);
  });

  it.each([
    [{ kind: 'weekly' } as HabitSchedule, '2026-11-05', '2026-11-02', '2026-11-08'],
    [every3, '2026-11-06', '2026-11-05', '2026-11-07'],
    [mwf, '2026-11-03', '2026-11-03', '2026-11-03'],
    [{ kind: 'daily' } as HabitSchedule, '2026-11-03', '2026-11-03', '2026-11-03'],
  ])('the period of %j holding %s runs %s..%s', (schedule, date, start, end) => {
    expect(habitPeriodOf(schedule, date)).toEqual({ start, end });
  });
});

const log = (date: string, count = 1): HabitDay => ({ date, count });
const skip = (date: string): HabitDay => ({ date, count: 0, skip: true });

describe('streaks by schedule, with skips', () => {
  it.each<[string, HabitSchedule | 'daily' | 'weekly', number, HabitDay[], string, { current: number; best: number }]>([
    ['Mon/Wed/Fri: the days between do not break it', mwf, 1, [log('2026-11-02'), log('2026-11-04'), log('2026-11-06')], '2026-11-08', { current: 3, best: 3 }],
    ['Mon/Wed/Fri: a missed Wednesday does', mwf, 1, [log('2026-11-02'), log('2026-11-06')], '2026-11-07', { current: 1, best: 1 }],
    ['Mon/Wed/Fri: a log on Tuesday counts for nothing', mwf, 1, [log('2026-11-02'), log('2026-11-03')], '2026-11-03', { current: 1, best: 1 }],
    ['Mon/Wed/Fri: a skipped Wednesday neither breaks nor extends', mwf, 1, [log('2026-11-02'), skip('2026-11-04'), log('2026-11-06')], '2026-11-06', { current: 2, best: 2 }],
    ['Mon/Wed/Fri: Monday not yet done keeps Friday\'s run', mwf, 1, [log('2026-11-02'), log('2026-11-04'), log('2026-11-06')], '2026-11-09', { current: 3, best: 3 }],
    ['Mon/Wed/Fri: Monday missed breaks it on Tuesday', mwf, 1, [log('2026-11-02'), log('2026-11-04'), log('2026-11-06')], '2026-11-10', { current: 0, best: 3 }],
    ['daily: a skip bridges a gap', 'daily', 1, [log('2026-11-01'), skip('2026-11-02'), log('2026-11-03')], '2026-11-03', { current: 2, best: 2 }],
    ['daily: a vacation week bridges it', 'daily', 1, [log('2026-11-01'), ...[2, 3, 4, 5, 6, 7, 8].map((d) => skip(`2026-11-0${d}`)), log('2026-11-09')], '2026-11-09', { current: 2, best: 2 }],
    ['daily: skipped today keeps it', 'daily', 1, [log('2026-11-01'), log('2026-11-02'), skip('2026-11-03')], '2026-11-03', { current: 2, best: 2 }],
    ['daily: skips alone make no streak', 'daily', 1, [skip('2026-11-01'), skip('2026-11-02')], '2026-11-02', { current: 0, best: 0 }],
    ['daily: a skipped day that was also done counts', 'daily', 1, [log('2026-11-01'), log('2026-11-02'), skip('2026-11-02')], '2026-11-02', { current: 2, best: 2 }],
    ['daily: a skip ahead of today is not yet looked at', 'daily', 1, [log('2026-11-01'), skip('2026-11-03')], '2026-11-04', { current: 0, best: 1 }],
    ['twice a day: one log and a skip is skipped, not missed', 'daily', 2, [log('2026-11-01', 2), log('2026-11-02'), skip('2026-11-02'), log('2026-11-03', 2)], '2026-11-03', { current: 2, best: 2 }],
    ['3 times a week: a week short of it with a skip is skipped', 'weekly', 3, [log('2026-11-02', 3), log('2026-11-09'), skip('2026-11-12'), log('2026-11-16', 3)], '2026-11-17', { current: 2, best: 2 }],
    ['3 times a week: a week short of it breaks', 'weekly', 3, [log('2026-11-02', 3), log('2026-11-09'), log('2026-11-16', 3)], '2026-11-17', { current: 1, best: 1 }],
    ['every 3 days: any day of the period counts', every3, 1, [log('2026-11-02'), log('2026-11-07'), log('2026-11-08')], '2026-11-09', { current: 3, best: 3 }],
    ['every 3 days: a period without a log breaks', every3, 1, [log('2026-11-02'), log('2026-11-08')], '2026-11-09', { current: 1, best: 1 }],
    ['every 3 days: a skipped period does not', every3, 1, [log('2026-11-02'), skip('2026-11-05'), log('2026-11-08')], '2026-11-09', { current: 2, best: 2 }],
  ])('%s', (_, rule, target, logs, today, expected) => {
    expect(computeHabitStreak(logs, rule, target, today)).toEqual(expected);
  });
});

/**
 * The rule walked day by day on date strings (Date's own weekday, weekStart, daysBetween), the
 * model the period arithmetic must agree with: list the periods from the first entry to today,
 * each met, skipped (not met, a skip in it) or missed; a met one adds one, a skipped one nothing,
 * a missed one ends the run, except the current period, which only counts once met.
 */
function referenceStreak(entries: HabitDay[], s: HabitSchedule, target: number, today: string) {
  const periodOf = (date: string): string | null => {
    if (s.kind === 'weekly') return weekStart(date);
    if (s.kind === 'weekdays') return (s.days >> ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7)) & 1 ? date : null;
    if (s.kind === 'every_n_days') return addDays(s.start, Math.floor(daysBetween(s.start, date) / s.every) * s.every);
    return date;
  };
  const seen = entries.filter((e) => e.date <= today).map((e) => e.date).sort();
  if (seen.length === 0) return { current: 0, best: 0 };
  const order: string[] = [];
  const state = new Map<string, { n: number; skip: boolean }>();
  for (let d = seen[0]; d <= today; d = addDays(d, 1)) {
    const p = periodOf(d);
    if (p !== null && !state.has(p)) {
      state.set(p, { n: 0, skip: false });
      order.push(p);
    }
  }
  for (const e of entries) {
    const p = e.date <= today ? periodOf(e.date) : null;
    const st = p === null ? undefined : state.get(p);
    if (!st) continue;
    if (e.skip) st.skip = true;
    else st.n += e.count;
  }
  const current = periodOf(today) ?? null;
  let run = 0;
  let best = 0;
  for (const p of order) {
    const st = state.get(p)!;
    if (st.n >= target) run++;
    else if (st.skip) continue;
    else if (p === current) continue;
    else run = 0;
    best = Math.max(best, run);
  }
  return { current: run, best };
}

const scheduleArb: fc.Arbitrary<HabitSchedule> = fc.oneof(
  fc.constant<HabitSchedule>({ kind: 'daily' }),
  fc.constant<HabitSchedule>({ kind: 'weekly' }),
  fc.integer({ min: 1, max: 126 }).map((days): HabitSchedule => ({ kind: 'weekdays', days })),
  fc.record({ every: fc.integer({ min: 2, max: 9 }), back: fc.integer({ min: -30, max: 200 }) }).map(({ every, back }): HabitSchedule => ({ kind: 'every_n_days', every, start: addDays('2024-02-20', back) })),
);

describe('streaks by schedule and skips, against the day-by-day walk', () => {
  it('agree for any schedule, logs and skips (across leap days and year ends)', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2023-12-01', n));
    const entry = fc.record({ date: day, count: fc.integer({ min: 0, max: 3 }), skip: fc.boolean() }).map((e) => (e.skip ? { date: e.date, count: 0, skip: true } : { date: e.date, count: e.count }));
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 1, max: 3 }), fc.array(entry, { maxLength: 150 }), day, (s, target, entries, today) => {
        expect(computeHabitStreak(entries, s, target, today)).toEqual(referenceStreak(entries, s, target, today));
      }),
      { numRuns: 600 },
    );
  });

  it('carried on from a stored prefix, push after push (an offline month arriving at once, late logs and skips), give the whole history', () => {
    const push = fc.record({
      advance: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 }, { arbitrary: fc.constant(30), weight: 1 }),
      entries: fc.array(
        fc.record({ back: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1 }), weight: 4 }, { arbitrary: fc.integer({ min: -1, max: 30 }), weight: 1 }), count: fc.integer({ min: 0, max: 3 }), skip: fc.boolean() }),
        { maxLength: 30 },
      ),
    });
    let carried = 0;
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 1, max: 3 }), fc.array(push, { minLength: 1, maxLength: 20 }), (s, target, pushes) => {
        const all: HabitDay[] = [];
        let today = '2025-12-20';
        let prefix: HabitStreakPrefix | null = null;
        for (const p of pushes) {
          today = addDays(today, p.advance);
          const added = p.entries.map((e) => ({ date: addDays(today, -e.back), count: e.skip ? 0 : e.count, ...(e.skip ? { skip: true } : {}) }));
          all.push(...added);
          const usable: HabitStreakPrefix | null = prefix && added.every((l) => l.date >= prefix!.split) && prefix.split <= today ? prefix : null;
          if (usable) carried++;
          const r = carryHabitStreak(usable, usable ? all.filter((l) => l.date >= usable.split) : all, s, target, today);
          expect({ current: r.current, best: r.best }).toEqual(referenceStreak(all, s, target, today));
          expect(isHabitStreakPrefix(JSON.parse(JSON.stringify(r.prefix)), s, target)).toBe(true);
          prefix = r.prefix;
        }
      }),
      { numRuns: 300 },
    );
    expect(carried).toBeGreaterThan(300);
  });

  it('a summary of one schedule is not taken for another', () => {
    const { prefix } = carryHabitStreak(null, [log('2026-11-02')], mwf, 1, '2026-11-04');
    expect(isHabitStreakPrefix(prefix, mwf, 1)).toBe(true);
    expect(isHabitStreakPrefix(prefix, { kind: 'weekdays', days: W.mon }, 1)).toBe(false);
    expect(isHabitStreakPrefix(prefix, 'daily', 1)).toBe(false);
    expect(isHabitStreakPrefix({ ...prefix, v: 1 }, mwf, 1)).toBe(false);
  });
});

describe('habit strength', () => {
  const daily: HabitSchedule = { kind: 'daily' };
  const run = (from: string, n: number) => Array.from({ length: n }, (_, i) => log(addDays(from, i)));

  it.each<[string, HabitSchedule, HabitDay[], string, string, number, number]>([
    ['nothing done', daily, [], '2026-11-01', '2026-11-30', 0, 0.0001],
    ['a long daily run reads high', daily, run('2026-01-01', 300), '2026-01-01', '2026-10-27', 0.99, 1],
    ['one miss after a long run costs a little, not everything', daily, [...run('2026-01-01', 299), log('2026-10-28')], '2026-01-01', '2026-10-28', 0.9, 0.98],
    ['today not yet done is not a miss', daily, run('2026-01-01', 300), '2026-01-01', '2026-10-28', 0.99, 1],
    ['half the days done reads about half', daily, Array.from({ length: 100 }, (_, i) => log(addDays('2026-01-01', 2 * i))), '2026-01-01', '2026-07-19', 0.4, 0.6],
    ['Mon/Wed/Fri done every due day reads high', mwf, Array.from({ length: 300 }, (_, i) => addDays('2026-01-01', i)).filter((d) => isHabitDueOn(mwf, d)).map((d) => log(d)), '2026-01-01', '2026-10-27', 0.95, 1],
  ])('%s', (_, s, entries, start, today, lo, hi) => {
    const { score } = habitStrength(entries, s, 1, start, today);
    expect(score).toBeGreaterThanOrEqual(lo);
    expect(score).toBeLessThanOrEqual(hi);
  });

  it('a skipped day leaves it as it was; a missed one lowers it', () => {
    const base = run('2026-01-01', 60);
    const day = '2026-03-02';
    const plain = habitStrength(base, daily, 1, '2026-01-01', '2026-03-01').score;
    expect(habitStrength([...base, skip(day)], daily, 1, '2026-01-01', '2026-03-03').score).toBeCloseTo(plain, 10);
    expect(habitStrength(base, daily, 1, '2026-01-01', '2026-03-03').score).toBeLessThan(plain);
  });

  it('gives a point per finished period for the chart, the last one the score', () => {
    const r = habitStrength(run('2026-11-01', 5), daily, 1, '2026-11-01', '2026-11-06');
    expect(r.series.map((p) => p.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
    expect(r.series.at(-1)!.score).toBe(r.score);
    expect(r.series.every((p, i) => i === 0 || p.score > r.series[i - 1].score)).toBe(true);
  });
});
