import type { InStatement, ResultSet } from '@libsql/client';
import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { computeDailyStreak, continueDailyStreak, type DailyStreak } from '@ignition/shared/rules/streaks.ts';
import { addDays } from '@ignition/shared/dates.ts';
import type { SqlValue } from './sql.ts';
import type { AcceptedEvent } from './ledger.ts';

/** A row as read: column name to value. */
type R = Record<string, unknown>;

/**
 * The daily streak in three steps that never interleave: the read set (`streakReads`, run by the
 * planned push in its one read batch and by the interactive push through its transaction, in
 * both cases before the push's events are written), a pure step over those facts and the push's
 * accepted events (`carryDailyStreak`, else `walkDailyStreak`), and the row written
 * (`dailyStreakRow`).
 */

/**
 * The reads behind the daily streak, run on every push that changes the economy, over the whole
 * history: each must stay on an index (economy.test.ts checks the plans). The days come from
 * the (user, date, xp) index alone. `+local_date` groups without that index, so SQLite finds
 * the shield purchases by the (user, type) index instead of walking every event.
 */
export const STREAK_DAYS_SQL = 'SELECT DISTINCT local_date FROM activity_events WHERE user_id = ? AND xp_earned > 0';
export const SHIELD_GRANTS_SQL =
  "SELECT local_date AS date, COUNT(*) AS count FROM activity_events WHERE user_id = ? AND event_type = 'reward_purchase' AND json_extract(metadata, '$.kind') = 'streak_shield' GROUP BY +local_date";
/**
 * The reads that carry the stored streak on instead (see `carryDailyStreak`): the stored row by
 * its key, the latest shield purchase, and the rewarded events after the stored last day, which
 * must be none before this push. Each reads a few rows however long the history. (For
 * MAX(local_date) SQLite would walk the (user, date) index backwards through every event of a
 * person who never bought a shield; the purchases are found by type instead.)
 */
export const STORED_STREAK_SQL = 'SELECT shields, last_active_date, history FROM user_streaks WHERE id = ?';
export const LATEST_SHIELD_SQL =
  "SELECT MAX(local_date) AS d FROM activity_events INDEXED BY idx_activity_events_user_type WHERE user_id = ? AND event_type = 'reward_purchase' AND json_extract(metadata, '$.kind') = 'streak_shield'";
export const ACTIVE_AFTER_SQL = 'SELECT COUNT(*) AS n FROM activity_events INDEXED BY idx_activity_events_user_date WHERE user_id = ? AND local_date > ? AND xp_earned > 0';
/** ACTIVE_AFTER_SQL after the stored row's own last day (user, daily row id): in the same batch as the row. */
export const ACTIVE_AFTER_STORED_SQL =
  'SELECT COUNT(*) AS n FROM activity_events INDEXED BY idx_activity_events_user_date WHERE user_id = ? AND local_date > (SELECT last_active_date FROM user_streaks WHERE id = ?) AND xp_earned > 0';
export const STRAY_DAILY_SQL = "SELECT id FROM user_streaks WHERE user_id = ? AND streak_type = 'daily' AND id <> ?";

const DAY_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
/**
 * Whether a push must walk every day (1) or may carry the stored streak on (0): there is no
 * stored streak whose runs are runs of dates, that accounts for every rewarded day so far, ends on its last run, and is on or
 * before `?3` (the earliest day the push's events can be paid on), or a shield was bought after
 * its last day, or the push buys something (`?4`: the shields held are walked). Args: user,
 * daily row id, earliest day, purchase (0/1). The few index lookups of `carryDailyStreak`'s own
 * reads.
 */
export const WALK_NEEDED_SQL = `SELECT CASE WHEN ?4 THEN 1 ELSE NOT EXISTS (
  SELECT 1 FROM user_streaks s WHERE s.id = ?2 AND s.last_active_date IS NOT NULL AND s.last_active_date <= ?3
    AND json_valid(s.history) AND json_type(s.history) = 'array' AND json_extract(s.history, '$[#-1].end') = s.last_active_date
    AND NOT EXISTS (SELECT 1 FROM json_each(s.history) r WHERE NOT (json_type(r.value, '$.start') = 'text' AND json_extract(r.value, '$.start') GLOB '${DAY_GLOB}'
      AND json_type(r.value, '$.end') = 'text' AND json_extract(r.value, '$.end') GLOB '${DAY_GLOB}' AND json_type(r.value, '$.length') = 'integer' AND json_extract(r.value, '$.length') > 0))
    AND NOT EXISTS (SELECT 1 FROM activity_events a INDEXED BY idx_activity_events_user_date WHERE a.user_id = ?1 AND a.local_date > s.last_active_date AND a.xp_earned > 0)
    AND COALESCE((SELECT MAX(g.local_date) FROM activity_events g INDEXED BY idx_activity_events_user_type WHERE g.user_id = ?1 AND g.event_type = 'reward_purchase' AND json_extract(g.metadata, '$.kind') = 'streak_shield'), '') <= s.last_active_date
) END AS need`;

/** The walk's two reads, run only when WALK_NEEDED_SQL says so (the condition's row comes first: SQLite skips the scan when it is 0). */
const walkDaysWhenSql = `SELECT DISTINCT a.local_date FROM (${WALK_NEEDED_SQL}) w CROSS JOIN activity_events a WHERE w.need AND a.user_id = ?1 AND a.xp_earned > 0`;
const walkGrantsWhenSql = `SELECT a.local_date AS date, COUNT(*) AS count FROM (${WALK_NEEDED_SQL}) w CROSS JOIN activity_events a INDEXED BY idx_activity_events_user_type WHERE w.need AND a.user_id = ?1 AND a.event_type = 'reward_purchase' AND json_extract(a.metadata, '$.kind') = 'streak_shield' GROUP BY +a.local_date`;

/** Every rewarded day and shield grant before this push. */
export interface StreakWalk {
  dates: string[];
  grants: Array<{ date: string; count: number }>;
}

/** What the daily streak reads, before the push's events are written: the same on both paths. */
export interface StreakFacts {
  /** the stored daily streak row (STORED_STREAK_SQL), if any */
  storedDaily: R | undefined;
  /** rewarded events dated after the stored streak's last day, before this push */
  activeAfterStored: number;
  /** the latest shield purchase's day (LATEST_SHIELD_SQL) */
  latestShield: string | null;
  /** every rewarded day and shield grant, when read (see WALK_NEEDED_SQL) */
  walk?: StreakWalk;
  /** daily streak rows under another id (see the ledger's dropStrayDailyRows) */
  strays: string[];
}

export const dailyRowId = (userId: string) => `st_${userId}_daily`;

/**
 * The read set. Without `walkWhen` (the interactive push) the four reads that carry the streak on
 * (the walk is read on its own when needed: `walkReads`); with it (the planned push) also the walk,
 * in the same batch, when WALK_NEEDED_SQL says it may be needed.
 */
export function streakReads(userId: string, walkWhen?: { earliestDay: string; purchase: boolean }): InStatement[] {
  const daily = dailyRowId(userId);
  const carry: InStatement[] = [
    { sql: STORED_STREAK_SQL, args: [daily] },
    { sql: ACTIVE_AFTER_STORED_SQL, args: [userId, daily] },
    { sql: LATEST_SHIELD_SQL, args: [userId] },
    { sql: STRAY_DAILY_SQL, args: [userId, daily] },
  ];
  if (!walkWhen) return carry;
  const args: SqlValue[] = [userId, daily, walkWhen.earliestDay, walkWhen.purchase ? 1 : 0];
  return [...carry, { sql: WALK_NEEDED_SQL, args }, { sql: walkDaysWhenSql, args }, { sql: walkGrantsWhenSql, args }];
}

/** The walk's reads, unconditionally (the interactive push, when it needs them). */
export function walkReads(userId: string): InStatement[] {
  return [
    { sql: STREAK_DAYS_SQL, args: [userId] },
    { sql: SHIELD_GRANTS_SQL, args: [userId] },
  ];
}

const rows = (rs: ResultSet | undefined): R[] => (rs?.rows ?? []).map((r) => ({ ...r }) as R);

export function walkFrom(results: ResultSet[]): StreakWalk {
  return { dates: rows(results[0]).map((r) => String(r.local_date)), grants: rows(results[1]).map((r) => ({ date: String(r.date), count: Number(r.count) })) };
}

/** The facts from `streakReads`'s results (in its order). */
export function streakFactsFrom(results: ResultSet[]): StreakFacts {
  const d = rows(results[2])[0]?.d;
  return {
    storedDaily: rows(results[0])[0],
    activeAfterStored: Number(rows(results[1])[0]?.n ?? 0),
    latestShield: d == null ? null : String(d),
    walk: results.length > 4 && Number(rows(results[4])[0]?.need ?? 1) ? walkFrom(results.slice(5, 7)) : undefined,
    strays: rows(results[3]).map((r) => String(r.id)),
  };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDay = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);

/**
 * The earliest local day a push's events are expected to be paid on, for WALK_NEEDED_SQL: the
 * day each event names, else the day before its time's UTC day; and the rewarders' own dates. A
 * day the server places an event on before this (a claimed date it refused) finds the walk not
 * read and goes the interactive way.
 */
export function earliestPaidDay(events: readonly PushEvent[], nowMs: number, rewarderDates: readonly string[]): string {
  let min = addDays(utcDay(nowMs), -1);
  const take = (d: string) => {
    if (d < min) min = d;
  };
  for (const d of rewarderDates) if (isDay(d)) take(d);
  for (const e of events) {
    if (isDay(e.local_date)) take(e.local_date);
    else {
      const t = Date.parse(e.created_at);
      if (Number.isFinite(t) && t <= nowMs) take(addDays(utcDay(t), -1));
    }
  }
  return min;
}

const isDate = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);
const isRun = (r: unknown) => !!r && isDate((r as R).start) && isDate((r as R).end) && Number.isInteger((r as R).length) && Number((r as R).length) > 0;
const isShield = (e: AcceptedEvent) => e.event_type === 'reward_purchase' && e.metadata?.kind === 'streak_shield';

/**
 * The stored daily streak carried on to this push's active days, without the history (O(history)
 * on every push otherwise: 3.6 ms at 33,000 events). Null, and the caller walks every day, when
 * the push bought a shield, brought a day before the stored last day (an offline device's late
 * week), or the stored row does not account for every rewarded event before this push. More
 * events on the stored last day (a day's later pushes) change no day. Pure.
 */
export function carryDailyStreak(facts: StreakFacts, accepted: readonly AcceptedEvent[], today: string): DailyStreak | null {
  const fresh = accepted.filter((e) => e.xp > 0);
  if (fresh.length === 0 || accepted.some((e) => e.metadata?.kind === 'streak_shield')) return null;
  const stored = facts.storedDaily;
  const lastDay = stored?.last_active_date == null ? null : String(stored.last_active_date);
  let history: DailyStreak['history'];
  try {
    history = JSON.parse(String(stored?.history ?? 'null'));
  } catch {
    return null;
  }
  if (!lastDay || !Array.isArray(history) || !history.every(isRun)) return null;
  const dates = fresh.map((e) => e.local_date);
  if (dates.some((d) => d < lastDay)) return null; // (continueDailyStreak declines it too)
  // Read before this push's events were written: after the stored last day there must be none.
  if (facts.activeAfterStored !== 0) return null;
  const earlier: DailyStreak = { current: 0, best: 0, shields: Number(stored!.shields ?? 0), lastActiveDate: lastDay, history };
  return continueDailyStreak(earlier, dates, facts.latestShield, today);
}

/** Every rewarded day and shield grant, read before this push, with this push's own added. Pure. */
function withOwn(walk: StreakWalk, accepted: readonly AcceptedEvent[]): StreakWalk {
  const dates = [...new Set([...walk.dates, ...accepted.filter((e) => e.xp > 0).map((e) => e.local_date)])];
  const grants = new Map(walk.grants.map((g) => [g.date, g.count]));
  for (const e of accepted) if (isShield(e)) grants.set(e.local_date, (grants.get(e.local_date) ?? 0) + 1);
  return { dates, grants: [...grants].map(([date, count]) => ({ date, count })) };
}

/** The daily streak walked over every day (read before this push, with its own added). Pure. */
export function walkDailyStreak(walk: StreakWalk, accepted: readonly AcceptedEvent[], today: string): DailyStreak {
  const all = withOwn(walk, accepted);
  return computeDailyStreak(all.dates, all.grants, today);
}

/** Streak shields held on `date`: the walk of every rewarded day and grant up to that day, this push's accepted events included. Pure. */
export function shieldsHeldOn(walk: StreakWalk, accepted: readonly AcceptedEvent[], date: string): number {
  const all = withOwn(walk, accepted);
  return computeDailyStreak(
    all.dates.filter((d) => d <= date),
    all.grants.filter((g) => g.date <= date),
    date,
  ).shields;
}

/** The daily streak row's values (user_streaks columns in the ledger's insert order). */
export function dailyStreakRow(userId: string, snap: DailyStreak, nowIso: string): SqlValue[] {
  return [dailyRowId(userId), userId, 'daily', snap.current, snap.best, snap.shields, snap.lastActiveDate, JSON.stringify(snap.history ?? []), nowIso];
}
