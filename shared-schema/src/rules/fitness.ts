/** Weights are stored in kilograms; the person chooses kg or lb for display and entry. */
export const KG_PER_LB = 0.45359237;
export type WeightUnit = 'kg' | 'lb';
/** Differences under half a gram are conversion noise (100 kg typed as 220.462 lb is a tie). */
const EPS = 5e-4;

export function toKg(value: number, unit: WeightUnit): number {
  return unit === 'lb' ? value * KG_PER_LB : value;
}

/** What is stored: kilograms to the gram, so the same pounds typed twice store the same number. */
export function storedKg(value: number, unit: WeightUnit): number {
  return Math.round(toKg(value, unit) * 1000) / 1000;
}

/** A stored weight as the person reads it: at most one decimal in their unit (225 lb, 102.1 kg). */
export function displayWeight(kg: number | null | undefined, unit: WeightUnit): string {
  if (kg == null || !Number.isFinite(kg)) return '';
  const v = Math.round(fromKg(kg, unit) * 10) / 10;
  return String(v);
}

export function fromKg(kg: number, unit: WeightUnit): number {
  return unit === 'lb' ? kg / KG_PER_LB : kg;
}

/** Epley: weight × (1 + reps / 30); a single is the weight itself. */
export function estimate1RM(weight: number, reps: number): number {
  if (reps <= 0 || weight <= 0) return 0;
  return reps === 1 ? weight : weight * (1 + reps / 30);
}

export interface SetLike {
  id: string;
  weight: number;
  reps: number;
  is_warmup?: boolean;
  session_id?: string;
}

export function setVolume(s: SetLike): number {
  return s.is_warmup ? 0 : Math.max(0, s.weight) * Math.max(0, s.reps);
}

export function sessionVolume(sets: SetLike[]): number {
  return sets.reduce((a, s) => a + setVolume(s), 0);
}

export interface Bests {
  maxWeight: number;
  repsAtWeight: Map<string, number>;
  best1RM: number;
  bestVolume: number;
}

const weightKey = (w: number) => (Math.round(w * 100) / 100).toFixed(2);

/** The bests so far from earlier working sets (warm-ups never count). */
export function bestsFromHistory(history: SetLike[]): Bests {
  const b: Bests = { maxWeight: 0, repsAtWeight: new Map(), best1RM: 0, bestVolume: 0 };
  const volumes = new Map<string, number>();
  for (const s of history) {
    if (s.is_warmup || s.reps <= 0) continue;
    b.maxWeight = Math.max(b.maxWeight, s.weight);
    const k = weightKey(s.weight);
    b.repsAtWeight.set(k, Math.max(b.repsAtWeight.get(k) ?? 0, s.reps));
    b.best1RM = Math.max(b.best1RM, estimate1RM(s.weight, s.reps));
    const sid = s.session_id ?? '';
    volumes.set(sid, (volumes.get(sid) ?? 0) + setVolume(s));
  }
  for (const v of volumes.values()) b.bestVolume = Math.max(b.bestVolume, v);
  return b;
}

export type RecordType = 'weight' | 'reps' | 'e1rm' | 'volume';
export interface PersonalRecord {
  record_type: RecordType;
  value: number;
  set_id: string;
}

/**
 * Records a session's working sets of one exercise set against the earlier bests. A tie is not a
 * record; "most reps at a weight" needs an earlier set at that weight; each kind is reported
 * once, for the set that beat it by the most.
 */
export function detectPersonalRecords(previous: Bests, sessionSets: SetLike[]): PersonalRecord[] {
  const working = sessionSets.filter((s) => !s.is_warmup && s.reps > 0);
  if (working.length === 0) return [];
  const out: PersonalRecord[] = [];
  const heaviest = working.reduce((a, s) => (s.weight > a.weight + EPS ? s : a));
  if (heaviest.weight > previous.maxWeight + EPS) out.push({ record_type: 'weight', value: heaviest.weight, set_id: heaviest.id });
  let repsBest: PersonalRecord | null = null;
  for (const s of working) {
    const before = previous.repsAtWeight.get(weightKey(s.weight));
    if (before !== undefined && s.reps > before && (!repsBest || s.reps > repsBest.value)) repsBest = { record_type: 'reps', value: s.reps, set_id: s.id };
  }
  if (repsBest) out.push(repsBest);
  const top = working.reduce((a, s) => (estimate1RM(s.weight, s.reps) > estimate1RM(a.weight, a.reps) + EPS ? s : a));
  const e1rm = estimate1RM(top.weight, top.reps);
  if (e1rm > previous.best1RM + EPS) out.push({ record_type: 'e1rm', value: Math.round(e1rm * 100) / 100, set_id: top.id });
  const volume = sessionVolume(working);
  if (volume > previous.bestVolume + EPS) out.push({ record_type: 'volume', value: volume, set_id: working[working.length - 1].id });
  return out;
}

/** Rep targets are a number ("8") or a range ("8-12"). */
export function parseRepTarget(reps: string | number | null | undefined): { min: number; max: number } | null {
  if (reps == null || reps === '') return null;
  const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(String(reps));
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] ? Number(m[2]) : min;
  return min <= max ? { min, max } : null;
}

/** The seed's `workout_sections.section_type`. */
export const SECTION_TYPES = ['warmup', 'main', 'cooldown', 'superset', 'circuit'] as const;
/** Limits a stored (kilogram) weight, rep count and rest must stay within: the app's inputs allow no more. */
export const MAX_WEIGHT_KG = 2000;
export const MAX_REPS = 1000;
export const MAX_REST_SECONDS = 3600;

/**
 * What is wrong with a weight typed in the person's unit, or null: the forms use this so they
 * accept exactly what the server's `fitnessFieldError` accepts once stored in kilograms.
 */
export function typedWeightError(value: number, unit: WeightUnit): string | null {
  if (Number.isFinite(value) && value >= 0 && storedKg(value, unit) <= MAX_WEIGHT_KG) return null;
  return `Enter a weight between 0 and ${displayWeight(MAX_WEIGHT_KG, unit)} ${unit}`;
}

const inRange = (v: unknown, min: number, max: number) => v === null || v === undefined || (typeof v === 'number' && v >= min && v <= max);

/**
 * What is wrong with the fields a client writes to a workout row, or null. The server applies
 * this to every pushed change (only the fields present, so a partial edit is checked too);
 * types are checked before this, so numbers here are numbers.
 */
export function fitnessFieldError(table: string, fields: Record<string, unknown>): string | null {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(fields, k);
  if (table === 'workout_sets') {
    if (has('weight') && !inRange(fields.weight, 0, MAX_WEIGHT_KG)) return `weight must be 0–${MAX_WEIGHT_KG} kg`;
    if (has('reps') && !inRange(fields.reps, 0, MAX_REPS)) return `reps must be 0–${MAX_REPS}`;
    if (has('rpe') && !inRange(fields.rpe, 1, 10)) return 'RPE must be from 1 to 10';
    if (has('set_number') && !inRange(fields.set_number, 1, MAX_REPS)) return `set_number must be 1–${MAX_REPS}`;
  } else if (table === 'workout_exercises') {
    if (has('sets') && !inRange(fields.sets, 1, 100)) return 'sets must be 1–100';
    if (has('reps') && fields.reps != null && !parseRepTarget(fields.reps as string)) return 'reps must be a number or a range such as "8-12"';
    if (has('weight') && !inRange(fields.weight, 0, MAX_WEIGHT_KG)) return `weight must be 0–${MAX_WEIGHT_KG} kg`;
    if (has('rest_seconds') && !inRange(fields.rest_seconds, 0, MAX_REST_SECONDS)) return `rest_seconds must be 0–${MAX_REST_SECONDS}`;
  } else if (table === 'workout_sections') {
    if (has('section_type') && !(SECTION_TYPES as readonly unknown[]).includes(fields.section_type)) return `section_type must be one of ${SECTION_TYPES.join(', ')}`;
  }
  return null;
}
