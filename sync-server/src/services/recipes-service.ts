import { and, eq, isNull, or } from 'drizzle-orm';
import { recipeMarks, recipes } from '@ignition/shared/server/tables.ts';
import { stepsOf, tagsOf } from '@ignition/shared/rules/recipes.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError } from '../errors.ts';
import { orm } from '../db/orm.ts';
import { newRowId, rewardOf, writeThroughSync as push } from './rest-write.ts';

/**
 * Recipes for scripts: the global ones (shipped starters and admin-made, user_id null) and the
 * person's own. Reads go through drizzle with the session's user id; writes become row changes
 * (and the `recipe_complete` event) through the sync push, so ownership, the contract, the reward
 * and the pull log are the app's own path. A global recipe is read-only here (the admin routes
 * edit it); another person's recipe looks exactly like a missing one.
 */
type RecipeRow = typeof recipes.$inferSelect;
export interface RecipeInput {
  title?: string;
  description?: string | null;
  category?: string | null;
  tags?: string[];
  servings?: number | null;
  duration_minutes?: number | null;
  ingredients?: string | null;
  steps?: Array<{ text: string; timer_s?: number | null }>;
}

const visible = (userId: string) => or(isNull(recipes.user_id), eq(recipes.user_id, userId));

/** A recipe as the API shows it: tags and steps as lists (a seed-era row's instructions as steps), whose it is, and the person's marks. */
function shaped(r: RecipeRow, marks: Map<string, { favorite: boolean; saved: boolean }>) {
  const m = marks.get(r.id);
  return {
    ...r,
    tags: tagsOf(r.tags),
    steps: stepsOf(r),
    global: r.user_id == null,
    favorite: m?.favorite ?? false,
    saved: m?.saved ?? false,
  };
}

/** The person's marks by recipe: two devices may each have made a row for one recipe, so any set flag counts. */
async function marksOf(deps: AppDeps, userId: string, recipeId?: string) {
  const rows = await orm(deps.db)
    .select()
    .from(recipeMarks)
    .where(and(eq(recipeMarks.user_id, userId), recipeId ? eq(recipeMarks.recipe_id, recipeId) : undefined))
    .orderBy(recipeMarks.created_at, recipeMarks.id);
  const out = new Map<string, { favorite: boolean; saved: boolean; ids: string[] }>();
  for (const r of rows) {
    const cur = out.get(r.recipe_id) ?? { favorite: false, saved: false, ids: [] };
    out.set(r.recipe_id, { favorite: cur.favorite || r.favorite === 1, saved: cur.saved || r.saved === 1, ids: [...cur.ids, r.id] });
  }
  return out;
}

export async function listRecipes(deps: AppDeps, user: Asker, q: { category?: string; tag?: string; q?: string; favorites?: boolean; scope?: 'all' | 'global' | 'mine' }) {
  const rows = await orm(deps.db)
    .select()
    .from(recipes)
    .where(and(q.scope === 'global' ? isNull(recipes.user_id) : q.scope === 'mine' ? eq(recipes.user_id, user.id) : visible(user.id), q.category ? eq(recipes.category, q.category) : undefined))
    .orderBy(recipes.title, recipes.id);
  const marks = await marksOf(deps, user.id);
  const needle = q.q?.toLowerCase();
  return rows
    .map((r) => shaped(r, marks))
    .filter((r) => (!q.tag || r.tags.includes(q.tag)) && (!q.favorites || r.favorite) && (!needle || `${r.title}\n${r.description ?? ''}\n${r.tags.join(' ')}`.toLowerCase().includes(needle)));
}

async function visibleRecipe(deps: AppDeps, userId: string, id: string): Promise<RecipeRow> {
  const [row] = await orm(deps.db).select().from(recipes).where(and(eq(recipes.id, id), visible(userId))).limit(1);
  if (!row) throw new ApiError(404, 'not_found', 'Recipe not found');
  return row;
}

async function ownRecipe(deps: AppDeps, userId: string, id: string): Promise<RecipeRow> {
  const row = await visibleRecipe(deps, userId, id);
  if (row.user_id == null) throw new ApiError(403, 'forbidden', 'This is a shared recipe: it is read-only (favourite or save it, or make your own copy)');
  return row;
}

export async function getRecipe(deps: AppDeps, user: Asker, id: string) {
  const row = await visibleRecipe(deps, user.id, id);
  return shaped(row, await marksOf(deps, user.id, id));
}

export async function createRecipe(deps: AppDeps, user: Asker, input: RecipeInput & { id?: string; title: string }) {
  const { id: wanted, ...fields } = input;
  const id = wanted ?? newRowId();
  const now = clockOf(deps).toISOString();
  const [taken] = await orm(deps.db).select({ id: recipes.id }).from(recipes).where(eq(recipes.id, id)).limit(1);
  if (taken) throw new ApiError(409, 'already_exists', `Recipe ${id} already exists`);
  await push(deps, user.id, [{ table: 'recipes', id, fields: { ...fields, created_at: now, updated_at: now } }]);
  return getRecipe(deps, user, id);
}

export async function updateRecipe(deps: AppDeps, user: Asker, id: string, input: RecipeInput) {
  await ownRecipe(deps, user.id, id);
  await push(deps, user.id, [{ table: 'recipes', id, fields: { ...input, updated_at: clockOf(deps).toISOString() } }]);
  return getRecipe(deps, user, id);
}

export async function deleteRecipe(deps: AppDeps, user: Asker, id: string) {
  await ownRecipe(deps, user.id, id);
  const marks = (await marksOf(deps, user.id, id)).get(id)?.ids ?? [];
  await push(deps, user.id, [...marks.map((m) => ({ table: 'recipe_marks', id: m, delete: true as const })), { table: 'recipes', id, delete: true }]);
}

/** Sets the person's favourite and/or saved mark on a recipe (their own or a global one). */
export async function markRecipe(deps: AppDeps, user: Asker, id: string, input: { favorite?: boolean; saved?: boolean }) {
  await visibleRecipe(deps, user.id, id);
  const now = clockOf(deps).toISOString();
  const ids = (await marksOf(deps, user.id, id)).get(id)?.ids ?? [];
  const ops = ids.length
    ? ids.map((m) => ({ table: 'recipe_marks', id: m, fields: { recipe_id: id, ...input, updated_at: now } }))
    : [{ table: 'recipe_marks', id: newRowId(), fields: { recipe_id: id, favorite: input.favorite ?? false, saved: input.saved ?? false, created_at: now, updated_at: now } }];
  await push(deps, user.id, ops);
  return getRecipe(deps, user, id);
}

/** Records one finished run of a recipe; the reward is the server's (small, capped per day). */
export async function completeRecipe(deps: AppDeps, user: Asker, id: string) {
  await visibleRecipe(deps, user.id, id);
  const res = await push(deps, user.id, [], [{ event_type: 'recipe_complete', entity_id: id }]);
  return { reward: await rewardOf(deps.db, res) };
}
