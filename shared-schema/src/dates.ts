/** Civil dates (YYYY-MM-DD) in a person's IANA time zone, with Intl only. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date of an instant in a time zone (an unknown zone falls back to UTC). */
export function localDate(at: string | Date | number, timeZone = 'UTC'): string {
  const d = at instanceof Date ? at : new Date(at);
  // UTC needs no time-zone data (and is what most servers and many users run in).
  if (timeZone === 'UTC' && Number.isFinite(d.getTime())) {
    const y = d.getUTCFullYear();
    if (y >= 0 && y <= 9999) return d.toISOString().slice(0, 10);
  }
  const f = isValidTimeZone(timeZone) ? formatter(timeZone) : formatter('UTC');
  // en-CA formats as YYYY-MM-DD already; formatToParts is the fallback for odd ICU builds.
  const quick = f.format(d);
  if (/^\d{4}-\d{2}-\d{2}$/.test(quick)) return quick;
  const parts = f.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/** A civil date as a whole number of days since 1970-01-01 (differences are day counts). */
export function dayNumber(date: string): number {
  return Math.round(toUtc(date) / 86_400_000);
}
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * 86_400_000);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** Monday of the ISO week that holds this civil date. */
export function weekStart(date: string): string {
  const dow = new Date(toUtc(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

export type Period = 'daily' | 'weekly' | 'one_time';

export function periodKey(period: Period | string, date: string): string {
  if (period === 'weekly') return weekStart(date);
  if (period === 'one_time') return 'once';
  return date;
}
