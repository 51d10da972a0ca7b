import { habitPeriodOf, isHabitDueOn as scheduledOn, type HabitScheduleRow } from './habits.ts';

/**
 * When a habit asks to be done, for reminders and the notification's "Done": the habit's schedule
 * (habits.ts: every day, chosen weekdays, every N days, N times a week), whether it is archived,
 * its skipped days and its logs. The schedule itself is habits.ts's, so reminders, Today and
 * streaks agree.
 */
export interface HabitScheduleLike extends HabitScheduleRow {
  target_count?: unknown;
  archived?: unknown;
}

export type HabitLogLike = { date: string; count?: number | null };

/** The first day of the schedule's period that `date` falls in (the day, its ISO week, its N-day period). */
export function habitPeriodStart(habit: HabitScheduleLike, date: string): string {
  return habitPeriodOf(habit, date).start;
}

/**
 * Whether the habit is scheduled on this local date (habits.ts's `isHabitDueOn`): a daily habit
 * every day, an N-times-a-week one on any day of its week, a weekday one on its weekdays, an
 * every-N-days one on the first day of each period. An archived habit is never due.
 */
export function isHabitDueOn(habit: HabitScheduleLike, date: string): boolean {
  return !habit.archived && scheduledOn(habit, date);
}

/** How much of the target of the period holding `date` the logs already cover (logs from its start to `date`). */
export function habitDoneInPeriod(habit: HabitScheduleLike, logs: HabitLogLike[], date: string): number {
  const start = habitPeriodStart(habit, date);
  return logs.filter((l) => l.date >= start && l.date <= date).reduce((n, l) => n + (Number(l.count ?? 1) || 1), 0);
}

/**
 * Due on that date, not skipped that day (`skipped`: the habit's skipped dates, any may be
 * given) and its period's target not yet reached: what a habit reminder is about. A skip counts
 * for its day only: a weekly habit skipped on Monday is still to do on Wednesday.
 */
export function habitStillToDo(habit: HabitScheduleLike, logs: HabitLogLike[], date: string, skipped: Iterable<string> = []): boolean {
  if (!isHabitDueOn(habit, date)) return false;
  for (const d of skipped) if (d === date) return false;
  return habitDoneInPeriod(habit, logs, date) < Math.max(1, Number(habit.target_count ?? 1) || 1);
}
