/**
 * The field vocabulary of the row contracts (ARCHITECTURE.md rule 9). Each builder gives one
 * field, from one definition: its storage type (for the table registry and Dexie), a declarative
 * description (`desc`: the kind and its limits, from which `contract-zod.ts` builds the zod
 * schema the REST validators use and the row types are inferred) and a precompiled check the
 * sync push runs on every pushed value — a closure over the limits, so the hot path allocates
 * nothing. Nothing here imports zod: the app's first load carries the checks, not a validator
 * library (about 50 KB compressed).
 */
export type ColumnType = 'text' | 'integer' | 'real' | 'bool' | 'json';

export type FieldDesc =
  | { kind: 'text'; max: number }
  | { kind: 'enum'; values: readonly [string, ...string[]] }
  | { kind: 'isoTime' }
  | { kind: 'day' }
  | { kind: 'dayOrTime' }
  | { kind: 'ref' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'real'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'json'; max: number };

/** The value a field holds, as the API and the forms take it. */
export type ValueOf<D extends FieldDesc> = D extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : D extends { kind: 'int' | 'real' }
    ? number
    : D extends { kind: 'bool' }
      ? boolean
      : D extends { kind: 'json' }
        ? unknown
        : string;

/** Who may write a field: anyone who owns the row, or a device only with the one value the server would set. */
export type FieldWriter = { kind: 'client' } | { kind: 'fixed'; value: string | number | boolean; reason: string };

export interface RowField<D extends FieldDesc = FieldDesc> {
  readonly type: ColumnType;
  readonly desc: D;
  readonly writer: FieldWriter;
  /** a non-null value's fault in words ("must be at most 100"), or null when it is fine */
  readonly check: (value: unknown) => string | null;
  /** what the economy reads from it, for the docs (e.g. "quest payout, capped at 100") */
  readonly economy?: string;
  /** the client may only write `value` (e.g. is_global false on a personal reward); `reason` says who sets it */
  fixed(value: string | number | boolean, reason?: string): RowField<D>;
  /** marks the field as read by the economy, with the rule that bounds what it pays */
  pays(rule: string): RowField<D>;
}

function field<D extends FieldDesc>(type: ColumnType, desc: D, check: (v: unknown) => string | null, writer: FieldWriter = { kind: 'client' }, economy?: string): RowField<D> {
  const check2 =
    writer.kind === 'fixed'
      ? (v: unknown) => {
          const base = check(v);
          if (base) return base;
          const same = typeof writer.value === 'boolean' ? v === writer.value || v === (writer.value ? 1 : 0) : v === writer.value;
          return same ? null : writer.reason;
        }
      : check;
  return {
    type,
    desc,
    writer,
    check: check2,
    economy,
    fixed: (value, reason = `is set by the server; a device may only send ${JSON.stringify(value)}`) => field(type, desc, check, { kind: 'fixed', value, reason }, economy),
    pays: (rule) => field(type, desc, check, writer, rule),
  };
}

const LONG_TEXT = 100_000;

/** Text of at most `max` characters. */
export function text(max: number) {
  return field('text', { kind: 'text', max }, (v) => (typeof v !== 'string' ? 'must be text' : v.length > max ? `must be at most ${max.toLocaleString('en-US')} characters` : null));
}

/** Long user-written text (notes, journal, lesson markdown). */
export const longText = (max = LONG_TEXT) => text(max);

/** One of a closed list of values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const set = new Set<unknown>(values);
  const words = `must be one of ${values.join(', ')}`;
  return field('text', { kind: 'enum', values } as { kind: 'enum'; values: T }, (v) => (set.has(v) ? null : words));
}

export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const isIsoTime = (v: unknown) => typeof v === 'string' && v.length <= 40 && ISO_TIME.test(v) && Number.isFinite(Date.parse(v));
/** A point in time, ISO-8601 with a zone (what `new Date().toISOString()` gives). */
export function isoTime() {
  return field('text', { kind: 'isoTime' } as const, (v) => (isIsoTime(v) ? null : 'must be an ISO-8601 time like 2026-01-31T08:00:00.000Z'));
}

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: unknown) => typeof v === 'string' && DAY.test(v) && Number.isFinite(Date.parse(v));
/** A calendar day, YYYY-MM-DD. */
export function day() {
  return field('text', { kind: 'day' } as const, (v) => (isDay(v) ? null : 'must be a date (YYYY-MM-DD)'));
}

/** A day or a time: planner rows hold either, by whether the event is all-day. */
export function dayOrTime() {
  return field('text', { kind: 'dayOrTime' } as const, (v) => (isDay(v) || isIsoTime(v) ? null : 'must be a date (YYYY-MM-DD) or an ISO-8601 time'));
}

export const ROW_ID = /^[A-Za-z0-9_:.-]{1,64}$/;
/** The id of another row. */
export function ref() {
  return field('text', { kind: 'ref' } as const, (v) => (typeof v === 'string' && ROW_ID.test(v) ? null : 'must be a row id (letters, digits and _ : . -, at most 64)'));
}

/** A whole number in [min, max]. */
export function int(min: number, max: number) {
  return field('integer', { kind: 'int', min, max } as { kind: 'int'; min: number; max: number }, (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `must be a whole number from ${grouped(min)} to ${grouped(max)}`,
  );
}

/**
 * A number as `toLocaleString('en-US')` writes it (1,000,000), formatted only when a message needs
 * it: formatting every bound while the contracts were defined cost the app's first load ~80 ms
 * on a slow phone.
 */
function grouped(n: number): string {
  return (enUs ??= new Intl.NumberFormat('en-US')).format(n);
}
let enUs: Intl.NumberFormat | undefined;

/** A number in [min, max]. */
export function real(min: number, max: number) {
  return field('real', { kind: 'real', min, max } as { kind: 'real'; min: number; max: number }, (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? null : `must be a number from ${grouped(min)} to ${grouped(max)}`,
  );
}

/** True or false (stored 1/0; a device may send either form). */
export function bool() {
  return field('bool', { kind: 'bool' } as const, (v) => (typeof v === 'boolean' || v === 0 || v === 1 ? null : 'must be true or false'));
}

/** A JSON value (a list or an object, or its text) of at most `maxChars` once written out. */
export function json(maxChars = LONG_TEXT) {
  return field('json', { kind: 'json', max: maxChars } as { kind: 'json'; max: number }, (v) => {
    let s: string;
    try {
      s = typeof v === 'string' ? v : JSON.stringify(v);
    } catch {
      return 'must be JSON';
    }
    return s === undefined ? 'must be JSON' : s.length > maxChars ? `is too large (at most ${maxChars.toLocaleString('en-US')} characters)` : null;
  });
}

/** The closed list of values a field takes, if it is one (for drizzle's enums and the docs). */
export function enumValues(f: RowField | undefined): readonly string[] | null {
  return f?.desc.kind === 'enum' ? f.desc.values : null;
}
