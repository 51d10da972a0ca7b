import { liveQuery } from 'dexie';
import { timerState } from '@ignition/shared/rules/recipes.ts';
import { db, type RecipeRun } from '../../db/db.ts';
import { takeFinishedTimers } from './recipes-data.ts';
import { announceTimers, followView } from './recipe-alerts.ts';

let started = false;

/**
 * Rings recipe step timers from anywhere in the app: a timer that runs out while the person is on
 * another page (or ran out while the app was closed) is announced once, from its timestamps.
 * Follow mode announces its own recipe's timers while it is on screen.
 */
export function startRecipeTimerWatch(): void {
  if (started) return;
  started = true;
  let runs: RecipeRun[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    const now = Date.now();
    const due = runs.filter((r) => r.id !== followView.open && Object.values(r.timers).some((t) => !t.alerted && timerState(t, now).done));
    if (!due.length) return;
    busy = true;
    try {
      for (const r of due) {
        const steps = await takeFinishedTimers(r.id, db, now);
        if (steps.length) announceTimers(String((await db.recipes.get(r.recipe_id))?.title ?? 'a recipe'), steps);
      }
    } finally {
      busy = false;
    }
  };
  liveQuery(() => db.recipe_runs.toArray()).subscribe({
    next: (rows) => {
      runs = rows.filter((r) => Object.values(r.timers).some((t) => !t.alerted));
      if (runs.length && !timer) timer = setInterval(() => void tick(), 1000);
      if (!runs.length && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      void tick();
    },
    error: () => undefined,
  });
  document.addEventListener('visibilitychange', () => void tick());
}
