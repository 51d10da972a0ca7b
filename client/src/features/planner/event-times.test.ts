import { describe, expect, it } from 'vitest';
import { expandEvents, zonedToUtc } from '@ignition/shared/rules/recurrence.ts';
import { addWallMinutes, defaultEnd, endAfterStartChange, endDateAfterDateChange, wallMinutesBetween } from './event-times.ts';
import { timeLabel } from './planner-format.ts';
import { onDay } from './time-grid.tsx';

describe('wall-clock arithmetic for the event form', () => {
  it('adds minutes across midnight, month and year ends', () => {
    expect(addWallMinutes({ date: '2026-03-02', time: '09:00' }, 60)).toEqual({ date: '2026-03-02', time: '10:00' });
    expect(addWallMinutes({ date: '2026-03-02', time: '23:30' }, 60)).toEqual({ date: '2026-03-03', time: '00:30' });
    expect(addWallMinutes({ date: '2026-02-28', time: '23:45' }, 30)).toEqual({ date: '2026-03-01', time: '00:15' });
    expect(addWallMinutes({ date: '2026-12-31', time: '23:00' }, 90)).toEqual({ date: '2027-01-01', time: '00:30' });
    expect(addWallMinutes({ date: '2026-03-03', time: '00:15' }, -30)).toEqual({ date: '2026-03-02', time: '23:45' });
  });

  it('leaves an incomplete date or time alone', () => {
    expect(addWallMinutes({ date: '', time: '09:00' }, 60)).toEqual({ date: '', time: '09:00' });
    expect(addWallMinutes({ date: '2026-03-02', time: '' }, 60)).toEqual({ date: '2026-03-02', time: '' });
    expect(wallMinutesBetween({ date: '2026-03-02', time: '' }, { date: '2026-03-02', time: '10:00' })).toBeNull();
  });

  it('measures minutes between two wall-clock moments, ignoring seconds', () => {
    expect(wallMinutesBetween({ date: '2026-03-02', time: '23:30' }, { date: '2026-03-03', time: '00:30' })).toBe(60);
    expect(wallMinutesBetween({ date: '2026-03-02', time: '10:00' }, { date: '2026-03-02', time: '09:15:30' })).toBe(-45);
  });

  it('gives a new event an hour, ending the next day when it starts late', () => {
    expect(defaultEnd({ date: '2026-03-02', time: '09:00' })).toEqual({ date: '2026-03-02', time: '10:00' });
    expect(defaultEnd({ date: '2026-03-02', time: '23:30' })).toEqual({ date: '2026-03-03', time: '00:30' });
  });

  it('moves the end with the start so the event keeps its length', () => {
    const day = '2026-03-02';
    expect(endAfterStartChange({ date: day, time: '09:00' }, { date: day, time: '10:00' }, { date: day, time: '14:00' })).toEqual({ date: day, time: '15:00' });
    expect(endAfterStartChange({ date: day, time: '09:00' }, { date: day, time: '09:30' }, { date: day, time: '23:30' })).toEqual({ date: '2026-03-03', time: '00:00' });
    expect(endAfterStartChange({ date: day, time: '09:00' }, { date: day, time: '10:00' }, { date: day, time: '23:30' })).toEqual({ date: '2026-03-03', time: '00:30' });
    // Back from late at night to the morning: the end comes back to the same day.
    expect(endAfterStartChange({ date: day, time: '23:30' }, { date: '2026-03-03', time: '00:30' }, { date: day, time: '08:00' })).toEqual({ date: day, time: '09:00' });
    // A two-hour block stays two hours.
    expect(endAfterStartChange({ date: day, time: '13:00' }, { date: day, time: '15:00' }, { date: day, time: '07:15' })).toEqual({ date: day, time: '09:15' });
  });

  it('gives a start without a sensible length the default hour', () => {
    const day = '2026-03-02';
    expect(endAfterStartChange({ date: day, time: '10:00' }, { date: day, time: '09:00' }, { date: day, time: '11:00' })).toEqual({ date: day, time: '12:00' });
    expect(endAfterStartChange({ date: day, time: '' }, { date: day, time: '10:00' }, { date: day, time: '11:00' })).toEqual({ date: day, time: '12:00' });
    // An incomplete new start leaves the end where it was.
    expect(endAfterStartChange({ date: day, time: '09:00' }, { date: day, time: '10:00' }, { date: day, time: '' })).toEqual({ date: day, time: '10:00' });
  });

  it('moves the end date as many days as the start date moved', () => {
    expect(endDateAfterDateChange('2026-03-02', '2026-03-02', '2026-03-05')).toBe('2026-03-05');
    expect(endDateAfterDateChange('2026-03-02', '2026-03-03', '2026-03-31')).toBe('2026-04-01');
    expect(endDateAfterDateChange('2026-03-10', '2026-03-12', '2026-03-01')).toBe('2026-03-03');
    // Never before the new start; an unreadable previous date starts over on the new one.
    expect(endDateAfterDateChange('2026-03-10', '2026-03-08', '2026-03-11')).toBe('2026-03-11');
    expect(endDateAfterDateChange('', '2026-03-08', '2026-03-11')).toBe('2026-03-11');
    expect(endDateAfterDateChange('2026-03-10', '2026-03-10', '')).toBe('2026-03-10');
  });
});

describe('timeLabel', () => {
  const tz = 'Europe/Berlin';
  const at = (date: string, time: string) => zonedToUtc(date, time, tz);
  it('marks an event that ends on a later day, but not one that ends at midnight', () => {
    expect(timeLabel({ start: at('2026-03-02', '09:00'), end: at('2026-03-02', '10:00'), allDay: false }, tz)).toBe('09:00–10:00');
    expect(timeLabel({ start: at('2026-03-02', '23:30'), end: at('2026-03-03', '00:30'), allDay: false }, tz)).toBe('23:30–00:30 (+1 day)');
    expect(timeLabel({ start: at('2026-03-02', '23:00'), end: at('2026-03-03', '00:00'), allDay: false }, tz)).toBe('23:00–00:00');
    expect(timeLabel({ start: at('2026-03-02', '22:00'), end: at('2026-03-04', '06:00'), allDay: false }, tz)).toBe('22:00–06:00 (+2 days)');
    expect(timeLabel({ start: at('2026-03-02', '00:00'), end: at('2026-03-03', '00:00'), allDay: true }, tz)).toBe('All day');
  });
});

describe('an event past midnight', () => {
  const tz = 'America/New_York';
  const row = { id: 'late', title: 'Late call', start_time: zonedToUtc('2026-03-02', '23:30', tz), end_time: zonedToUtc('2026-03-03', '00:30', tz), all_day: false };
  it('is found on its start day and on the next, and on no other', () => {
    for (const [day, next] of [['2026-03-02', '2026-03-03'], ['2026-03-03', '2026-03-04']]) {
      const [occ] = expandEvents([row], day, next, tz);
      expect(occ?.row.id).toBe('late');
      expect(onDay(occ, day, tz)).toBe(true);
    }
    const [occ] = expandEvents([row], '2026-03-01', '2026-03-08', tz);
    expect(['2026-03-01', '2026-03-04'].map((d) => onDay(occ, d, tz))).toEqual([false, false]);
    expect(expandEvents([row], '2026-03-04', '2026-03-05', tz)).toHaveLength(0);
  });
});
