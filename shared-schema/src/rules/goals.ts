/** Goal progress (GAME-RULES.md): derived from milestones unless the person set it by hand. */
export interface MilestoneLike {
  completed?: boolean | number | null;
  order_index?: number | null;
  target_date?: string | null;
}

export function goalProgress(goal: { progress?: number | null; progress_manual?: boolean | number | null }, milestones: MilestoneLike[]): number {
  if (goal.progress_manual) return Math.max(0, Math.min(100, Math.round(Number(goal.progress ?? 0))));
  if (milestones.length === 0) return 0;
  return Math.round((milestones.filter((m) => !!m.completed).length / milestones.length) * 100);
}

/** Milestones in their order; ties by target date. */
export function orderMilestones<T extends MilestoneLike>(milestones: T[]): T[] {
  return [...milestones].sort((a, b) => Number(a.order_index ?? 0) - Number(b.order_index ?? 0) || String(a.target_date ?? '').localeCompare(String(b.target_date ?? '')));
}

export const GOAL_STATUSES = ['active', 'completed', 'abandoned'] as const;
