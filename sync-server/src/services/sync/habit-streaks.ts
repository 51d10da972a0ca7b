import { carryHabitStreak, isHabitStreakPrefix, type HabitStreakPrefix } from '@ignition/shared/rules/streaks.ts';
import { habitScheduleOf, type HabitDay, type HabitSchedule } from '@ignition/shared/rules/habits.ts';
import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import { loadOwned } from './facts.ts';
import type { Db, SqlValue } from './sql.ts';

/** A row as read: column name to value. */
type R = Record<string, unknown>;
type Log = HabitDay;

/**
 * A habit's logs from a day on as `date US count` joined by RS, from the covering (habit, user,
 * date, count) index of migration 24, and its skipped days from then on joined by RS (migration 29).
 */
export const HABIT_LOGS_SQL =
  "SELECT (SELECT group_concat(date || char(31) || COALESCE(count, 1), char(30)) FROM habit_logs WHERE habit_id = ?1 AND user_id = ?2 AND date >= ?3) AS s, (SELECT group_concat(date, char(30)) FROM habit_skips WHERE habit_id = ?1 AND user_id = ?2 AND date >= ?3) AS k";
export const STORED_HABIT_STREAK_SQL = 'SELECT history FROM user_streaks WHERE id = ?';

/** What a push's row changes did to habit logs, seen before they are applied. */
export interface HabitLogWrites {
  /** habits that gained new logs, with the earliest day among them */
  inserted: Map<string, string>;
  /** habits whose existing logs were edited (day, count or habit) or deleted, whose skips changed in any way, or whose schedule or target changed */
  changed: Set<string>;
}

/** The fields of a habit its streak is counted by. */
export const STREAK_FIELDS = ['frequency', 'target_count', 'schedule', 'schedule_days', 'schedule_every', 'schedule_start'];

/** No log written: for a push without habit logs, or a read outside any push. */
export const noHabitLogWrites = (): HabitLogWrites => ({ inserted: new Map(), changed: new Set() });

/**
 * Reads which habits a push's changes touch, before they are applied: a new log names its habit
 * and day; an edited or deleted one is looked up (by primary key, only when the push has one).
 */
export async function habitLogWrites(tx: Db, userId: string, changes: RowChange[]): Promise<HabitLogWrites> {
  const writes = noHabitLogWrites();
  // A skip made, moved or undone, or a schedule or target changed: the habit's streak is walked
  // again from all its days (rare writes; the summary may hold the day a skip lands on).
  const skipChanges = changes.filter((c) => c.table === 'habit_skips');
  if (skipChanges.length) {
    const oldSkips = await loadOwned<{ id: string; habit_id: string }>(tx, 'habit_skips', [...new Set(skipChanges.map((c) => c.id))], userId, 'id, habit_id');
    for (const c of skipChanges) {
      const old = oldSkips.get(c.id);
      if (old) writes.changed.add(String(old.habit_id));
      if (typeof c.fields?.habit_id === 'string') writes.changed.add(c.fields.habit_id);
    }
  }
  for (const c of changes) if (c.table === 'habits' && c.op === 'upsert' && STREAK_FIELDS.some((f) => f in (c.fields ?? {}))) writes.changed.add(c.id);
  const logChanges = changes.filter((c) => c.table === 'habit_logs');
  if (logChanges.length === 0) return writes;
  const existing = await loadOwned<{ id: string; habit_id: string }>(tx, 'habit_logs', [...new Set(logChanges.map((c) => c.id))], userId, 'id, habit_id');
  for (const c of logChanges) {
    const fields = c.fields ?? {};
    const old = existing.get(c.id);
    if (old) {
      if (c.op === 'delete' || 'date' in fields || 'count' in fields || 'habit_id' in fields) {
        writes.changed.add(String(old.habit_id));
        if (typeof fields.habit_id === 'string') writes.changed.add(fields.habit_id);
      }
    } else if (c.op === 'upsert' && typeof fields.habit_id === 'string' && typeof fields.date === 'string') {
      const first = writes.inserted.get(fields.habit_id);
      if (first === undefined || fields.date < first) writes.inserted.set(fields.habit_id, fields.date);
    }
  }
  return writes;
}

/**
 * The per-habit streaks of one push. Each habit's stored streak row keeps, beside current and
 * best, a summary of its logs before a recent day (`HabitStreakPrefix`, in `history`); when this
 * push only added logs on or after that day, the streak is carried on from the summary and the
 * few logs after it. Otherwise (a log edited, deleted or added further back, a changed target or
 * frequency, a row from before summaries) the habit's whole log history is read, once per push.
 * Every habit whose logs the push touched gets its row rewritten, so a summary never outlives
 * the logs it sums up.
 */
export class HabitStreakBook {
  private readonly views = new Map<string, { prefix: HabitStreakPrefix | null; logs: Log[] }>();
  private readonly habits = new Map<string, R>();

  constructor(
    private readonly userId: string,
    private readonly today: string,
    private readonly writes: HabitLogWrites,
  ) {}

  /** Whether any habit's streak row is to be written. */
  get pending(): boolean {
    return this.habits.size > 0 || this.writes.inserted.size > 0 || this.writes.changed.size > 0;
  }

  /** A habit whose streak an event of this push moved. */
  touch(habit: R) {
    this.habits.set(String(habit.id), habit);
  }

  /** The stored summary (or none) and the logs after it, enough to compute the streak on any day from `from` on. */
  async view(tx: Db, habit: R, from: string): Promise<{ prefix: HabitStreakPrefix | null; logs: Log[] }> {
    const id = String(habit.id);
    const cached = this.views.get(id);
    if (cached && (!cached.prefix || cached.prefix.split <= from)) return cached;
    let prefix: HabitStreakPrefix | null = null;
    if (!cached && !this.writes.changed.has(id)) {
      const stored = (await tx.execute({ sql: STORED_HABIT_STREAK_SQL, args: [`st_${this.userId}_habit_${id}`] })).rows[0]?.history;
      let p: unknown = null;
      try {
        p = JSON.parse(String(stored ?? 'null'));
      } catch {
        /* not a summary: read everything */
      }
      const firstNew = this.writes.inserted.get(id);
      if (isHabitStreakPrefix(p, streakRuleOf(habit), Number(habit.target_count ?? 1)) && p.split <= from && p.split <= this.today && (firstNew === undefined || firstNew >= p.split)) prefix = p;
    }
    const read = (await tx.execute({ sql: HABIT_LOGS_SQL, args: [id, this.userId, prefix?.split ?? ''] })).rows[0];
    const joined = read?.s;
    // One joined string instead of a row object per log (years of a daily habit are 1,000+).
    const logs: Log[] =
      joined == null
        ? []
        : String(joined)
            .split('\x1e')
            .map((x) => {
              const cut = x.indexOf('\x1f');
              return { date: x.slice(0, cut), count: Number(x.slice(cut + 1)) };
            });
    if (read?.k != null) for (const date of String(read.k).split('\x1e')) logs.push({ date, count: 0, skip: true });
    const view = { prefix, logs };
    this.views.set(id, view);
    return view;
  }

  /** The streak rows to write: every habit an event moved or whose logs the push changed. */
  async rows(tx: Db, nowIso: string): Promise<SqlValue[][]> {
    const missing = [...this.writes.inserted.keys(), ...this.writes.changed].filter((id) => !this.habits.has(id));
    for (const h of (await loadOwned<R & { id: string }>(tx, 'habits', [...new Set(missing)], this.userId)).values()) this.habits.set(String(h.id), h);
    const rows: SqlValue[][] = [];
    for (const [id, habit] of this.habits) {
      const { prefix, logs } = await this.view(tx, habit, this.today);
      const s = carryHabitStreak(prefix, logs, streakRuleOf(habit), Number(habit.target_count ?? 1), this.today);
      rows.push([`st_${this.userId}_habit_${id}`, this.userId, `habit:${id}`, s.current, s.best, 0, null, JSON.stringify(s.prefix), nowIso]);
    }
    return rows;
  }
}

/** The period a habit's rewards are capped in (target_count per day, or per ISO week). */
export const frequencyOf = (habit: R): 'daily' | 'weekly' => (habit.frequency === 'weekly' ? 'weekly' : 'daily');
/** What a habit's streak is counted by: its schedule (shared rule habitScheduleOf). */
export const streakRuleOf = (habit: R): HabitSchedule => habitScheduleOf(habit);

/**
 * The habit's streak as of `date` without and with what was logged on that date (for a streak
 * milestone's bonus): a skip on that day stays in both.
 */
export function habitStreakAround(view: { prefix: HabitStreakPrefix | null; logs: Log[] }, habit: R, date: string): { before: number; after: number } {
  const rule = streakRuleOf(habit);
  const target = Number(habit.target_count ?? 1);
  const withLog = carryHabitStreak(view.prefix, view.logs, rule, target, date);
  const withoutLog = carryHabitStreak(view.prefix, view.logs.filter((l) => l.date !== date || l.skip), rule, target, date);
  return { before: withoutLog.current, after: withLog.current };
}
