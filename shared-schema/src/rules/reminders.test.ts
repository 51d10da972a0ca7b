import { describe, expect, it } from 'vitest';
import { inQuietHours, nextDailyFire, nextTimeOfDay } from './reminders.ts';
import { habitDoneInPeriod, habitStillToDo, isHabitDueOn } from './habit-due.ts';

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
