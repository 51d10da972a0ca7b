import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatLocal } from './date-format.ts';

const DATE_OPTIONS: Intl.DateTimeFormatOptions[] = [
  { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  { weekday: 'short', day: 'numeric', month: 'short', year: undefined },
  { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
];
const TIME_OPTIONS: Intl.DateTimeFormatOptions[] = [{ hour: '2-digit', minute: '2-digit' }];
const DATES = ['2026-03-10T12:00:00.000Z', '2024-02-29T23:59:59.999Z', '1999-12-31T00:00:00Z', '2026-11-27T01:00:00+09:00', 'not a date', 'undefined', ''];

describe('formatLocal', () => {
  afterEach(() => vi.useRealTimers());

  it('gives what toLocaleDateString and toLocaleTimeString give, in several locales and for invalid dates', () => {
    for (const locales of [undefined, [], 'en-GB', 'de-DE', ['ja-JP']] as Array<string | string[] | undefined>)
      for (const iso of DATES) {
        const d = new Date(iso);
        for (const o of DATE_OPTIONS) expect(formatLocal(d, locales, o)).toBe(d.toLocaleDateString(locales, o));
        for (const o of TIME_OPTIONS) expect(formatLocal(d, locales, o)).toBe(d.toLocaleTimeString(locales, o));
      }
    expect(formatLocal(new Date('nope'), undefined, DATE_OPTIONS[0])).toBe('Invalid Date');
  });

  it('keeps formatters apart by locale and options, also once they are rebuilt after a second', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T12:00:00Z'));
    const d = new Date('2026-03-10T08:05:00Z');
    const utc: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false };
    const tokyo: Intl.DateTimeFormatOptions = { ...utc, timeZone: 'Asia/Tokyo' };
    expect(formatLocal(d, 'en-GB', utc)).toBe('08:05');
    expect(formatLocal(d, 'en-GB', tokyo)).toBe('17:05');
    expect(formatLocal(d, 'en-GB', utc)).toBe('08:05');
    vi.setSystemTime(new Date('2026-03-10T12:00:02Z'));
    expect(formatLocal(d, 'en-GB', tokyo)).toBe('17:05');
    expect(formatLocal(d, 'en-GB', utc)).toBe('08:05');
  });
});
