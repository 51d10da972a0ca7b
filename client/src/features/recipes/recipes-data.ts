import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { pauseTimer, resumeTimer, startTimer, stepsOf, tagsOf, timerState, type RecipeStep, type StepTimer } from '@ignition/shared/rules/recipes.ts';
import { starterRecipeRows } from '@ignition/shared/starter-recipes.ts';
import { db as defaultDb, type IgnitionDb, type RecipeRun, type Row } from '../../db/db.ts';
import { addMissing } from '../../db/seed-shared.ts';
import { commit, newId, todayLocal, type WriteOp } from '../../sync/outbox.ts';

/**
 * Every Recipes write: recipe rows and marks through `commit` (offline first, synced by the
 * outbox), and follow mode's runs in the device-only `recipe_runs` store, whose step timers are
 * timestamps (so a reload or a locked phone loses nothing).
 */
const STARTER_KEY = 'starter_recipes_v1';

/**
 * Puts the starter recipes into this device's database once, so a fresh offline install can
 * follow one. Shared rows with the server's fixed ids: no outbox; a pull overwrites them. Done
 * once per device, so a starter an admin removes (and a pull deletes) does not come back.
 */
export async function ensureStarterRecipes(database: IgnitionDb = defaultDb): Promise<void> {
  await database.transaction('rw', [database.recipes, database.meta], async () => {
    if ((await database.meta.get(STARTER_KEY))?.value) return;
    await addMissing(database.recipes, starterRecipeRows());
    await database.meta.put({ key: STARTER_KEY, value: true });
  });
}

export interface RecipeView {
  id: string;
  row: Row;
  title: string;
  description: string;
  category: string;
  tags: string[];
  steps: RecipeStep[];
  servings: number | null;
  duration_minutes: number | null;
  ingredients: string;
  global: boolean;
  favorite: boolean;
  saved: boolean;
  /** this person's mark rows for it (usually one) */
  markIds: string[];
}

const flag = (v: unknown) => v === true || v === 1;

/** Recipes as the screens show them, with the person's marks (any device's mark row counts). */
export function recipeViews(rows: Row[], marks: Row[]): RecipeView[] {
  const byRecipe = new Map<string, Row[]>();
  for (const m of marks) byRecipe.set(String(m.recipe_id), [...(byRecipe.get(String(m.recipe_id)) ?? []), m]);
  return rows
    .map((r) => {
      const ms = byRecipe.get(r.id) ?? [];
      return {
        id: r.id,
        row: r,
        title: String(r.title ?? ''),
        description: String(r.description ?? ''),
        category: String(r.category ?? ''),
        tags: tagsOf(r.tags),
        steps: stepsOf({ steps: r.steps, instructions: r.instructions }),
        servings: typeof r.servings === 'number' ? r.servings : null,
        duration_minutes: typeof r.duration_minutes === 'number' ? r.duration_minutes : null,
        ingredients: String(r.ingredients ?? ''),
        global: flag(r.is_global),
        favorite: ms.some((m) => flag(m.favorite)),
        saved: ms.some((m) => flag(m.saved)),
        markIds: ms.map((m) => m.id),
      };
    })
    .sort((a, b) => Number(b.favorite) - Number(a.favorite) || a.title.localeCompare(b.title));
}

export interface RecipeFilter {
  category?: string;
  tag?: string;
  q?: string;
  show?: 'all' | 'favorites' | 'saved' | 'mine';
}

export function filterRecipes(list: RecipeView[], f: RecipeFilter): RecipeView[] {
  const needle = f.q?.trim().toLowerCase();
  return list.filter(
    (r) =>
      (!f.category || r.category === f.category) &&
      (!f.tag || r.tags.includes(f.tag)) &&
      (f.show !== 'favorites' || r.favorite) &&
      (f.show !== 'saved' || r.saved) &&
      (f.show !== 'mine' || !r.global) &&
      (!needle || `${r.title}\n${r.description}\n${r.tags.join(' ')}\n${r.category}`.toLowerCase().includes(needle)),
  );
}

export const categoriesOf = (list: RecipeView[]) => [...new Set(list.map((r) => r.category).filter(Boolean))].sort();
export const tagsIn = (list: RecipeView[]) => [...new Set(list.flatMap((r) => r.tags))].sort();

// ---- personal recipes ------------------------------------------------------------------------

export interface RecipeDraft {
  title: string;
  description: string | null;
  category: string | null;
  tags: string[];
  servings: number | null;
  duration_minutes: number | null;
  ingredients: string | null;
  steps: RecipeStep[];
}

const nowIso = () => new Date().toISOString();
const cleanSteps = (steps: RecipeStep[]) => steps.filter((s) => s.text.trim()).map((s) => ({ text: s.text.trim(), timer_s: s.timer_s && s.timer_s > 0 ? Math.round(s.timer_s) : null }));

/** Creates (no id) or saves a personal recipe; returns its id. */
export async function saveRecipe(draft: RecipeDraft, id?: string, database: IgnitionDb = defaultDb): Promise<string> {
  const rid = id ?? newId();
  const fields: Record<string, unknown> = { ...draft, title: draft.title.trim(), steps: cleanSteps(draft.steps), updated_at: nowIso() };
  if (!id) fields.created_at = fields.updated_at;
  if (!id) fields.is_global = false;
  await commit([{ table: 'recipes', id: rid, fields }], [], database);
  return rid;
}

export async function deleteRecipe(recipe: RecipeView, database: IgnitionDb = defaultDb): Promise<void> {
  const ops: WriteOp[] = [...recipe.markIds.map((m) => ({ table: 'recipe_marks' as const, id: m, delete: true as const })), { table: 'recipes', id: recipe.id, delete: true }];
  await commit(ops, [], database);
  await database.recipe_runs.delete(recipe.id);
}

/** A personal copy of any recipe (a global one to change, say). */
export function copyRecipe(r: RecipeView, database: IgnitionDb = defaultDb): Promise<string> {
  return saveRecipe(
    { title: `${r.title} (my copy)`.slice(0, 200), description: r.description || null, category: r.category || null, tags: r.tags, servings: r.servings, duration_minutes: r.duration_minutes, ingredients: r.ingredients || null, steps: r.steps },
    undefined,
    database,
  );
}

/** Sets favourite or saved on a recipe (every mark row of it, or a new one). */
export async function setMark(r: RecipeView, which: 'favorite' | 'saved', value: boolean, database: IgnitionDb = defaultDb): Promise<void> {
  const now = nowIso();
  const ops: WriteOp[] = r.markIds.length
    ? r.markIds.map((m) => ({ table: 'recipe_marks' as const, id: m, fields: { recipe_id: r.id, [which]: value, updated_at: now } }))
    : [{ table: 'recipe_marks', id: newId(), fields: { recipe_id: r.id, favorite: which === 'favorite' && value, saved: which === 'saved' && value, created_at: now, updated_at: now } }];
  await commit(ops, [], database);
}

/** Moves a step up (-1) or down (+1) in a draft's list. */
export function moveStep<T>(steps: T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= steps.length) return steps;
  const out = [...steps];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

// ---- follow mode: runs on this device ------------------------------------------------------

export async function getRun(recipeId: string, database: IgnitionDb = defaultDb): Promise<RecipeRun | undefined> {
  return database.recipe_runs.get(recipeId);
}

/** The run of a recipe (one per recipe on a device), started when there is none. */
export async function openRun(recipeId: string, servings: number | null, database: IgnitionDb = defaultDb, now = Date.now()): Promise<RecipeRun> {
  return database.transaction('rw', database.recipe_runs, async () => {
    const have = await database.recipe_runs.get(recipeId);
    if (have) return have;
    const run: RecipeRun = { id: recipeId, recipe_id: recipeId, step: 0, servings, started_at: now, timers: {}, updated_at: now };
    await database.recipe_runs.put(run);
    return run;
  });
}

async function editRun(recipeId: string, edit: (r: RecipeRun) => RecipeRun, database: IgnitionDb, now: number): Promise<RecipeRun | undefined> {
  return database.transaction('rw', database.recipe_runs, async () => {
    const run = await database.recipe_runs.get(recipeId);
    if (!run) return undefined;
    const next = { ...edit(run), updated_at: now };
    await database.recipe_runs.put(next);
    return next;
  });
}

export const setRunStep = (recipeId: string, step: number, database: IgnitionDb = defaultDb, now = Date.now()) => editRun(recipeId, (r) => ({ ...r, step: Math.max(0, step) }), database, now);
export const setRunServings = (recipeId: string, servings: number | null, database: IgnitionDb = defaultDb, now = Date.now()) => editRun(recipeId, (r) => ({ ...r, servings }), database, now);

/** Starts a step's timer (again, from the top, if it had run). */
export const startStepTimer = (recipeId: string, step: number, seconds: number, database: IgnitionDb = defaultDb, now = Date.now()) =>
  editRun(recipeId, (r) => ({ ...r, timers: { ...r.timers, [step]: startTimer(step, seconds, now) } }), database, now);

export const toggleStepTimer = (recipeId: string, step: number, database: IgnitionDb = defaultDb, now = Date.now()) =>
  editRun(
    recipeId,
    (r) => {
      const t = r.timers[step] as StepTimer | undefined;
      if (!t) return r;
      return { ...r, timers: { ...r.timers, [step]: t.paused_at != null ? resumeTimer(t, now) : pauseTimer(t, now) } };
    },
    database,
    now,
  );

/** Timers that have run out and not yet been announced; marks them announced (so a reload does not ring twice). */
export async function takeFinishedTimers(recipeId: string, database: IgnitionDb = defaultDb, now = Date.now()): Promise<number[]> {
  const out: number[] = [];
  await editRun(
    recipeId,
    (r) => {
      const timers = { ...r.timers };
      for (const [k, t] of Object.entries(timers)) {
        if (!t.alerted && timerState(t, now).done) {
          out.push(Number(k));
          timers[k] = { ...t, alerted: true };
        }
      }
      return { ...r, timers };
    },
    database,
    now,
  );
  return out;
}

/**
 * Finishes a run: the `recipe_complete` event (entity the recipe) with the shared rule's guess
 * of its reward — the server's answer replaces it — then the run is cleared.
 */
export async function finishRun(recipe: RecipeView, database: IgnitionDb = defaultDb, now = new Date()): Promise<{ xp: number; coins: number }> {
  const today = todayLocal(now);
  const earlier = await database.activity_events.where('[event_type+local_date]').equals(['recipe_complete', today]).toArray();
  const rewardedToday = earlier.filter((e) => e.xp_earned > 0 && e.sync_status !== 'rejected').length;
  const r = computeReward({ type: 'recipe_complete', steps: recipe.steps.length, rewardedToday });
  const paid = 'rejected' in r ? { xp: 0, coins: 0, skill: null } : r;
  const run = await database.recipe_runs.get(recipe.id);
  await commit(
    [],
    [{ event_type: 'recipe_complete', entity_id: recipe.id, skill_id: paid.skill, xp: paid.xp, coins: paid.coins, local_date: today, metadata: { steps: recipe.steps.length, ...(run?.servings ? { servings: run.servings } : {}) } }],
    database,
  );
  // After the event is safely written (commit's transaction holds only the synced stores): a crash
  // in between leaves the run open, never a finished run without its event.
  await database.recipe_runs.delete(recipe.id);
  return { xp: paid.xp, coins: paid.coins };
}

export const abandonRun = (recipeId: string, database: IgnitionDb = defaultDb) => database.recipe_runs.delete(recipeId);
