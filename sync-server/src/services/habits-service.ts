import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError } from '../errors.ts';
import { carryHabitStreak } from '@ignition/shared/rules/streaks.ts';
import { frequencyOf, HabitStreakBook, noHabitLogWrites } from './sync/habit-streaks.ts';
import { localDate, weekStart } from '@ignition/shared/dates.ts';
import { newRowId, ownedRow, rewardOf, writeThroughSync } from './rest-write.ts';

export interface HabitInput {
  name?: string;
  description?: string | null;
  frequency?: 'daily' | 'weekly';
  target_count?: number;
  skill_id?: string;
  xp_reward?: number;
  coin_reward?: number;
  archived?: boolean;
}

const todayFor = (deps: AppDeps, user: Asker) => localDate(clockOf(deps), user.timezone);

/**
 * Habits with their current and best streak and how much of this period is done. Each streak is
 * carried on from the summary stored with it (see HabitStreakBook), so a habit of years reads
 * only its recent logs.
 */
export async function listHabits(deps: AppDeps, user: Asker, includeArchived: boolean) {
  const userId = user.id;
  const habits = (await deps.db.execute({ sql: `SELECT * FROM habits WHERE user_id = ? ${includeArchived ? '' : 'AND archived = 0'} ORDER BY created_at`, args: [userId] })).rows;
  const today = todayFor(deps, user);
  const book = new HabitStreakBook(userId, today, noHabitLogWrites());
  const out = [];
  for (const h of habits) {
    const freq = frequencyOf(h);
    const periodStart = freq === 'weekly' ? weekStart(today) : today;
    const { prefix, logs } = await book.view(deps.db, h, periodStart);
    const streak = carryHabitStreak(prefix, logs, freq, Number(h.target_count ?? 1), today);
    const done = logs.filter((l) => (freq === 'weekly' ? weekStart(l.date) : l.date) === periodStart).reduce((n, l) => n + l.count, 0);
    out.push({ ...h, archived: !!h.archived, streak_current: streak.current, streak_best: streak.best, period_count: done });
  }
  return out;
}

export async function createHabit(deps: AppDeps, userId: string, input: Required<Pick<HabitInput, 'name'>> & HabitInput) {
  const id = newRowId();
  const now = clockOf(deps).toISOString();
  await writeThroughSync(deps, userId, [
    {
      table: 'habits',
      id,
      fields: {
        name: input.name,
        description: input.description ?? null,
        frequency: input.frequency ?? 'daily',
        target_count: input.target_count ?? 1,
        skill_id: input.skill_id ?? 'proficiency',
        xp_reward: input.xp_reward ?? 10,
        coin_reward: input.coin_reward ?? 5,
        archived: false,
        created_at: now,
        updated_at: now,
      },
    },
  ]);
  return ownedRow(deps.db, 'habits', id, userId, 'Habit');
}

export async function updateHabit(deps: AppDeps, userId: string, id: string, input: HabitInput) {
  await ownedRow(deps.db, 'habits', id, userId, 'Habit');
  await writeThroughSync(deps, userId, [{ table: 'habits', id, fields: { ...input, updated_at: clockOf(deps).toISOString() } }]);
  return ownedRow(deps.db, 'habits', id, userId, 'Habit');
}

export async function deleteHabit(deps: AppDeps, userId: string, id: string) {
  await ownedRow(deps.db, 'habits', id, userId, 'Habit');
  await writeThroughSync(deps, userId, [{ table: 'habits', id, delete: true }]);
}

/**
 * A habit's logs, newest first, a page at a time within an optional range of days. `next` is
 * the cursor of the following page (passed back as `before`), null after the last one; logs of
 * one day are never split between pages in a way that repeats or drops one.
 */
export async function listHabitLogs(deps: AppDeps, userId: string, habitId: string, q: { from?: string; to?: string; limit: number; before?: string }) {
  await ownedRow(deps.db, 'habits', habitId, userId, 'Habit');
  const after = q.before === undefined ? [] : pageCursor(q.before);
  const rows = (
    await deps.db.execute({
      sql: `SELECT * FROM habit_logs WHERE habit_id = ? AND user_id = ? AND date BETWEEN ? AND ?
              ${q.before ? "AND (date, created_at, id) < (?, ?, ?)" : ''}
            ORDER BY date DESC, created_at DESC, id DESC LIMIT ?`,
      args: [habitId, userId, q.from ?? '0000-01-01', q.to ?? '9999-12-31', ...after, q.limit + 1],
    })
  ).rows;
  const logs = rows.slice(0, q.limit);
  const last = logs.at(-1);
  return { logs, next: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.date, last.created_at, last.id])).toString('base64url') : null };
}

/** The (date, created_at, id) a page of logs ended at, from its `next`. */
function pageCursor(before: string): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(before, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((k) => typeof k === 'string')) throw new ApiError(422, 'validation_failed', 'before must be the next of an earlier page');
  return key;
}

/** Logs a completion (on a date, with a count and a note) and asks for its reward. */
export async function logHabit(deps: AppDeps, user: Asker, habitId: string, input: { date?: string; count?: number; notes?: string | null }) {
  const userId = user.id;
  const habit = await ownedRow(deps.db, 'habits', habitId, userId, 'Habit');
  if (habit.archived) throw new ApiError(409, 'archived', 'This habit is archived; restore it to log it');
  const today = todayFor(deps, user);
  const date = input.date ?? today;
  if (date > today) throw new ApiError(422, 'future_date', 'A habit cannot be logged for a future date');
  const id = newRowId();
  const res = await writeThroughSync(
    deps,
    userId,
    [{ table: 'habit_logs', id, fields: { habit_id: habitId, date, count: input.count ?? 1, notes: input.notes ?? null, created_at: clockOf(deps).toISOString() } }],
    // The completion belongs to the day it was done on, as the app records it (a log for yesterday counts for yesterday).
    [{ event_type: 'habit_complete', entity_id: id, metadata: { habit_id: habitId }, local_date: date }],
  );
  return { log: await ownedRow(deps.db, 'habit_logs', id, userId, 'Log'), reward: await rewardOf(deps.db, res) };
}

/** Undo: the log goes; its reward stays counted once (rewards are never paid twice). */
export async function deleteHabitLog(deps: AppDeps, userId: string, habitId: string, logId: string) {
  const log = await ownedRow(deps.db, 'habit_logs', logId, userId, 'Log');
  if (log.habit_id !== habitId) throw new ApiError(404, 'not_found', 'Log not found');
  await writeThroughSync(deps, userId, [{ table: 'habit_logs', id: logId, delete: true }]);
}
