import { and, asc, between, desc, eq, sql } from 'drizzle-orm';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError } from '../errors.ts';
import { orm } from '../db/orm.ts';
import { habitLogs, habits, habitSkips } from '@ignition/shared/server/tables.ts';
import { carryHabitStreak } from '@ignition/shared/rules/streaks.ts';
import { habitPeriodOf, habitScheduleOf, isHabitDueOn } from '@ignition/shared/rules/habits.ts';
import { HabitStreakBook, noHabitLogWrites } from './sync/habit-streaks.ts';
import { addDays, daysBetween, localDate } from '@ignition/shared/dates.ts';
import { newRowId, ownedRow, rewardOf, throwIfChangeRefused, writeThroughSync } from './rest-write.ts';

export interface HabitInput {
  name?: string;
  description?: string | null;
  frequency?: 'daily' | 'weekly';
  target_count?: number;
  skill_id?: string;
  xp_reward?: number;
  coin_reward?: number;
  archived?: boolean;
  schedule?: 'weekdays' | 'every_n_days' | null;
  schedule_days?: number | null;
  schedule_every?: number | null;
  schedule_start?: string | null;
}

/** The longest vacation one request may skip, and how far ahead a skip may be planned. */
export const MAX_SKIP_RANGE_DAYS = 92;
export const MAX_SKIP_AHEAD_DAYS = 366;

const todayFor = (deps: AppDeps, user: Asker) => localDate(clockOf(deps), user.timezone);

/**
 * A schedule as the habit will hold it must say what it needs: its weekdays, or its N days (the
 * start defaults to today), and a weekly habit (N times a week) takes no weekday or N-day schedule.
 * The sync push takes the fields one by one and reads any mix deterministically (habitScheduleOf);
 * REST, asked for a whole schedule, refuses one that would not mean what was asked.
 */
type ScheduleFields = { frequency?: string | null; schedule?: string | null; schedule_days?: number | null; schedule_every?: number | null; schedule_start?: string | null };
function checkedSchedule(merged: ScheduleFields, input: HabitInput, today: string): HabitInput {
  const out: HabitInput = {};
  if (merged.schedule && merged.frequency === 'weekly') throw new ApiError(422, 'validation_failed', 'A weekly habit (N times a week) takes no weekday or every-N-days schedule');
  if (merged.schedule === 'weekdays' && !merged.schedule_days) throw new ApiError(422, 'validation_failed', 'A weekday schedule needs schedule_days (Mon 1, Tue 2, Wed 4, Thu 8, Fri 16, Sat 32, Sun 64)');
  if (merged.schedule === 'every_n_days' && !merged.schedule_every) throw new ApiError(422, 'validation_failed', 'An every-N-days schedule needs schedule_every (2..365)');
  if (merged.schedule === 'every_n_days' && !merged.schedule_start && input.schedule_start === undefined) out.schedule_start = today;
  return out;
}

/**
 * Habits with their current and best streak and how much of this period is done. Each streak is
 * carried on from the summary stored with it (see HabitStreakBook), so a habit of years reads
 * only its recent logs.
 */
export async function listHabits(deps: AppDeps, user: Asker, includeArchived: boolean) {
  const userId = user.id;
  const rows = await orm(deps.db)
    .select()
    .from(habits)
    .where(includeArchived ? eq(habits.user_id, userId) : and(eq(habits.user_id, userId), eq(habits.archived, 0)))
    .orderBy(asc(habits.created_at));
  const today = todayFor(deps, user);
  const book = new HabitStreakBook(userId, today, noHabitLogWrites());
  const out = [];
  for (const h of rows) {
    const schedule = habitScheduleOf(h);
    const period = habitPeriodOf(schedule, today);
    const { prefix, logs } = await book.view(deps.db, h, period.start);
    const streak = carryHabitStreak(prefix, logs, schedule, Number(h.target_count ?? 1), today);
    const inPeriod = logs.filter((l) => l.date >= period.start && l.date <= period.end);
    const done = inPeriod.filter((l) => !l.skip).reduce((n, l) => n + l.count, 0);
    out.push({
      ...h,
      archived: !!h.archived,
      streak_current: streak.current,
      streak_best: streak.best,
      period_count: done,
      due_today: isHabitDueOn(schedule, today),
      skipped_today: inPeriod.some((l) => l.skip && l.date === today),
    });
  }
  return out;
}

export async function createHabit(deps: AppDeps, user: Asker, input: Required<Pick<HabitInput, 'name'>> & HabitInput) {
  const userId = user.id;
  const id = newRowId();
  const now = clockOf(deps).toISOString();
  const filled = checkedSchedule({ frequency: 'daily', ...input }, input, todayFor(deps, user));
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
        schedule: input.schedule ?? null,
        schedule_days: input.schedule_days ?? null,
        schedule_every: input.schedule_every ?? null,
        schedule_start: input.schedule_start ?? filled.schedule_start ?? null,
        created_at: now,
        updated_at: now,
      },
    },
  ]);
  return ownedRow(deps.db, 'habits', id, userId, 'Habit');
}

export async function updateHabit(deps: AppDeps, user: Asker, id: string, input: HabitInput) {
  const userId = user.id;
  const old = await ownedRow(deps.db, 'habits', id, userId, 'Habit');
  const filled = checkedSchedule({ ...old, ...input }, input, todayFor(deps, user));
  await writeThroughSync(deps, userId, [{ table: 'habits', id, fields: { ...input, ...filled, updated_at: clockOf(deps).toISOString() } }]);
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
  const after = q.before === undefined ? null : pageCursor(q.before);
  const rows = await orm(deps.db)
    .select()
    .from(habitLogs)
    .where(
      and(
        eq(habitLogs.habit_id, habitId),
        eq(habitLogs.user_id, userId),
        between(habitLogs.date, q.from ?? '0000-01-01', q.to ?? '9999-12-31'),
        after ? sql`(${habitLogs.date}, ${habitLogs.created_at}, ${habitLogs.id}) < (${after[0]}, ${after[1]}, ${after[2]})` : undefined,
      ),
    )
    .orderBy(desc(habitLogs.date), desc(habitLogs.created_at), desc(habitLogs.id))
    .limit(q.limit + 1);
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

/** A habit's skipped days (oldest first), within an optional range. */
export async function listHabitSkips(deps: AppDeps, userId: string, habitId: string, q: { from?: string; to?: string }) {
  await ownedRow(deps.db, 'habits', habitId, userId, 'Habit');
  const skips = await orm(deps.db)
    .select()
    .from(habitSkips)
    .where(and(eq(habitSkips.habit_id, habitId), eq(habitSkips.user_id, userId), between(habitSkips.date, q.from ?? '0000-01-01', q.to ?? '9999-12-31')))
    .orderBy(asc(habitSkips.date), asc(habitSkips.created_at));
  return { skips };
}

/**
 * Skips a day (`date`) or a vacation (`from`..`to`, at most MAX_SKIP_RANGE_DAYS days, up to
 * MAX_SKIP_AHEAD_DAYS ahead): one skip row per day not yet skipped, written through the sync
 * path. Returns every skip of the range, the new and the ones that were there.
 */
export async function skipHabit(deps: AppDeps, user: Asker, habitId: string, input: { date?: string; from?: string; to?: string; reason?: string | null }) {
  const userId = user.id;
  await ownedRow(deps.db, 'habits', habitId, userId, 'Habit');
  const from = input.date ?? input.from;
  const to = input.date ?? input.to ?? input.from;
  if (!from || !to || (input.date && (input.from || input.to))) throw new ApiError(422, 'validation_failed', 'Give a date, or a range from..to');
  if (to < from) throw new ApiError(422, 'validation_failed', 'The range ends before it starts');
  if (daysBetween(from, to) + 1 > MAX_SKIP_RANGE_DAYS) throw new ApiError(422, 'validation_failed', `A vacation is at most ${MAX_SKIP_RANGE_DAYS} days at a time`);
  const today = todayFor(deps, user);
  if (daysBetween(today, to) > MAX_SKIP_AHEAD_DAYS) throw new ApiError(422, 'future_date', `A skip may be planned at most ${MAX_SKIP_AHEAD_DAYS} days ahead`);
  const had = new Set((await listHabitSkips(deps, userId, habitId, { from, to })).skips.map((k) => k.date));
  const now = clockOf(deps).toISOString();
  const ops = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!had.has(d)) ops.push({ table: 'habit_skips', id: newRowId(), fields: { habit_id: habitId, date: d, reason: input.reason ?? null, created_at: now } });
  }
  if (ops.length) throwIfChangeRefused(await writeThroughSync(deps, userId, ops));
  return listHabitSkips(deps, userId, habitId, { from, to });
}

/** Undoes a skip: by its id, or every skip of the habit on a day. */
export async function unskipHabit(deps: AppDeps, userId: string, habitId: string, target: { skipId?: string; date?: string }) {
  await ownedRow(deps.db, 'habits', habitId, userId, 'Habit');
  const where = target.skipId ? eq(habitSkips.id, target.skipId) : eq(habitSkips.date, target.date ?? '');
  const found = await orm(deps.db)
    .select({ id: habitSkips.id })
    .from(habitSkips)
    .where(and(eq(habitSkips.habit_id, habitId), eq(habitSkips.user_id, userId), where));
  if (found.length === 0) throw new ApiError(404, 'not_found', 'Skip not found');
  throwIfChangeRefused(await writeThroughSync(deps, userId, found.map((k) => ({ table: 'habit_skips', id: k.id, delete: true as const }))));
}
