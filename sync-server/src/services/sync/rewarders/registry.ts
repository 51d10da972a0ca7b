import type { Rewarder } from './types.ts';
import { journalEntry } from './journal-entry.ts';
import { workoutComplete } from './workout-complete.ts';
import { goalComplete } from './goal-complete.ts';
import { lessonComplete } from './lesson-complete.ts';
import { recipeComplete } from './recipe-complete.ts';
import { taskComplete } from './task-complete.ts';
import { readingSession } from './reading-session.ts';
import { plannerComplete } from './planner-complete.ts';
import { goalMilestone } from './goal-milestone.ts';
import { rewardPurchase } from './reward-purchase.ts';
import { rewardRedeem } from './reward-redeem.ts';
import { focusComplete } from './focus-complete.ts';
import { reviewComplete } from './review-complete.ts';
import { habitComplete } from './habit-complete.ts';

/**
 * The event types whose reward is computed by a rewarder (read set → pure computation): the
 * planned push (one read batch, one guarded write batch) takes a push whose events are all of
 * these types; the interactive push runs the same rewarders. Other types still go through the
 * switch in reconcile-events.ts and the interactive push. One line per type.
 */
export const REWARDERS: Readonly<Record<string, Rewarder<unknown>>> = {
  journal_entry: journalEntry as Rewarder<unknown>,
  workout_complete: workoutComplete as Rewarder<unknown>,
  goal_complete: goalComplete as Rewarder<unknown>,
  lesson_complete: lessonComplete as Rewarder<unknown>,
  recipe_complete: recipeComplete as Rewarder<unknown>,
  task_complete: taskComplete as Rewarder<unknown>,
  reading_session: readingSession as Rewarder<unknown>,
  planner_complete: plannerComplete as Rewarder<unknown>,
  goal_milestone: goalMilestone as Rewarder<unknown>,
  reward_purchase: rewardPurchase as Rewarder<unknown>,
  reward_redeem: rewardRedeem as Rewarder<unknown>,
  focus_complete: focusComplete as Rewarder<unknown>,
  review_complete: reviewComplete as Rewarder<unknown>,
  habit_complete: habitComplete as Rewarder<unknown>,
};
