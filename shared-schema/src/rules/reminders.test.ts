import { describe, expect, it } from 'vitest';
import { inQuietHours, nextDailyFire, nextTimeOfDay } from './reminders.ts';
import { habitDoneInPeriod, habitPeriodStart, habitStillToDo, isHabitDueOn } from './habit-due.ts';
import { WEEKDAY_BITS } from './habits.ts';

const OFF = { enabled: false, start: '22:00', end: '07:00' };
const QUIET = { enabled: true, start: '22:00', end: '07:00' };

describe('nextTimeOfDay across daylight-saving changes', () => {
  it.each([
    // Europe/London: BST from 2026-03-29 01:00Z, GMT again from 2026-10-25 01:00Z
    ['09:00', 'Europe/London', '2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z'],
    ['09:00', 'Europe/London', '2026-03-27T23:00:00.000Z', '2026-03-28T09:00:00.000Z'],
    ['09:00', 'Europe/London', '2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z'],
    // a skipped wall time fires just after the gap (01:30 GMT does not exist; 02:30 BST = 01:30Z)
    ['01:30', 'Europe/London', '2026-03-29T00:00:00.000Z', '2026-03-29T01:30:00.000Z'],
    // a repeated wall time fires once that day
    ['01:30', 'Europe/London', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    // America/New_York: EDT from 2026-03-08 07:00Z, EST again from 2026-11-01 06:00Z
    ['09:00', 'America/New_York', '2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'],
    ['09:00', 'America/New_York', '2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z'],
    ['21:00', 'America/New_York', '2026-11-01T00:00:00.000Z', '2026-11-01T01:00:00.000Z'],
    ['21:00', 'America/New_York', '2026-11-01T01:00:00.000Z', '2026-11-02T02:00:00.000Z'],
    ['07:15', 'UTC', '2026-06-01T07:15:00.000Z', '2026-06-02T07:15:00.000Z'],
    ['07:15', 'UTC', '2026-06-01T07:14:59.999Z', '2026-06-01T07:15:00.000Z'],
  ])('%s in %s after %s → %s', (time, tz, after, expected) => {
    expect(nextTimeOfDay(time, tz, new Date(after)).toISOString()).toBe(expected);
  });

  it('fires exactly once per local day through a whole year of changes', () => {
    for (const tz of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe']) {
      let at = new Date('2026-01-01T00:00:00.000Z');
      const days = new Set<string>();
      for (let i = 0; i < 365; i++) {
        at = nextTimeOfDay('01:30', tz, at);
        const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(at);
        expect(days.has(day), `${tz} ${day}`).toBe(false);
        days.add(day);
      }
      expect(days.size).toBe(365);
    }
  });
});

describe('quiet hours', () => {
  it.each([
    ['2026-06-01T21:59:00.000Z', 'UTC', QUIET, false],
    ['2026-06-01T22:00:00.000Z', 'UTC', QUIET, true],
    ['2026-06-02T06:59:00.000Z', 'UTC', QUIET, true],
    ['2026-06-02T07:00:00.000Z', 'UTC', QUIET, false],
    ['2026-06-01T22:30:00.000Z', 'UTC', OFF, false],
    // 22:30 BST is 21:30Z
    ['2026-06-01T21:30:00.000Z', 'Europe/London', QUIET, true],
    ['2026-06-01T13:00:00.000Z', 'UTC', { enabled: true, start: '12:00', end: '14:00' }, true],
    ['2026-06-01T14:00:00.000Z', 'UTC', { enabled: true, start: '12:00', end: '14:00' }, false],
  ])('%s in %s %j → %s', (at, tz, quiet, expected) => {
    expect(inQuietHours(new Date(at), tz, quiet)).toBe(expected);
  });

  it('a daily reminder inside quiet hours waits for their end, on the right side of a DST change', () => {
    // 23:00 London on Saturday 2026-03-28 is quiet: it waits to 07:00 BST on Sunday (06:00Z)
    expect(nextDailyFire('23:00', 'Europe/London', new Date('2026-03-28T12:00:00.000Z'), QUIET).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(nextDailyFire('23:00', 'Europe/London', new Date('2026-03-28T12:00:00.000Z'), OFF).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(nextDailyFire('09:00', 'Europe/London', new Date('2026-03-28T12:00:00.000Z'), QUIET).toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });
});

describe('habits due and still to do', () => {
  const daily = { frequency: 'daily', target_count: 1 };
  const weekly = { frequency: 'weekly', target_count: 3 };
  it.each([
    [daily, [], '2026-06-03', true],
    [daily, [{ date: '2026-06-03', count: 1 }], '2026-06-03', false],
    [daily, [{ date: '2026-06-02', count: 1 }], '2026-06-03', true],
    [{ ...daily, archived: 1 }, [], '2026-06-03', false],
    // Wednesday 2026-06-03 is in the week of Monday 2026-06-01
    [weekly, [{ date: '2026-06-01', count: 2 }], '2026-06-03', true],
    [weekly, [{ date: '2026-06-01', count: 2 }, { date: '2026-06-02', count: 1 }], '2026-06-03', false],
    [weekly, [{ date: '2026-05-31', count: 3 }], '2026-06-03', true],
  ])('%j with %j on %s → %s', (habit, logs, date, expected) => {
    expect(habitStillToDo(habit, logs, date)).toBe(expected);
  });
  it('isHabitDueOn and the period count', () => {
    expect(isHabitDueOn(daily, '2026-06-03')).toBe(true);
    expect(habitDoneInPeriod(weekly, [{ date: '2026-06-01', count: 2 }, { date: '2026-06-04', count: 5 }], '2026-06-03')).toBe(2);
  });
});

describe('habits due and still to do, by the real schedule (habits.ts) and skips', () => {
  // 2026-06-01 is a Monday.
  const mwf = { frequency: 'daily', target_count: 1, schedule: 'weekdays', schedule_days: WEEKDAY_BITS.mon | WEEKDAY_BITS.wed | WEEKDAY_BITS.fri };
  const every3 = { frequency: 'daily', target_count: 1, schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-06-01' };
  const daily = { frequency: 'daily', target_count: 1 };
  const weekly3 = { frequency: 'weekly', target_count: 3 };
  type Case = [string, Record<string, unknown>, Array<{ date: string; count: number }>, string[], string, boolean];
  it.each<Case>([
    // Mon/Wed/Fri: due on its weekdays, never on Tuesday
    ['Mon/Wed/Fri on a Monday', mwf, [], [], '2026-06-01', true],
    ['Mon/Wed/Fri on a Tuesday', mwf, [], [], '2026-06-02', false],
    ['Mon/Wed/Fri on a Wednesday (Monday done)', mwf, [{ date: '2026-06-01', count: 1 }], [], '2026-06-03', true],
    ['Mon/Wed/Fri on a Friday, done', mwf, [{ date: '2026-06-05', count: 1 }], [], '2026-06-05', false],
    ['Mon/Wed/Fri on a Sunday', mwf, [], [], '2026-06-07', false],
    ['Mon/Wed/Fri archived, on a Monday', { ...mwf, archived: 1 }, [], [], '2026-06-01', false],
    // every 3 days from Monday: due Mon 1st, Thu 4th, Sun 7th; not between, not before the start
    ['every 3 days, its first day', every3, [], [], '2026-06-01', true],
    ['every 3 days, the day after', every3, [], [], '2026-06-02', false],
    ['every 3 days, two days after', every3, [], [], '2026-06-03', false],
    ['every 3 days, the next period', every3, [{ date: '2026-06-01', count: 1 }], [], '2026-06-04', true],
    ['every 3 days, the next period done', every3, [{ date: '2026-06-04', count: 1 }], [], '2026-06-04', false],
    ['every 3 days, before its start', every3, [], [], '2026-05-29', false],
    // a skipped day is never still to do; a skip of another day changes nothing
    ['daily, skipped that day', daily, [], ['2026-06-03'], '2026-06-03', false],
    ['daily, skipped the day before', daily, [], ['2026-06-02'], '2026-06-03', true],
    ['Mon/Wed/Fri, the Wednesday skipped', mwf, [], ['2026-06-03'], '2026-06-03', false],
    ['every 3 days, its day skipped', every3, [], ['2026-06-04'], '2026-06-04', false],
    ['3 a week, skipped today', weekly3, [], ['2026-06-03'], '2026-06-03', false],
    ['3 a week, Monday skipped, asked Wednesday', weekly3, [], ['2026-06-01'], '2026-06-03', true],
    // N times a week: done N times this week is done; last week's logs do not count
    ['3 a week, done 3 times', weekly3, [{ date: '2026-06-01', count: 1 }, { date: '2026-06-02', count: 1 }, { date: '2026-06-03', count: 1 }], [], '2026-06-04', false],
    ['3 a week, done 3 times at once', weekly3, [{ date: '2026-06-02', count: 3 }], [], '2026-06-07', false],
    ['3 a week, done twice', weekly3, [{ date: '2026-06-01', count: 1 }, { date: '2026-06-03', count: 1 }], [], '2026-06-04', true],
    ['3 a week, done 3 times last week', weekly3, [{ date: '2026-05-27', count: 3 }], [], '2026-06-01', true],
  ])('%s', (_name, habit, logs, skipped, date, expected) => {
    expect(habitStillToDo(habit, logs, date, skipped)).toBe(expected);
    expect(habitStillToDo(habit, logs, date, new Set(skipped))).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['daily', daily, '2026-06-03', '2026-06-03'],
    ['3 a week: its ISO week', weekly3, '2026-06-07', '2026-06-01'],
    ['every 3 days: its period', every3, '2026-06-06', '2026-06-04'],
    ['Mon/Wed/Fri: the day', mwf, '2026-06-03', '2026-06-03'],
  ])('the period of %s holding %s starts on %s', (_name, habit, date, start) => {
    expect(habitPeriodStart(habit, date)).toBe(start);
  });

  it('isHabitDueOn is the schedule and not archived', () => {
    expect(isHabitDueOn(mwf, '2026-06-02')).toBe(false);
    expect(isHabitDueOn(every3, '2026-06-07')).toBe(true);
    expect(isHabitDueOn({ ...daily, archived: true }, '2026-06-03')).toBe(false);
    expect(habitDoneInPeriod(every3, [{ date: '2026-06-01', count: 1 }, { date: '2026-06-05', count: 2 }], '2026-06-06')).toBe(2);
  });
});
