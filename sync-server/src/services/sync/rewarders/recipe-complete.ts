import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { stepsOf } from '@ignition/shared/rules/recipes.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

/**
 * A finished recipe run (docs/recipes.md): the recipe it names must be a global one (no owner:
 * shipped or admin-made) or the person's own, read from the server's rows; its steps as stored
 * count, never what the device says; at most RECIPE_DAILY_CAP runs are paid per local day (runs
 * are not once per recipe: the weekly review is meant to be repeated).
 */
export const recipeComplete: Rewarder<Map<string, Row>> = {
  type: 'recipe_complete',
  entityTable: 'recipes',
  tables: ['recipes'],
  oncePerEntity: false,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length
      ? [{ sql: `SELECT id, title, steps, instructions FROM recipes WHERE (user_id IS NULL OR +user_id = ?) AND id IN (${placeholders(ids.length)})`, args: [q.userId, ...ids] }]
      : [];
  },
  facts: (results, q) => overlayTable(q, 'recipes', rowsOf(results[0])),
  entity: (recipes, id) => recipes.get(id),
  reward(e, row, _recipes, ctx) {
    const steps = stepsOf({ steps: row!.steps, instructions: row!.instructions }).length;
    return {
      result: computeReward({ type: 'recipe_complete', steps, rewardedToday: ctx.today('recipe_complete', e.local_date).count }),
      meta: { recipe_title: String(row!.title ?? ''), steps },
    };
  },
};
