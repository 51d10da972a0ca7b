import * as rruleNs from 'rrule';
import { addDays, localDate } from '../dates.ts';

/*
 * Recurring planner events. The RRULE library works on "floating" dates: we hand it the
 * event's wall-clock time in the person's zone dressed up as UTC, let it step through days,
 * and turn every wall-clock result back into a real instant in that zone. So a 09:00 weekly
 * event stays at 09:00 on both sides of a daylight-saving change.
 */
// Node loads rrule's CommonJS build (no named exports); Vite loads its ES build.
const cjsDefault = Reflect.get(rruleNs, 'default') as typeof rruleNs | undefined;
const rrule: typeof rruleNs = cjsDefault?.RRule ? cjsDefault : rruleNs;
const { RRule } = rrule;

export { WEEKDAYS, describeRecurrence, parseRecurrence, toRRule, type RecurrenceFreq, type RecurrenceSpec, type WeekdayCode } from './recurrence-rule.ts';
import { parseRecurrence, toRRule } from './recurrence-rule.ts';

const MAX_OCCURRENCES_PER_EXPANSION = 2000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function wallParts(ms: number, tz: string) {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
}

/** The wall clock of an instant in a zone, as a floating date (its UTC fields are the local ones). */
export function toFloating(at: string | number | Date, tz: string): Date {
  const ms = new Date(at).getTime();
  return new Date(wallParts(ms - (ms % 1000), tz) + (ms % 1000));
}

/** The instant at which a zone's clocks show this floating wall-clock time (a skipped hour moves forward). */
export function fromFloating(floating: Date, tz: string): Date {
  const wall = floating.getTime();
  let guess = wall - (wallParts(wall, tz) - wall);
  const shown = wallParts(guess, tz);
  if (shown !== wall) guess += wall - shown;
  return new Date(guess);
}

/** `YYYY-MM-DD` + `HH:MM` in a zone → ISO UTC. */
export function zonedToUtc(date: string, time: string, tz: string): string {
  return fromFloating(new Date(`${date}T${time.length === 5 ? `${time}:00` : time}.000Z`), tz).toISOString();
}

/** ISO UTC → `{ date, time }` on the zone's clock. */
export function utcToZoned(at: string, tz: string): { date: string; time: string } {
  const f = toFloating(at, tz).toISOString();
  return { date: f.slice(0, 10), time: f.slice(11, 16) };
}

export interface PlannerRow {
  id: string;
  start_time?: unknown;
  end_time?: unknown;
  all_day?: unknown;
  recurrence?: unknown;
  recurrence_parent_id?: unknown;
  original_start?: unknown;
  exdates?: unknown;
  completed_dates?: unknown;
  completed?: unknown;
  [k: string]: unknown;
}

export interface Occurrence<R extends PlannerRow = PlannerRow> {
  /** unique per shown item */
  key: string;
  row: R;
  /** the series this belongs to (the parent of an override, else the row itself) */
  seriesId: string;
  /** local date the occurrence was scheduled on (an override keeps its original date) */
  occurrenceDate: string;
  start: string;
  end: string;
  allDay: boolean;
  recurring: boolean;
  override: boolean;
  completed: boolean;
}

export function dateList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      return dateList(JSON.parse(value));
    } catch {
      return [];
    }
  }
  return [];
}

/**
 * Every occurrence that overlaps the local dates [from, to) in zone tz, sorted by start.
 * Overrides replace the occurrence they were made from (the parent lists that date in exdates).
 */
export function expandEvents<R extends PlannerRow>(rows: R[], from: string, to: string, tz: string): Occurrence<R>[] {
  const rangeStart = Date.parse(zonedToUtc(from, '00:00', tz));
  const rangeEnd = Date.parse(zonedToUtc(to, '00:00', tz));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Occurrence<R>[] = [];
  const overlaps = (s: number, e: number) => s < rangeEnd && Math.max(e, s + 1) > rangeStart;
  for (const row of rows) {
    const start = Date.parse(String(row.start_time ?? ''));
    if (!Number.isFinite(start)) continue;
    const endRaw = Date.parse(String(row.end_time ?? ''));
    const duration = Number.isFinite(endRaw) && endRaw > start ? endRaw - start : 3_600_000;
    const allDay = !!row.all_day;
    const parentId = row.recurrence_parent_id ? String(row.recurrence_parent_id) : null;
    const spec = parentId ? null : parseRecurrence(row.recurrence as string);
    if (!spec) {
      if (!overlaps(start, start + duration)) continue;
      const parent = parentId ? byId.get(parentId) : undefined;
      const occurrenceDate = localDate(String(row.original_start ?? row.start_time), tz);
      const completed = !!row.completed || (parent ? dateList(parent.completed_dates).includes(occurrenceDate) : dateList(row.completed_dates).includes(occurrenceDate));
      out.push({ key: row.id, row, seriesId: parentId ?? row.id, occurrenceDate, start: new Date(start).toISOString(), end: new Date(start + duration).toISOString(), allDay, recurring: !!parentId, override: !!parentId, completed });
      continue;
    }
    const floatingStart = toFloating(start, tz);
    const wallDuration = toFloating(start + duration, tz).getTime() - floatingStart.getTime();
    const rule = new RRule({ ...RRule.parseString(toRRule(spec)), dtstart: floatingStart });
    const exdates = new Set(dateList(row.exdates));
    const done = new Set(dateList(row.completed_dates));
    const windowStart = new Date(toFloating(rangeStart, tz).getTime() - wallDuration - 86_400_000);
    const windowEnd = new Date(toFloating(rangeEnd, tz).getTime() + 86_400_000);
    let n = 0;
    rule.between(windowStart, windowEnd, true, () => ++n <= MAX_OCCURRENCES_PER_EXPANSION).forEach((f) => {
      const occurrenceDate = f.toISOString().slice(0, 10);
      if (exdates.has(occurrenceDate)) return;
      const s = fromFloating(f, tz).getTime();
      const e = fromFloating(new Date(f.getTime() + wallDuration), tz).getTime();
      if (!overlaps(s, e)) return;
      out.push({ key: `${row.id}@${occurrenceDate}`, row, seriesId: row.id, occurrenceDate, start: new Date(s).toISOString(), end: new Date(e).toISOString(), allDay, recurring: true, override: false, completed: done.has(occurrenceDate) });
    });
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.key < b.key ? -1 : 1));
}

/** Local dates [from, to) as a list, for building day columns. */
export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to && out.length < 62; d = addDays(d, 1)) out.push(d);
  return out;
}
