import { tableSpec, type ColumnType } from '../tables.ts';

/**
 * Which fields of a write really change a stored row. Both write paths (the client's `commit`
 * and the server's REST writes) stamp, store and send only these, so a form that saves every
 * field it shows does not turn a one-field edit into a claim on every field: per-field
 * last-writer-wins (ARCHITECTURE.md §5 rule 4) then keeps another device's edit of another field.
 *
 * `updated_at` is a touch stamp, not an edit: it is kept only when some other field of the same
 * write really changed, and then it is stamped like that field. It never makes a write a change
 * by itself, and it is its own field in the merge, so it never overrides another field's edit.
 */
export const TOUCH_FIELDS: ReadonlySet<string> = new Set(['updated_at']);

const isNullish = (v: unknown) => v === null || v === undefined;

function parsedJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function asBool(v: unknown): unknown {
  if (v === true || v === 1 || v === '1') return true;
  if (v === false || v === 0 || v === '0') return false;
  return v;
}

/** Structural equality of JSON-like values (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bkeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return keys.length === bkeys.length && keys.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

/**
 * The same value as the column stores it: SQLite keeps bools as 0/1 and JSON as text, a pulled
 * row carries true/false and parsed JSON, and a missing field is the same as null (the person
 * saw it empty and left it so).
 */
export function sameFieldValue(type: ColumnType | undefined, stored: unknown, given: unknown): boolean {
  if (isNullish(stored) || isNullish(given)) return isNullish(stored) && isNullish(given);
  if (type === 'bool') return asBool(stored) === asBool(given);
  if (type === 'json') return deepEqual(parsedJson(stored), parsedJson(given));
  if ((type === 'integer' || type === 'real') && typeof stored !== typeof given) return Number(stored) === Number(given);
  return deepEqual(stored, given);
}

/**
 * The fields of `given` to write over `stored`: all of them for a row not stored yet, else the
 * ones whose value differs, plus touch stamps when anything else changed. Empty means the
 * write changes nothing (for a stored row). `id` and `user_id` are never fields of a write.
 */
export function changedFields(table: string, stored: Record<string, unknown> | undefined, given: Record<string, unknown>): Record<string, unknown> {
  // An undefined value is no value: JSON drops it on the way to the server, so it changes nothing.
  const fields = Object.fromEntries(Object.entries(given).filter(([k, v]) => v !== undefined && k !== 'id' && k !== 'user_id'));
  if (!stored) return fields;
  const columns = tableSpec(table)?.columns ?? {};
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (TOUCH_FIELDS.has(field)) continue;
    const type = Object.hasOwn(columns, field) ? columns[field] : undefined;
    if (!sameFieldValue(type, stored[field], value)) out[field] = value;
  }
  if (Object.keys(out).length === 0) return out;
  for (const field of Object.keys(fields)) if (TOUCH_FIELDS.has(field)) out[field] = fields[field];
  return out;
}
