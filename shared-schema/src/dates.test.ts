import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localDate, periodKey, weekStart, isValidTimeZone } from './dates.ts';

describe('local dates', () => {
  it.each([
    ['2026-11-24T23:30:00Z', 'UTC', '2026-11-24'],
    ['2026-11-24T23:30:00Z', 'Pacific/Kiritimati', '2026-11-25'], // UTC+14
    ['2026-11-24T05:00:00Z', 'Pacific/Pago_Pago', '2026-11-23'], // UTC-11
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08'], // the night clocks spring forward
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25'], // the night clocks fall back
    ['2026-11-24T12:00:00Z', 'Not/AZone', '2026-11-24'],
  ])('%s in %s is %s', (at, tz, expected) => {
    expect(localDate(at, tz)).toBe(expected);
  });

  it.each([
    ['2026-11-23', '2026-11-23'], // Monday
    ['2026-11-29', '2026-11-23'], // Sunday
    ['2026-11-30', '2026-11-30'],
    ['2027-01-01', '2026-12-28'], // across a year
  ])('the week of %s starts on Monday %s', (d, monday) => {
    expect(weekStart(d)).toBe(monday);
  });

  it('counts a week boundary by the local date far from UTC', () => {
    // Sunday 23:30 in Kiritimati is already Monday there: a new week.
    const instant = '2026-11-29T10:30:00Z';
    expect(periodKey('weekly', localDate(instant, 'Pacific/Kiritimati'))).toBe('2026-11-30');
    expect(periodKey('weekly', localDate(instant, 'Pacific/Pago_Pago'))).toBe('2026-11-23');
  });

  it('adds days and measures gaps across DST and month ends', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(periodKey('one_time', '2026-01-01')).toBe('once');
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
