import { computeReward, type RewardResult } from '@ignition/shared/rules/rewards.ts';

/**
 * The server's glue for `task_complete` (issue 23, to-dos), kept apart from the other rewarders:
 * the event names a task (`entity_id` → `tasks`, the person's own row, pushed in the same or an
 * earlier push); it pays once per task ever (reconcile-events' once-per-entity keys, so undoing
 * and redoing a task, or a second device completing it too, earns nothing more) and at most
 * TASK_DAILY_CAP a local day, only if the server's row says the task is done. What the client
 * claimed is ignored like everywhere else.
 */
export const TASK_COMPLETE = { type: 'task_complete', table: 'tasks' } as const;

/** The reward for one task_complete, from the server's row and the day's already paid tasks. */
export function taskCompleteReward(task: Record<string, unknown>, rewardedToday: number): RewardResult {
  const completed = typeof task.completed_at === 'string' && task.completed_at !== '' && !Number(task.archived ?? 0);
  return computeReward({ type: 'task_complete', completed, alreadyRewarded: false, rewardedToday });
}
