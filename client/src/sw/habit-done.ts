import { db as defaultDb, type IgnitionDb } from '../db/db.ts';
import { commit, newId, todayLocal } from '../sync/outbox.ts';
import { optimisticHabitReward, periodEvents } from '../features/habits/habit-logic.ts';
import { habitStillToDo, type HabitScheduleLike } from '@ignition/shared/rules/habit-due.ts';

export type HabitDoneOutcome = 'logged' | 'already_done' | 'unknown_habit';

/**
 * "Done" on a habit reminder: logs one completion for the reminder's day exactly as the Habits
 * screen does — the same `commit()` (one Dexie transaction: the habit_logs row, its outbox entry
 * and the `habit_complete` event with the shared rule's optimistic reward) — so it works offline
 * from the service worker and syncs with everything else. A habit already done for that period
 * is not logged twice (a second tap, or a reminder answered on two devices).
 */
export async function logHabitDone(habitId: string, date: string | undefined, database: IgnitionDb = defaultDb): Promise<HabitDoneOutcome> {
  const habit = await database.habits.get(habitId);
  if (!habit || habit.archived) return 'unknown_habit';
  const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : todayLocal();
  const logs = await database.habit_logs.where('habit_id').equals(habitId).toArray();
  const mine = logs.map((l) => ({ date: String(l.date), count: Number(l.count ?? 1) }));
  if (!habitStillToDo(habit as HabitScheduleLike, mine, day)) return 'already_done';
  const logId = newId();
  const reward = optimisticHabitReward(habit, logs, day, 1, day, await periodEvents(habit, day, database));
  await commit(
    [{ table: 'habit_logs', id: logId, fields: { habit_id: habitId, date: day, count: 1, notes: null, created_at: new Date().toISOString() } }],
    [{ event_type: 'habit_complete', entity_id: logId, skill_id: reward.skill, xp: reward.xp, coins: reward.coins, local_date: day, metadata: { habit_id: habitId, log_date: day, count: 1 } }],
    database,
  );
  return 'logged';
}
