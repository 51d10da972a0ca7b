import { addDays, localDate } from '../dates.ts';
import { utcToZoned, zonedToUtc } from './recurrence.ts';

/**
 * When reminders fire: wall-clock times of day in the person's IANA time zone, turned into
 * instants one day at a time, so a 09:00 reminder stays at 09:00 across daylight-saving changes.
 * A time the clocks skip (spring forward) fires just after the gap (01:30 becomes 02:30); a time
 * the clocks show twice (autumn) fires once that day.
 */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface QuietHours {
  enabled: boolean;
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The first instant strictly after `after` at which the zone's clocks show `time` (HH:MM). */
export function nextTimeOfDay(time: string, timeZone: string, after: Date): Date {
  let day = localDate(after, timeZone);
  for (let i = 0; i < 3; i++) {
    const at = new Date(zonedToUtc(day, time, timeZone));
    if (at.getTime() > after.getTime()) return at;
    day = addDays(day, 1);
  }
  /* c8 ignore next: three days always hold a later showing */
  return new Date(zonedToUtc(day, time, timeZone));
}

/** Whether an instant falls in the quiet hours [start, end) on the zone's clock (a range may wrap midnight). */
export function inQuietHours(at: Date, timeZone: string, quiet: QuietHours): boolean {
  if (!quiet.enabled || quiet.start === quiet.end) return false;
  const m = minutesOf(utcToZoned(at.toISOString(), timeZone).time);
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/**
 * The next fire of a daily reminder at `time` after `after`; one that falls in quiet hours waits
 * for their end (so it is delivered once, when the person's quiet time is over).
 */
export function nextDailyFire(time: string, timeZone: string, after: Date, quiet: QuietHours): Date {
  const at = nextTimeOfDay(time, timeZone, after);
  if (!inQuietHours(at, timeZone, quiet)) return at;
  return nextTimeOfDay(quiet.end, timeZone, at);
}
