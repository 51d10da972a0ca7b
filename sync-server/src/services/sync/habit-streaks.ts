import { carryHabitStreak, isHabitStreakPrefix, type HabitStreakPrefix } from '@ignition/shared/rules/streaks.ts';
import { habitScheduleOf, type HabitDay, type HabitSchedule } from '@ignition/shared/rules/habits.ts';
import type { InStatement, ResultSet } from '@libsql/client';
import type { PushEvent, RowChange } from '@ignition/shared/sync/protocol.ts';
import { loadOwned } from './facts.ts';
import type { Db, SqlValue } from './sql.ts';
import type { DeletedRows, Row, WrittenRows } from './rewarders/types.ts';

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
  /** the habits' rows, summaries, logs and skips as the push leaves them, read before it applied (absent: read when needed) */
  known?: HabitKnown;
}

/** The fields of a habit its streak is counted by. */
export const STREAK_FIELDS = ['frequency', 'target_count', 'schedule', 'schedule_days', 'schedule_every', 'schedule_start'];

/** No log written: for a push without habit logs, or a read outside any push. */
export const noHabitLogWrites = (): HabitLogWrites => ({ inserted: new Map(), changed: new Set() });

/**
 * Reads which habits a push's changes touch, before they are applied, and what the push's streaks
 * need of them (habitStreakReads): one round trip through the push's transaction. The changes are
 * then applied, and `habitLogWritesFrom` lays what they wrote over what was read.
 */
export async function readHabitFacts(tx: Db, q: HabitQuery): Promise<HabitFacts | null> {
  const stmts = habitStreakReads(q);
  return stmts.length ? habitStreakFacts(await tx.batch(stmts), q) : null;
}

/** The push's habit work: its row changes and events, as the client sent them. */
export interface HabitQuery {
  userId: string;
  changes: readonly RowChange[];
  events: readonly PushEvent[];
}

/** The stored facts behind a push's habit streaks, read before its changes apply. */
export interface HabitFacts {
  /** the user's stored logs and skips the push names (by change or by habit_complete event) */
  storedLogs: Map<string, { habit_id: string; date: SqlValue; count: SqlValue }>;
  storedSkips: Map<string, { habit_id: string; date: SqlValue }>;
  /** every habit id the read looked for: the push's own and those of the stored rows above */
  asked: Set<string>;
  /** the user's habits among them, each with its stored summary and its logs and skips from `floor` on */
  habits: Map<string, { row: Row; history: SqlValue; floor: string; logs: Log[] }>;
}

/** What a push's habit streaks can be computed from in memory: the facts with its writes laid over them. */
export interface HabitKnown {
  asked: Set<string>;
  habits: Map<string, { row: Row; history: SqlValue; floor: string; logs: Log[] }>;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const isStreakChange = (c: RowChange) => c.table === 'habits' && c.op === 'upsert' && STREAK_FIELDS.some((f) => f in (c.fields ?? {}));
const isLogEdit = (c: RowChange) => c.op === 'delete' || 'date' in (c.fields ?? {}) || 'count' in (c.fields ?? {}) || 'habit_id' in (c.fields ?? {});
const eventLogIds = (q: HabitQuery) => q.events.flatMap((e) => (e.event_type === 'habit_complete' && isStr(e.entity_id) ? [e.entity_id] : []));
const claimedHabitIds = (q: HabitQuery) =>
  uniq(q.changes.flatMap((c) => ((c.table === 'habit_logs' || c.table === 'habit_skips') && isStr(c.fields?.habit_id) ? [c.fields.habit_id] : isStreakChange(c) ? [c.id] : [])));

/**
 * The user's stored logs and skips a push names (their habit before the push, for `changed`), and
 * the habits concerned (named by the push, or the habit of a named stored log or skip), each with
 * its stored summary and its logs and skips from a floor on: its summary's split when the summary
 * will be carried on (the habit is not changed, and nothing the push logs or pays lies before the
 * split), else all of them. One statement finds a named log's stored habit and that habit's rows.
 */
export function habitStreakReads(q: HabitQuery): InStatement[] {
  const logChanges = q.changes.filter((c) => c.table === 'habit_logs');
  const skipChanges = q.changes.filter((c) => c.table === 'habit_skips');
  const logIds = uniq([...logChanges.map((c) => c.id), ...eventLogIds(q)]);
  const skipIds = uniq(skipChanges.map((c) => c.id));
  const claimed = claimedHabitIds(q);
  if (logIds.length === 0 && skipIds.length === 0 && claimed.length === 0) return [];
  const changedDirect = uniq(q.changes.flatMap((c) => (c.table === 'habit_skips' && isStr(c.fields?.habit_id) ? [c.fields.habit_id] : isStreakChange(c) ? [c.id] : [])));
  const editIds = logChanges.filter(isLogEdit).map((c) => c.id);
  const moves = logChanges.flatMap((c) => (isStr(c.fields?.habit_id) ? [[c.id, c.fields.habit_id]] : []));
  const dates = logChanges.flatMap((c) => (c.op === 'upsert' && isStr(c.fields?.habit_id) && isStr(c.fields?.date) ? [[c.fields.habit_id, c.fields.date]] : []));
  const J = JSON.stringify;
  return [
    {
      sql: `SELECT 'l' AS t, id, habit_id, date, count FROM habit_logs WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?2))
        UNION ALL SELECT 's', id, habit_id, date, NULL FROM habit_skips WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?3))`,
      args: [q.userId, J(logIds), J(skipIds)],
    },
    {
      sql: `WITH sl AS (SELECT id, habit_id, date FROM habit_logs WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?2))),
        ss AS (SELECT habit_id FROM habit_skips WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?3))),
        rel(id) AS (SELECT value FROM json_each(?4) UNION SELECT habit_id FROM sl UNION SELECT habit_id FROM ss),
        ch(id) AS (SELECT value FROM json_each(?5) UNION SELECT habit_id FROM ss UNION SELECT habit_id FROM sl WHERE id IN (SELECT value FROM json_each(?6))
          UNION SELECT json_extract(p.value, '$[1]') FROM json_each(?7) p WHERE json_extract(p.value, '$[0]') IN (SELECT id FROM sl)),
        dt(hid, d) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?8) UNION ALL SELECT habit_id, date FROM sl),
        hs AS (SELECT h.*, s.history AS "_history",
          CASE WHEN h.id IN (SELECT id FROM ch) THEN ''
               WHEN s.history IS NULL OR NOT json_valid(s.history) THEN ''
               WHEN json_extract(s.history, '$.v') IS NOT 2 OR json_type(s.history, '$.split') IS NOT 'text' THEN ''
               WHEN EXISTS (SELECT 1 FROM dt WHERE dt.hid = h.id AND NOT (dt.d >= json_extract(s.history, '$.split'))) THEN ''
               ELSE json_extract(s.history, '$.split') END AS "_floor"
          FROM habits h LEFT JOIN user_streaks s ON s.id = 'st_' || ?1 || '_habit_' || h.id
          WHERE h.user_id = ?1 AND h.id IN (SELECT id FROM rel))
        SELECT hs.*,
          (SELECT group_concat(date || char(31) || COALESCE(count, 1), char(30)) FROM habit_logs WHERE habit_id = hs.id AND user_id = ?1 AND date >= hs."_floor") AS "_logs",
          (SELECT group_concat(date, char(30)) FROM habit_skips WHERE habit_id = hs.id AND user_id = ?1 AND date >= hs."_floor") AS "_skips"
        FROM hs`,
      args: [q.userId, J(logIds), J(skipIds), J(claimed), J(changedDirect), J(editIds), J(moves), J(dates)],
    },
  ];
}

/** A habit's logs and skips as `HABIT_LOGS_SQL` joins them. */
function splitLogs(joined: unknown, skips: unknown): Log[] {
  const logs: Log[] =
    joined == null
      ? []
      : String(joined)
          .split('\x1e')
          .map((x) => {
            const cut = x.indexOf('\x1f');
            return { date: x.slice(0, cut), count: Number(x.slice(cut + 1)) };
          });
  if (skips != null) for (const date of String(skips).split('\x1e')) logs.push({ date, count: 0, skip: true });
  return logs;
}

export function habitStreakFacts(results: ResultSet[], q: HabitQuery): HabitFacts {
  const storedLogs: HabitFacts['storedLogs'] = new Map();
  const storedSkips: HabitFacts['storedSkips'] = new Map();
  for (const r of results[0]?.rows ?? []) {
    if (r.t === 'l') storedLogs.set(String(r.id), { habit_id: String(r.habit_id), date: r.date as SqlValue, count: r.count as SqlValue });
    else storedSkips.set(String(r.id), { habit_id: String(r.habit_id), date: r.date as SqlValue });
  }
  const asked = new Set([...claimedHabitIds(q), ...[...storedLogs.values(), ...storedSkips.values()].map((r) => r.habit_id)]);
  const habits: HabitFacts['habits'] = new Map();
  for (const r of results[1]?.rows ?? []) {
    const row: Row = {};
    for (const [k, v] of Object.entries(r)) if (!k.startsWith('_')) row[k] = v as SqlValue;
    habits.set(String(r.id), { row, history: (r._history ?? null) as SqlValue, floor: String(r._floor ?? ''), logs: splitLogs(r._logs, r._skips) });
  }
  return { storedLogs, storedSkips, asked, habits };
}

/** The habits a push's changes touch (as `habitLogWrites` tells), with what they read laid under what the push wrote. */
export function habitLogWritesFrom(facts: HabitFacts | null, changes: readonly RowChange[], written: WrittenRows, deleted?: DeletedRows): HabitLogWrites {
  const writes = noHabitLogWrites();
  if (!facts) return writes;
  for (const c of changes) {
    if (c.table !== 'habit_skips') continue;
    const old = facts.storedSkips.get(c.id);
    if (old) writes.changed.add(old.habit_id);
    if (isStr(c.fields?.habit_id)) writes.changed.add(c.fields.habit_id);
  }
  for (const c of changes) if (isStreakChange(c)) writes.changed.add(c.id);
  for (const c of changes) {
    if (c.table !== 'habit_logs') continue;
    const fields = c.fields ?? {};
    const old = facts.storedLogs.get(c.id);
    if (old) {
      if (isLogEdit(c)) {
        writes.changed.add(old.habit_id);
        if (isStr(fields.habit_id)) writes.changed.add(fields.habit_id);
      }
    } else if (c.op === 'upsert' && isStr(fields.habit_id) && isStr(fields.date)) {
      const first = writes.inserted.get(fields.habit_id);
      if (first === undefined || fields.date < first) writes.inserted.set(fields.habit_id, fields.date);
    }
  }
  const known = knownAfter(facts, changes, written, deleted);
  if (known) writes.known = known;
  return writes;
}

/** Defaults of a new habit row (migration 10) that its streak and reward read. */
const NEW_HABIT: Row = { frequency: 'daily', target_count: 1, archived: 0, streak_current: 0, streak_best: 0 };

/**
 * The read facts with the push's writes laid over them, less the rows it deleted: what reading
 * after the push applied would give. Null (each habit is then read when needed, through the
 * transaction) when the push deletes habit rows, logs or skips and the rows it deleted are not
 * given, or writes a new row whose database default the streak depends on.
 */
function knownAfter(facts: HabitFacts, changes: readonly RowChange[], written: WrittenRows, deleted?: DeletedRows): HabitKnown | null {
  if (!deleted && changes.some((c) => c.op === 'delete' && (c.table === 'habits' || c.table === 'habit_logs' || c.table === 'habit_skips'))) return null;
  const gone = (table: string, id: string) => !!deleted?.get(table)?.has(id);
  const habits = new Map([...facts.habits].map(([id, h]) => [id, { ...h, row: { ...h.row }, logs: [...h.logs] }]));
  for (const [id, w] of written.get('habits') ?? []) {
    if (!facts.asked.has(id)) continue;
    const h = habits.get(id);
    if (h) Object.assign(h.row, w);
    else {
      // Without a start of its own, an every-N-days schedule starts on the day the row was made (a database default here).
      if (w.schedule === 'every_n_days' && !isStr(w.created_at) && !(isStr(w.schedule_start) && /^\d{4}-\d{2}-\d{2}$/.test(w.schedule_start) && !Number.isNaN(Date.parse(w.schedule_start)))) return null;
      habits.set(id, { row: { id, ...NEW_HABIT, ...w }, history: null, floor: '', logs: [] });
    }
  }
  // A deleted habit is gone with its logs and skips (the database cascades): none of the user's any more.
  for (const id of deleted?.get('habits') ?? []) habits.delete(id);
  const take = (habitId: string, entry: Log): boolean => {
    const h = habits.get(habitId);
    if (!h || entry.date < h.floor) return true;
    const at = h.logs.findIndex((l) => l.date === entry.date && !!l.skip === !!entry.skip && (entry.skip || l.count === entry.count));
    if (at < 0) return false;
    h.logs.splice(at, 1);
    return true;
  };
  const put = (habitId: string, entry: Log) => {
    const h = habits.get(habitId);
    if (h && entry.date >= h.floor) h.logs.push(entry);
  };
  const countOf = (v: SqlValue | undefined) => (v == null ? 1 : Number(v));
  for (const [id, w] of written.get('habit_logs') ?? []) {
    const old = facts.storedLogs.get(id);
    const habitId = 'habit_id' in w ? w.habit_id : old?.habit_id;
    const date = 'date' in w ? w.date : old?.date;
    const count = 'count' in w ? w.count : old?.count;
    // A row without its habit (or with a null day) cannot be stored: the database refuses it.
    if (!isStr(habitId) || (date === null && 'date' in w)) continue;
    if (!isStr(date)) return null; // a new log without its day takes the database's day
    if (old && isStr(old.date) && !take(old.habit_id, { date: old.date, count: countOf(old.count) })) return null;
    // Written, then deleted later in the same push: it was taken out above and is not put back.
    if (!gone('habit_logs', id)) put(habitId, { date, count: countOf(count) });
  }
  for (const [id, w] of written.get('habit_skips') ?? []) {
    const old = facts.storedSkips.get(id);
    const habitId = 'habit_id' in w ? w.habit_id : old?.habit_id;
    const date = 'date' in w ? w.date : old?.date;
    if (!isStr(habitId) || !isStr(date)) continue; // the database refuses a skip without its habit or day
    if (old && isStr(old.date) && !take(old.habit_id, { date: old.date, count: 0, skip: true })) return null;
    if (!gone('habit_skips', id)) put(habitId, { date, count: 0, skip: true });
  }
  // Stored logs and skips the push deleted without writing them first: taken out of their habit's days.
  for (const id of deleted?.get('habit_logs') ?? []) {
    const old = facts.storedLogs.get(id);
    if (old && !written.get('habit_logs')?.has(id) && isStr(old.date) && !take(old.habit_id, { date: old.date, count: countOf(old.count) })) return null;
  }
  for (const id of deleted?.get('habit_skips') ?? []) {
    const old = facts.storedSkips.get(id);
    if (old && !written.get('habit_skips')?.has(id) && isStr(old.date) && !take(old.habit_id, { date: old.date, count: 0, skip: true })) return null;
  }
  return { asked: facts.asked, habits };
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

  /** A habit of the user's as the push leaves it (from the push's read when it covers it). */
  async habit(tx: Db, id: string): Promise<R | undefined> {
    const known = this.writes.known;
    if (known?.asked.has(id)) return known.habits.get(id)?.row;
    return (await loadOwned<R & { id: string }>(tx, 'habits', [id], this.userId)).get(id);
  }

  /**
   * The stored summary (or none) and the logs after it, enough to compute the streak on any day
   * from `from` on: from the push's read when it holds them, else read through `tx` (on the planned
   * push that read makes it the interactive one).
   */
  async view(tx: Db, habit: R, from: string): Promise<{ prefix: HabitStreakPrefix | null; logs: Log[] }> {
    const id = String(habit.id);
    const cached = this.views.get(id);
    if (cached && (!cached.prefix || cached.prefix.split <= from)) return cached;
    const known = this.writes.known?.asked.has(id) ? this.writes.known.habits.get(id) : undefined;
    let prefix: HabitStreakPrefix | null = null;
    if (!cached && !this.writes.changed.has(id)) {
      const stored = known ? known.history : (await tx.execute({ sql: STORED_HABIT_STREAK_SQL, args: [`st_${this.userId}_habit_${id}`] })).rows[0]?.history;
      let p: unknown = null;
      try {
        p = JSON.parse(String(stored ?? 'null'));
      } catch {
        /* not a summary: read everything */
      }
      const firstNew = this.writes.inserted.get(id);
      if (isHabitStreakPrefix(p, streakRuleOf(habit), Number(habit.target_count ?? 1)) && p.split <= from && p.split <= this.today && (firstNew === undefined || firstNew >= p.split)) prefix = p;
    }
    const split = prefix?.split ?? '';
    let logs: Log[];
    if (known && known.floor <= split) {
      logs = known.logs.filter((l) => l.date >= split);
    } else {
      const read = (await tx.execute({ sql: HABIT_LOGS_SQL, args: [id, this.userId, split] })).rows[0];
      // One joined string instead of a row object per log (years of a daily habit are 1,000+).
      logs = splitLogs(read?.s, read?.k);
    }
    const view = { prefix, logs };
    this.views.set(id, view);
    return view;
  }

  /** The streak rows to write: every habit an event moved or whose logs the push changed. */
  async rows(tx: Db, nowIso: string): Promise<SqlValue[][]> {
    const missing = [...new Set([...this.writes.inserted.keys(), ...this.writes.changed])].filter((id) => !this.habits.has(id));
    const known = this.writes.known;
    for (const id of missing.filter((id) => known?.asked.has(id)).sort()) {
      const h = known!.habits.get(id)?.row;
      if (h) this.habits.set(id, h);
    }
    const unknown = missing.filter((id) => !known?.asked.has(id));
    for (const h of (await loadOwned<R & { id: string }>(tx, 'habits', unknown, this.userId)).values()) this.habits.set(String(h.id), h);
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
