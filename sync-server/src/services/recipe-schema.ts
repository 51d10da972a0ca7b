import { z } from 'zod';
import { RECIPE_LIMITS as L } from '@ignition/shared/rules/recipes.ts';

/**
 * What a recipe carries through REST and the admin content routes, in the row contract's limits
 * (`shared-schema/src/rules/recipes.ts`): a named guide with a category, tags, optional servings
 * and duration, an ingredient list, and ordered steps of markdown with an optional timer.
 */
export const recipeStep = z.strictObject({
  text: z.string().trim().min(1, 'a step needs text').max(L.stepText),
  timer_s: z.number().int().min(1).max(L.timerS).nullish(),
});

export const recipeFields = {
  title: z.string().trim().min(1, 'a recipe needs a name').max(L.title),
  description: z.string().max(L.description).nullish(),
  category: z.string().trim().max(L.category).nullish(),
  tags: z.array(z.string().trim().min(1).max(L.tag)).max(L.tags).optional(),
  servings: z.number().int().min(1).max(L.servings).nullish(),
  duration_minutes: z.number().int().min(0).max(L.durationMinutes).nullish(),
  ingredients: z.string().max(L.ingredients).nullish(),
  steps: z.array(recipeStep).min(1, 'a recipe needs at least one step').max(L.steps),
};
