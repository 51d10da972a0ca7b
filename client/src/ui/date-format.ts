/**
 * `date.toLocaleDateString(locales, options)` / `toLocaleTimeString(locales, options)` for long
 * lists. Each of those calls builds a new Intl.DateTimeFormat (a fraction of a millisecond in
 * Chromium), so a screen listing hundreds of dates spent 100 ms or more on them; here one formatter
 * per `locales` + `options` is reused. The formatters are rebuilt when a second has passed, so a
 * change of the device's time zone or language shows as soon as it would have with toLocale*.
 * `options` must name the fields to show (as every caller does): then the result is the same as
 * toLocaleDateString's and toLocaleTimeString's, including "Invalid Date" for an invalid date.
 */
const MAX_AGE_MS = 1000;
let made = 0;
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatLocal(date: Date, locales: string | string[] | undefined, options: Intl.DateTimeFormatOptions): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  const now = Date.now();
  if (now - made > MAX_AGE_MS || now < made) {
    formatters.clear();
    made = now;
  }
  const key = JSON.stringify([locales ?? null, options]);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locales, options)));
  return f.format(date);
}
