import { stepsOf, timerState } from '@ignition/shared/rules/recipes.ts';
import { db as defaultDb, type IgnitionDb } from '../../db/db.ts';
import { cancelServerTimer, setServerTimer } from '../reminders/index.ts';

/** The server's name of a recipe step's timer (one per recipe and step). */
export const stepTimerTag = (recipeId: string, step: number) => `recipe-${recipeId}-${step}`;

/**
 * Tells the server of this recipe's step timers, so a running one rings through Web Push when the
 * app is closed or the phone locked: a running timer is set to ring at its end, a paused, finished
 * or cleared one (the run left or done) is cancelled. Best effort and after the local write: the
 * run's timestamps in IndexedDB stay the truth, and the open screen rings on its own.
 */
export async function shareStepTimers(recipeId: string, database: IgnitionDb = defaultDb, now = Date.now()): Promise<void> {
  const recipe = await database.recipes.get(recipeId);
  if (!recipe) return;
  const run = await database.recipe_runs.get(recipeId);
  const steps = stepsOf(recipe);
  const title = String(recipe.title ?? 'Recipe');
  try {
    for (let step = 0; step < steps.length; step++) {
      if (!steps[step]?.timer_s) continue;
      const timer = run?.timers[step];
      const state = timer ? timerState(timer, now) : null;
      const tag = stepTimerTag(recipeId, step);
      if (timer && state && !state.done && !state.paused && state.endsAt && !timer.alerted) {
        const shared = await setServerTimer(tag, state.endsAt, { title: `Timer done: ${title}`, body: `Step ${step + 1} of ${steps.length}`, url: `/recipes/${recipeId}/follow` });
        if (!shared) return;
      } else if (!(await cancelServerTimer(tag))) return;
    }
  } catch {
    // Offline or the server said no: the screen's own timer still rings while it is open.
  }
}
