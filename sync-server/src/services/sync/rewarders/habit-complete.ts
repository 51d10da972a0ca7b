import { addDays, weekStart } from '@ignition/shared/dates.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { frequencyOf, habitStreakAround } from '../habit-streaks.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import type { SqlValue } from '../sql.ts';
import { dropCascaded, overlay, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

/**
 * What was already paid for a habit in a period: the counts of its rewarded logs dated in it (a
 * log undone since still counts, from the event's metadata). Events from before `log_date` was
 * recorded are placed by their log row. By the (user, habit, log date) index of migration 24, so
 * the read is the period's few events, not every habit reward the person ever had. (The rewarder
 * reads the same rows for all its periods at once; this is its reading when a period lies outside.)
 */
export const HABIT_PAID_IN_PERIOD_SQL = `SELECT COALESCE(SUM(n), 0) AS n FROM (
  SELECT COALESCE(json_extract(a.metadata, '$.count'), l.count, 1) AS n
    FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
    WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') = ?2 AND json_extract(a.metadata, '$.log_date') BETWEEN ?3 AND ?4
  UNION ALL
  SELECT COALESCE(json_extract(a.metadata, '$.count'), l.count, 1)
    FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
    WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') = ?2 AND json_extract(a.metadata, '$.log_date') IS NULL AND l.date BETWEEN ?3 AND ?4)`;

/**
 * The rewarded habit_complete events of the push's logs' habits over a window of days (six days
 * either side of every day the logs are dated: a week holding any of them), each with its log's
 * stored day and count (for events from before `log_date` and `count` were recorded), and the
 * window itself (one row even when nothing was paid). Legacy events of logs the push writes are
 * read whatever their stored day, for the day written to be laid over it.
 */
export const PAID_SQL = `WITH d(x) AS (SELECT value FROM json_each(?3) UNION ALL SELECT date FROM habit_logs WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?2))),
  w(lo, hi) AS (SELECT date(MIN(x), '-6 days'), date(MAX(x), '+6 days') FROM d WHERE x GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  h(id) AS (SELECT habit_id FROM habit_logs WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?2)) UNION SELECT value FROM json_each(?4))
  SELECT w.lo, w.hi, p.hid, p.ld, p.mc, p.eid, p.ldate, p.lcount FROM w LEFT JOIN (
    SELECT json_extract(a.metadata, '$.habit_id') AS hid, json_extract(a.metadata, '$.log_date') AS ld, json_extract(a.metadata, '$.count') AS mc, a.entity_id AS eid, l.date AS ldate, l.count AS lcount
      FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
      WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') IN (SELECT id FROM h)
        AND json_extract(a.metadata, '$.log_date') BETWEEN (SELECT lo FROM w) AND (SELECT hi FROM w)
    UNION ALL
    SELECT json_extract(a.metadata, '$.habit_id'), NULL, json_extract(a.metadata, '$.count'), a.entity_id, l.date, l.count
      FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
      WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') IN (SELECT id FROM h)
        AND json_extract(a.metadata, '$.log_date') IS NULL AND (l.date BETWEEN (SELECT lo FROM w) AND (SELECT hi FROM w) OR a.entity_id IN (SELECT value FROM json_each(?5)))
  ) p ON 1`;

interface Paid {
  habitId: SqlValue;
  logDate: SqlValue;
  metaCount: SqlValue;
  /** the log's day and count as the push leaves them */
  rowDate: SqlValue;
  rowCount: SqlValue;
}

export interface HabitCompleteFacts {
  /** the user's logs the events name, as the push leaves them */
  logs: Map<string, Row>;
  /** the days the paid rows cover */
  lo: string | null;
  hi: string | null;
  paid: Paid[];
  /** counted in this push so far, by habit and period */
  counts: Map<string, number>;
  /** each event's habit (null: not the user's), day, streak around it and what its period had paid, from `prepare` */
  ready: Map<string, { habit: Record<string, unknown>; logDate: string; paidBefore: number; before: number; after: number } | null>;
}

const logIds = (q: RewardQuery) => [...new Set(q.events.flatMap((e) => (typeof e.entity_id === 'string' ? [e.entity_id] : [])))];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** SQLite's reading of a value as a number (SUM of a text). */
const num = (v: SqlValue): number => (typeof v === 'number' ? v : Number.parseFloat(String(v)) || 0);

/** What `HABIT_PAID_IN_PERIOD_SQL` sums, over the rows read. */
function paidIn(f: HabitCompleteFacts, habitId: string, from: string, to: string): number {
  let n = 0;
  for (const p of f.paid) {
    if (p.habitId !== habitId) continue;
    const inPeriod = typeof p.logDate === 'string' ? p.logDate >= from && p.logDate <= to : p.logDate == null && typeof p.rowDate === 'string' && p.rowDate >= from && p.rowDate <= to;
    if (inPeriod) n += num(p.metaCount ?? p.rowCount ?? 1);
  }
  return n;
}

/**
 * A habit log done: paid up to the habit's target_count per period (its day, or its ISO week),
 * counting what was already paid for logs dated in that period (so undoing a paid log and logging
 * again pays nothing more), with the streak bonus the log makes. The habit, its summary and logs
 * come from the push's habit streaks (habit-streaks.ts, read with the push's changes); the log
 * rows and what was paid are read here.
 */
export const habitComplete: Rewarder<HabitCompleteFacts> = {
  type: 'habit_complete',
  entityTable: 'habit_logs',
  // The habit and its days come from the push's habit streaks, which lay its deletes over them too (habit-streaks.ts).
  tables: ['habit_logs', 'habits', 'habit_skips'],
  oncePerEntity: true,
  reads(q) {
    const ids = logIds(q);
    if (ids.length === 0) return [];
    const written = q.written.get('habit_logs');
    const mine = ids.flatMap((id) => (written?.has(id) ? [written.get(id)!] : []));
    const dates = mine.flatMap((w) => (typeof w.date === 'string' ? [w.date] : []));
    const habits = mine.flatMap((w) => (typeof w.habit_id === 'string' ? [w.habit_id] : []));
    return [
      { sql: 'SELECT * FROM habit_logs WHERE +user_id = ? AND id IN (SELECT value FROM json_each(?))', args: [q.userId, JSON.stringify(ids)] },
      { sql: PAID_SQL, args: [q.userId, JSON.stringify(ids), JSON.stringify(dates), JSON.stringify(habits), JSON.stringify([...(written?.keys() ?? [])])] },
    ];
  },
  facts(results, q) {
    const written = q.written.get('habit_logs');
    const gone = q.deleted?.get('habit_logs');
    // A deleted habit takes its logs with it (the database cascades, without tombstones of the logs).
    const goneHabits = q.deleted?.get('habits');
    const asLeft = overlay(rowsOf(results[0]), written, undefined, gone);
    const logs = dropCascaded(new Map(asLeft), q, 'habit_id', 'habits');
    const rows = rowsOf(results[1]);
    const paid: Paid[] = [];
    for (const r of rows) {
      if (r.hid == null) continue;
      let rowDate = r.ldate;
      let rowCount = r.lcount;
      const eid = typeof r.eid === 'string' ? r.eid : undefined;
      const w = eid ? written?.get(eid) : undefined;
      // Whether the push removed the log the event joins: deleted, or taken with its deleted habit.
      let removed = !!eid && !!gone?.has(eid);
      if (!removed && eid && goneHabits?.size && (r.ld == null || r.mc == null) && (r.ldate != null || r.lcount != null || w)) {
        const l = asLeft.get(eid);
        if (l?.habit_id == null) throw new NeedsInteractivePush('a deleted habit beside a paid log it may have taken with it');
        removed = goneHabits.has(String(l.habit_id));
      }
      if (removed) {
        // Its event joins no row any more (it counts by its metadata alone).
        rowDate = null;
        rowCount = null;
      } else if (w) {
        if ('date' in w) rowDate = w.date;
        else if (rowDate == null && r.ld == null) throw new NeedsInteractivePush('a new habit log without its day');
        if ('count' in w) rowCount = w.count;
      }
      paid.push({ habitId: r.hid, logDate: r.ld, metaCount: r.mc, rowDate, rowCount });
    }
    const lo = rows[0]?.lo;
    const hi = rows[0]?.hi;
    return { logs, lo: typeof lo === 'string' ? lo : null, hi: typeof hi === 'string' ? hi : null, paid, counts: new Map(), ready: new Map() };
  },
  entity: (f, id) => f.logs.get(id),
  async prepare(e, row, f, ctx) {
    const habits = ctx.habits!;
    const habit = await habits.habit(ctx.db!, String(row!.habit_id));
    if (!habit) {
      f.ready.set(e.id, null);
      return;
    }
    // The log's own date places it in its period (a log for yesterday counts for yesterday).
    const logDate = DAY.test(String(row!.date ?? '')) ? String(row!.date) : e.local_date;
    const streak = habitStreakAround(await habits.view(ctx.db!, habit, logDate), habit, logDate);
    // "Up to target_count per period" counts the counts of already rewarded logs in the log's period (day or ISO week),
    // read from the rewarded events themselves so that undoing a paid log and logging again is not paid twice.
    const weekly = frequencyOf(habit) === 'weekly';
    const from = weekly ? weekStart(logDate) : logDate;
    const to = weekly ? addDays(from, 6) : logDate;
    const paidBefore =
      f.lo !== null && f.hi !== null && f.lo <= from && to <= f.hi
        ? paidIn(f, String(habit.id), from, to)
        : Number((await ctx.db!.execute({ sql: HABIT_PAID_IN_PERIOD_SQL, args: [ctx.userId, String(habit.id), from, to] })).rows[0]?.n ?? 0);
    habits.touch(habit);
    f.ready.set(e.id, { habit, logDate, paidBefore, ...streak });
  },
  reward(e, row, f) {
    const ready = f.ready.get(e.id);
    if (!ready) return { result: { rejected: 'unknown_entity', message: 'The habit of this log does not exist' } };
    const { habit, logDate } = ready;
    const periodKey = `${habit.id}|${habit.frequency === 'weekly' ? weekStart(logDate) : logDate}`;
    const result = computeReward({
      type: 'habit_complete',
      habit: { xp_reward: habit.xp_reward == null ? null : Number(habit.xp_reward), coin_reward: habit.coin_reward == null ? null : Number(habit.coin_reward), skill_id: habit.skill_id == null ? null : String(habit.skill_id) },
      countInPeriodBefore: ready.paidBefore + (f.counts.get(periodKey) ?? 0),
      count: Number(row!.count ?? 1),
      target_count: Number(habit.target_count ?? 1),
      streakBefore: ready.before,
      streakAfter: ready.after,
    });
    if (!('rejected' in result)) f.counts.set(periodKey, (f.counts.get(periodKey) ?? 0) + Number(row!.count ?? 1));
    // The paid log's date and count, so an undone (deleted) log still counts toward its period.
    return { result, meta: { habit_id: habit.id as string, log_date: logDate, count: Number(row!.count ?? 1) } };
  },
};
