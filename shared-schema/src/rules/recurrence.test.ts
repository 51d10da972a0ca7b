import { describe, expect, it } from 'vitest';
import { describeRecurrence, expandEvents, parseRecurrence, toRRule, utcToZoned, zonedToUtc, type PlannerRow } from './recurrence.ts';

const weekly = (tz: string, date: string, time: string, rule = 'FREQ=WEEKLY;BYDAY=MO', extra: Partial<PlannerRow> = {}): PlannerRow => ({
  id: 'ev1',
  start_time: zonedToUtc(date, time, tz),
  end_time: new Date(Date.parse(zonedToUtc(date, time, tz)) + 3_600_000).toISOString(),
  recurrence: rule,
  ...extra,
});

describe('recurrence expansion', () => {
  it.each([
    ['Europe/Berlin', '2026-03-16', '2026-04-07', ['08:00', '08:00', '07:00', '07:00']],
    ['America/New_York', '2026-02-23', '2026-03-17', ['14:00', '14:00', '13:00', '13:00']],
    ['Europe/Berlin', '2026-10-19', '2026-11-03', ['07:00', '08:00', '08:00']],
  ])('keeps a 09:00 weekly event at 09:00 local across the daylight-saving change in %s', (tz, from, to, utcTimes) => {
    const occ = expandEvents([weekly(tz, from, '09:00')], from, to, tz);
    expect(occ.map((o) => utcToZoned(o.start, tz).time)).toEqual(utcTimes.map(() => '09:00'));
    expect(occ.map((o) => o.start.slice(11, 16))).toEqual(utcTimes);
    // the hour-long event stays an hour long on both sides
    expect(occ.every((o) => Date.parse(o.end) - Date.parse(o.start) === 3_600_000)).toBe(true);
  });

  it('names each occurrence by its local date, even when that is a different UTC date', () => {
    const tz = 'Pacific/Auckland';
    const occ = expandEvents([weekly(tz, '2026-03-02', '08:00')], '2026-03-01', '2026-03-20', tz);
    expect(occ.map((o) => o.occurrenceDate)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(occ[0].start.slice(0, 10)).toBe('2026-03-01');
  });

  it('repeats weekly on the chosen days only, and stops at the end date', () => {
    const tz = 'UTC';
    const occ = expandEvents([weekly(tz, '2026-06-01', '10:00', 'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260610T235959Z')], '2026-06-01', '2026-07-01', tz);
    expect(occ.map((o) => o.occurrenceDate)).toEqual(['2026-06-01', '2026-06-03', '2026-06-05', '2026-06-08', '2026-06-10']);
  });

  it('repeats daily and monthly, and a count limits the series', () => {
    const tz = 'Europe/London';
    expect(expandEvents([weekly(tz, '2026-01-30', '18:00', 'FREQ=DAILY;COUNT=3')], '2026-01-01', '2026-03-01', tz).map((o) => o.occurrenceDate)).toEqual([
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
    ]);
    expect(expandEvents([weekly(tz, '2026-01-15', '18:00', 'FREQ=MONTHLY')], '2026-01-01', '2026-05-01', tz).map((o) => o.occurrenceDate)).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
    ]);
  });

  it('hides excluded dates and shows the moved override in their place, with completion by date', () => {
    const tz = 'Europe/Berlin';
    const parent = weekly(tz, '2026-03-16', '09:00', 'FREQ=WEEKLY;BYDAY=MO', { exdates: ['2026-03-23'], completed_dates: ['2026-03-30'] });
    const override: PlannerRow = {
      id: 'ov1',
      recurrence_parent_id: 'ev1',
      original_start: zonedToUtc('2026-03-23', '09:00', tz),
      start_time: zonedToUtc('2026-03-24', '15:00', tz),
      end_time: zonedToUtc('2026-03-24', '16:00', tz),
    };
    const occ = expandEvents([parent, override], '2026-03-16', '2026-04-06', tz);
    expect(occ.map((o) => [o.key, o.occurrenceDate, o.completed])).toEqual([
      ['ev1@2026-03-16', '2026-03-16', false],
      ['ov1', '2026-03-23', false],
      ['ev1@2026-03-30', '2026-03-30', true],
    ]);
    expect(occ[1].seriesId).toBe('ev1');
    expect(utcToZoned(occ[1].start, tz)).toEqual({ date: '2026-03-24', time: '15:00' });
  });

  it('includes a one-off event only in ranges it overlaps', () => {
    const row = { id: 'x', start_time: '2026-05-05T23:30:00.000Z', end_time: '2026-05-06T00:30:00.000Z' };
    expect(expandEvents([row], '2026-05-06', '2026-05-07', 'UTC')).toHaveLength(1);
    expect(expandEvents([row], '2026-05-07', '2026-05-08', 'UTC')).toHaveLength(0);
  });
});

describe('recurrence rules', () => {
  it('round-trips the rules the planner makes and describes them', () => {
    const spec = { freq: 'weekly' as const, interval: 1, byDay: ['WE' as const, 'MO' as const], until: '2026-12-31', count: null };
    expect(toRRule(spec)).toBe('FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z');
    expect(parseRecurrence(toRRule(spec))).toEqual({ ...spec, byDay: ['MO', 'WE'] });
    expect(describeRecurrence(parseRecurrence('FREQ=DAILY;INTERVAL=2;COUNT=5')!)).toBe('Every 2 days, 5 times');
  });

  it.each(['FREQ=HOURLY', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=DAILY;BYDAY=MO', 'FREQ=DAILY;COUNT=0', 'FREQ=DAILY;UNTIL=2026;', 'hello', 'FREQ=DAILY;BYHOUR=3'])(
    'rejects %s',
    (text) => expect(parseRecurrence(text)).toBeNull(),
  );
});
