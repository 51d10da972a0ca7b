/**
 * The stored recurrence rule as text: the RRULE subset this app writes (daily, weekly on chosen
 * days, monthly; an interval; until or count), read and written without the RRULE library, so
 * the row contracts can check a pushed rule without bringing that library into the first load.
 */
/** What a planner event is (the seed's calendar_events.event_type). */
export const EVENT_TYPES = ['meeting', 'workout', 'focus', 'appointment'] as const;

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAYS)[number];
export type RecurrenceFreq = 'daily' | 'weekly' | 'monthly';

export interface RecurrenceSpec {
  freq: RecurrenceFreq;
  interval: number;
  /** weekly only: the chosen days */
  byDay: WeekdayCode[];
  /** last local date an occurrence may fall on */
  until: string | null;
  count: number | null;
}

const FREQ_CODE: Record<RecurrenceFreq, string> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY' };

/** The stored form: an RRULE body without DTSTART (the event's start is the DTSTART). */
export function toRRule(spec: RecurrenceSpec): string {
  const parts = [`FREQ=${FREQ_CODE[spec.freq]}`];
  if (spec.interval > 1) parts.push(`INTERVAL=${spec.interval}`);
  if (spec.freq === 'weekly' && spec.byDay.length) parts.push(`BYDAY=${WEEKDAYS.filter((d) => spec.byDay.includes(d)).join(',')}`);
  if (spec.until) parts.push(`UNTIL=${spec.until.replaceAll('-', '')}T235959Z`);
  else if (spec.count) parts.push(`COUNT=${spec.count}`);
  return parts.join(';');
}

/** Reads a stored rule; null when it is not one this app makes (or not an RRULE at all). */
export function parseRecurrence(text: string | null | undefined): RecurrenceSpec | null {
  if (!text) return null;
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Z0-9=;,:+-]+$/i.test(body) || body.length > 200) return null;
  const kv = new Map<string, string>();
  for (const part of body.split(';')) {
    const [k, v, extra] = part.split('=');
    if (!k || v === undefined || extra !== undefined || kv.has(k.toUpperCase())) return null;
    kv.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = (Object.keys(FREQ_CODE) as RecurrenceFreq[]).find((f) => FREQ_CODE[f] === kv.get('FREQ'));
  if (!freq) return null;
  for (const k of kv.keys()) if (!['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'COUNT'].includes(k)) return null;
  const interval = kv.has('INTERVAL') ? Number(kv.get('INTERVAL')) : 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 99) return null;
  const byDay = kv.has('BYDAY') ? (kv.get('BYDAY')!.split(',') as WeekdayCode[]) : [];
  if (byDay.some((d) => !WEEKDAYS.includes(d)) || (byDay.length && freq !== 'weekly')) return null;
  let until: string | null = null;
  if (kv.has('UNTIL')) {
    const m = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(kv.get('UNTIL')!);
    if (!m) return null;
    until = `${m[1]}-${m[2]}-${m[3]}`;
    if (Number.isNaN(Date.parse(until))) return null;
  }
  const count = kv.has('COUNT') ? Number(kv.get('COUNT')) : null;
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > 1000)) return null;
  if (until && count) return null;
  return { freq, interval, byDay, until, count };
}

export function describeRecurrence(spec: RecurrenceSpec): string {
  const names: Record<WeekdayCode, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
  const unit = { daily: 'day', weekly: 'week', monthly: 'month' }[spec.freq];
  let text = spec.interval > 1 ? `Every ${spec.interval} ${unit}s` : { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' }[spec.freq];
  if (spec.freq === 'weekly' && spec.byDay.length) text += ` on ${spec.byDay.map((d) => names[d]).join(', ')}`;
  if (spec.until) text += ` until ${spec.until}`;
  else if (spec.count) text += `, ${spec.count} times`;
  return text;
}

