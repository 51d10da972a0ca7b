import { carryHabitStreak, isHabitStreakPrefix, type HabitStreakPrefix } from '@ignition/shared/rules/streaks.ts';
import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import { loadOwned } from './facts.ts';
import type { Db, SqlValue } from './sql.ts';

/** A row as read: column name to value. */
type R = Record<string, unknown>;
type Log = { date: string; count: number };

/** A habit's logs from a day on as `date US count` joined by RS, from the covering (habit, user, date, count) index of migration 24. */
export const HABIT_LOGS_SQL =
  "SELECT group_concat(date || char(31) || COALESCE(count, 1), char(30)) AS s FROM habit_logs WHERE habit_id = ? AND user_id = ? AND date >= ?";
export const STORED_HABIT_STREAK_SQL = 'SELECT history FROM user_streaks WHERE id = ?';

/** What a push's row changes did to habit logs, seen before they are applied. */
export interface HabitLogWrites {
  /** habits that gained new logs, with the earliest day among them */
  inserted: Map<string, string>;
  /** habits whose existing logs were edited (day, count or habit) or deleted */
  changed: Set<string>;
}

/** No log written: for a push without habit logs, or a read outside any push. */
export const noHabitLogWrites = (): HabitLogWrites => ({ inserted: new Map(), changed: new Set() });

/**
 * Reads which habits a push's changes touch, before they are applied: a new log names its habit
 * and day; an edited or deleted one is looked up (by primary key, only when the push has one).
 */
export async function habitLogWrites(tx: Db, userId: string, changes: RowChange[]): Promise<HabitLogWrites> {
  const writes = noHabitLogWrites();
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
      if (isHabitStreakPrefix(p, frequencyOf(habit), Number(habit.target_count ?? 1)) && p.split <= from && p.split <= this.today && (firstNew === undefined || firstNew >= p.split)) prefix = p;
    }
    const joined = (await tx.execute({ sql: HABIT_LOGS_SQL, args: [id, this.userId, prefix?.split ?? ''] })).rows[0]?.s;
    // One joined string instead of a row object per log (years of a daily habit are 1,000+).
    const logs =
      joined == null
        ? []
        : String(joined)
            .split('\x1e')
            .map((x) => {
              const cut = x.indexOf('\x1f');
              return { date: x.slice(0, cut), count: Number(x.slice(cut + 1)) };
            });
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
      const s = carryHabitStreak(prefix, logs, frequencyOf(habit), Number(habit.target_count ?? 1), this.today);
      rows.push([`st_${this.userId}_habit_${id}`, this.userId, `habit:${id}`, s.current, s.best, 0, null, JSON.stringify(s.prefix), nowIso]);
    }
    return rows;
  }
}

export const frequencyOf = (habit: R): 'daily' | 'weekly' => (habit.frequency === 'weekly' ? 'weekly' : 'daily');
