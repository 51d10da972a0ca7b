import { useEffect, useState } from 'react';
import { db, type Row } from '../../db/db.ts';
import { displayWeight, MAX_REPS, parseRepTarget, storedKg, typedWeightError, type WeightUnit } from '@ignition/shared/rules/fitness.ts';
import type { PlannedExercise } from './session-logic.ts';

export interface Draft {
  weight: string;
  reps: string;
  rpe: string;
  notes: string;
  warmup: boolean;
}

const draftKey = (sessionId: string, exerciseId: string) => `exercise_draft:${sessionId}:${exerciseId}`;

/** What the next set most likely is: this session's last set, else last time's same set, else the target. */
export function suggestDraft(sets: Row[], previous: Row[], plan: PlannedExercise | undefined, unit: WeightUnit): Draft {
  const last = sets[sets.length - 1];
  const prev = previous[sets.length] ?? previous[previous.length - 1];
  const base = last ?? prev;
  const target = parseRepTarget(plan?.reps);
  const weightKg = base ? Number(base.weight ?? 0) : plan?.weight ?? null;
  const reps = base ? Number(base.reps ?? 0) : target?.max ?? null;
  return { weight: weightKg == null ? '' : displayWeight(weightKg, unit), reps: reps ? String(reps) : '', rpe: '', notes: '', warmup: false };
}

/**
 * The inputs of the next set. Every change is kept in IndexedDB too, so a reload or a killed
 * tab mid-typing comes back with the same numbers.
 */
export function useDraft(sessionId: string, exerciseId: string, suggested: Draft) {
  const [draft, setDraftState] = useState<Draft | null>(null);
  useEffect(() => {
    let live = true;
    void db.meta.get(draftKey(sessionId, exerciseId)).then((m) => live && setDraftState((m?.value as Draft | undefined) ?? null));
    return () => void (live = false);
  }, [sessionId, exerciseId]);
  const value = draft ?? suggested;
  const setDraft = (patch: Partial<Draft>) => {
    const next = { ...value, ...patch };
    setDraftState(next);
    void db.meta.put({ key: draftKey(sessionId, exerciseId), value: next });
  };
  /**
   * After logging, the next set is suggested from the set just logged, so the typed draft is
   * dropped: at once on screen, and from storage once the set itself is written (`forget`).
   */
  const reset = () => setDraftState(null);
  const forget = () => db.meta.delete(draftKey(sessionId, exerciseId));
  return { draft: value, setDraft, reset, forget };
}

export function clearDrafts(sessionId: string) {
  return db.meta.where('key').startsWith(`exercise_draft:${sessionId}:`).delete();
}

/**
 * `known`: weights (kg) already on screen — this session's sets, last time's, the target. A
 * typed weight that reads exactly as one of them is that weight: 60 kg shown as 132.3 lb and
 * logged again stays 60 kg, not 60.01 kg (which would count as a heavier lift).
 */
export function parseDraft(d: Draft, unit: WeightUnit, known: number[] = []): { ok: true; weight: number; reps: number; rpe: number | null } | { ok: false; error: string } {
  const w = d.weight.trim() === '' ? 0 : Number(d.weight.replace(',', '.'));
  const reps = Number(d.reps);
  const rpe = d.rpe === '' ? null : Number(d.rpe);
  const weightError = typedWeightError(w, unit);
  if (weightError) return { ok: false, error: weightError };
  if (!Number.isInteger(reps) || reps < 1 || reps > MAX_REPS) return { ok: false, error: 'Enter the reps you did (at least 1)' };
  if (rpe !== null && (!(rpe >= 1) || rpe > 10)) return { ok: false, error: 'RPE is from 1 to 10' };
  const same = known.find((kg) => Number.isFinite(kg) && Number(displayWeight(kg, unit)) === w);
  return { ok: true, weight: same ?? storedKg(w, unit), reps, rpe };
}

export function step(value: string, by: number, min = 0): string {
  const n = Number(value.replace(',', '.')) || 0;
  return String(Math.max(min, Math.round((n + by) * 100) / 100));
}
