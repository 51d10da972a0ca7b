import { weekStart } from '../dates.ts';

/**
 * When a habit asks to be done. The one place that says whether a habit is due on a civil date,
 * so reminders, Today and streaks agree; a richer schedule (weekdays, N per week, every N days,
 * skips) changes `isHabitDueOn` here and every caller follows.
 */
export interface HabitScheduleLike {
  frequency?: unknown;
  target_count?: unknown;
  archived?: unknown;
}

export type HabitLogLike = { date: string; count?: number | null };

/** The first day of the period (the day itself, or its ISO week) that `date` falls in. */
export function habitPeriodStart(habit: HabitScheduleLike, date: string): string {
  return habit.frequency === 'weekly' ? weekStart(date) : date;
}

/**
 * Whether the habit is scheduled on this local date: a daily habit every day, a weekly one on
 * any day of its week (it may be done on whichever day suits). An archived habit is never due.
 */
export function isHabitDueOn(habit: HabitScheduleLike, _date: string): boolean {
  return !habit.archived;
}

/** How much of the target of the period holding `date` the logs already cover. */
export function habitDoneInPeriod(habit: HabitScheduleLike, logs: HabitLogLike[], date: string): number {
  const start = habitPeriodStart(habit, date);
  return logs.filter((l) => l.date <= date && habitPeriodStart(habit, l.date) === start).reduce((n, l) => n + (Number(l.count ?? 1) || 1), 0);
}

/** Due on that date and its period's target not yet reached: what a habit reminder is about. */
export function habitStillToDo(habit: HabitScheduleLike, logs: HabitLogLike[], date: string): boolean {
  return isHabitDueOn(habit, date) && habitDoneInPeriod(habit, logs, date) < Math.max(1, Number(habit.target_count ?? 1) || 1);
}
