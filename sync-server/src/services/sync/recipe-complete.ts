import { computeReward, type RewardResult } from '@ignition/shared/rules/rewards.ts';
import { stepsOf } from '@ignition/shared/rules/recipes.ts';
import type { Db } from './sql.ts';

/**
 * The server's facts for a `recipe_complete` event (docs/recipes.md): the recipe it names must be
 * a global one (no owner: shipped or admin-made) or the person's own, read from the server's own
 * rows; its steps as stored count, never what the device says; the day's cap counts the runs
 * already rewarded on the event's local date. What the client claimed (XP, coins, skill) is ignored.
 */
export async function recipeCompleteFacts(
  tx: Db,
  userId: string,
  recipeId: string | null,
  rewardedToday: number,
): Promise<{ refused: { code: string; message: string } } | { result: RewardResult; meta: Record<string, unknown> }> {
  const rs = recipeId ? await tx.execute({ sql: 'SELECT id, title, steps, instructions FROM recipes WHERE id = ? AND (user_id IS NULL OR user_id = ?)', args: [recipeId, userId] }) : null;
  const recipe = rs?.rows[0];
  if (!recipe) return { refused: { code: 'unknown_entity', message: `recipes ${recipeId ?? '(none)'} does not exist for this account` } };
  const steps = stepsOf({ steps: recipe.steps, instructions: recipe.instructions }).length;
  return { result: computeReward({ type: 'recipe_complete', steps, rewardedToday }), meta: { recipe_title: String(recipe.title ?? ''), steps } };
}
