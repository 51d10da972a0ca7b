import { db as defaultDb, type IgnitionDb } from '../db/db.ts';
import { commit, newId, todayLocal } from '../sync/outbox.ts';
import { optimisticHabitReward, periodEvents } from '../features/habits/habit-logic.ts';
import { habitStillToDo } from '@ignition/shared/rules/habit-due.ts';

/** `already_done`: nothing left to do that day (the period's target met, the day skipped, or not a day the habit is due). */
export type HabitDoneOutcome = 'logged' | 'already_done' | 'unknown_habit';

/**
 * "Done" on a habit reminder: logs one completion for the reminder's day exactly as the Habits
 * screen does — the same `commit()` (one Dexie transaction: the habit_logs row, its outbox entry
 * and the `habit_complete` event with the shared rule's optimistic reward) — so it works offline
 * from the service worker and syncs with everything else. A habit already done for that period
 * is not logged twice (a second tap, or a reminder answered on two devices), nor one skipped that
 * day (on this device or synced from another) or not due on it by its schedule.
 */
export async function logHabitDone(habitId: string, date: string | undefined, database: IgnitionDb = defaultDb): Promise<HabitDoneOutcome> {
  const habit = await database.habits.get(habitId);
  if (!habit || habit.archived) return 'unknown_habit';
  const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : todayLocal();
  const logs = await database.habit_logs.where('habit_id').equals(habitId).toArray();
  const skips = await database.habit_skips.where('habit_id').equals(habitId).toArray();
  const mine = logs.map((l) => ({ date: String(l.date), count: Number(l.count ?? 1) }));
  if (!habitStillToDo(habit, mine, day, skips.map((k) => String(k.date)))) return 'already_done';
  const logId = newId();
  const reward = optimisticHabitReward(habit, logs, day, 1, day, await periodEvents(habit, day, database), skips);
  await commit(
    [{ table: 'habit_logs', id: logId, fields: { habit_id: habitId, date: day, count: 1, notes: null, created_at: new Date().toISOString() } }],
    [{ event_type: 'habit_complete', entity_id: logId, skill_id: reward.skill, xp: reward.xp, coins: reward.coins, local_date: day, metadata: { habit_id: habitId, log_date: day, count: 1 } }],
    database,
  );
  return 'logged';
}
