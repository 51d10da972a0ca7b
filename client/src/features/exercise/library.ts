import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import { useSettingsRow } from '../../sync/settings-row.ts';
import { commit, newId } from '../../sync/outbox.ts';
import type { WeightUnit } from '@ignition/shared/rules/fitness.ts';

/** Bump when the shipped dataset changes so existing installs add the new rows. */
const LIBRARY_VERSION = 'free-exercise-db-873-v1';
const META_KEY = 'exercise_library';
const LIBRARY_BATCH = 100;
let loading: Promise<void> | null = null;

/**
 * Puts the built-in library into IndexedDB once, with no account and no network: the JSON is
 * its own lazily loaded chunk (precached by the service worker), never in the first paint.
 * These are shared rows with the server's ids, so a later pull overwrites them harmlessly;
 * they are not the person's writes, so they skip the outbox.
 */
export function ensureExerciseLibrary(database: IgnitionDb = defaultDb): Promise<void> {
  if (database === defaultDb && loading) return loading;
  const run = (async () => {
    if ((await database.meta.get(META_KEY))?.value === LIBRARY_VERSION) return;
    const [{ default: facts }, { exerciseRow }] = await Promise.all([
      import('../../../../shared-schema/data/exercises.json'),
      import('@ignition/shared/exercise-library.ts'),
    ]);
    const have = new Set((await database.exercises.toCollection().primaryKeys()) as string[]);
    const rows = (facts as Parameters<typeof exerciseRow>[0][]).map(exerciseRow).filter((r) => !have.has(r.id));
    // In batches with a breath between them: 873 rows in one go was one long task that held up a
    // phone's first screen. An interrupted run is finished by the next (rows already there are
    // skipped; the version mark is written last).
    for (let i = 0; i < rows.length; i += LIBRARY_BATCH) {
      if (i > 0) await new Promise((r) => setTimeout(r, 0));
      await database.exercises.bulkPut(rows.slice(i, i + LIBRARY_BATCH).map((r) => ({ ...r, user_id: null })));
    }
    await database.meta.put({ key: META_KEY, value: LIBRARY_VERSION });
  })();
  if (database === defaultDb) loading = run.catch((e) => ((loading = null), Promise.reject(e)));
  return run;
}

/** The whole library (built-in and custom), sorted by name; undefined while it first loads. */
export function useExercises(): Row[] | undefined {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    ensureExerciseLibrary()
      .catch(() => undefined)
      .finally(() => live && setReady(true));
    return () => void (live = false);
  }, []);
  return useLiveQuery(async () => (ready ? await defaultDb.exercises.orderBy('name').toArray() : undefined), [ready]);
}

export interface ExerciseFilter {
  q?: string;
  muscle?: string;
  equipment?: string;
  category?: string;
}

const muscles = (e: Row) => (Array.isArray(e.muscle_groups) ? (e.muscle_groups as string[]) : []);

/** Offline search: every word in the name, then exact muscle / equipment / category matches. */
export function filterExercises(all: Row[], f: ExerciseFilter): Row[] {
  const words = (f.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return all.filter((e) => {
    const name = String(e.name ?? '').toLowerCase();
    if (!words.every((w) => name.includes(w))) return false;
    if (f.muscle && !muscles(e).includes(f.muscle)) return false;
    if (f.equipment && String(e.equipment ?? '') !== f.equipment) return false;
    if (f.category && String(e.category ?? '') !== f.category) return false;
    return true;
  });
}

/** The values a filter can take, from the library itself. */
export function facets(all: Row[]) {
  const m = new Set<string>();
  const eq = new Set<string>();
  const cat = new Set<string>();
  for (const e of all) {
    muscles(e).forEach((x) => m.add(x));
    if (e.equipment) eq.add(String(e.equipment));
    if (e.category) cat.add(String(e.category));
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { muscles: sorted(m), equipment: sorted(eq), categories: sorted(cat) };
}

export async function createCustomExercise(input: { name: string; category: string; muscle: string; equipment: string; instructions: string }): Promise<string> {
  const id = `exu_${newId()}`;
  await commit([
    {
      table: 'exercises',
      id,
      fields: {
        name: input.name.trim(),
        category: input.category,
        muscle_groups: [input.muscle],
        secondary_muscles: [],
        equipment: input.equipment || null,
        instructions: input.instructions.trim() || null,
        is_custom: true,
      },
    },
  ]);
  return id;
}

/** The person's kg/lb choice, kept in their settings row (weights are always stored in kg). */
export function useWeightUnit(): [WeightUnit, (u: WeightUnit) => Promise<void>] {
  const [settings, save] = useSettingsRow();
  const unit: WeightUnit = settings?.weight_unit === 'lb' ? 'lb' : 'kg';
  const set = (u: WeightUnit) => save({ weight_unit: u });
  return [unit, set];
}

export const exerciseName = (map: Map<string, Row>, id: string) => String(map.get(id)?.name ?? 'Exercise');
