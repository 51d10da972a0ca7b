import { selectIn, type Db } from './sql.ts';

/**
 * The SQL that loads a user's rows by id. By the primary key (`+user_id` keeps SQLite off the
 * user index: for a long id list it chose that index and read every row the person has in the
 * table, on every push).
 */
export const ownedRowsSql = (table: string, columns = '*') => `SELECT ${columns} FROM "${table}" WHERE +user_id = ? AND id IN`;

/**
 * Loads the server's own rows that events refer to: the facts rewards are computed from.
 * `columns` narrows the read where the reward needs only that the row is there (a journal
 * entry's text can run to pages).
 */
export async function loadOwned<T extends { id: string }>(tx: Db, table: string, ids: string[], userId: string, columns = '*'): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows = await selectIn<T>(tx, ownedRowsSql(table, columns), ids, [userId]);
  return new Map(rows.map((r) => [String(r.id), r]));
}

export async function loadByIds<T extends { id: string }>(tx: Db, table: string, ids: string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows = await selectIn<T>(tx, `SELECT * FROM "${table}" WHERE id IN`, ids);
  return new Map(rows.map((r) => [String(r.id), r]));
}

/**
 * The daily caps' reads: the person's rewarded events on the push's dates. Pinned to the (user,
 * date) index: for the GROUP BY, SQLite preferred the (user, type) index and read every event the
 * person ever had on each push (11 ms at 33,000 events, against 0.1 ms by date).
 */
export const DAILY_TOTALS_SQL =
  'SELECT event_type, local_date, COUNT(*) AS n, COALESCE(SUM(xp_earned), 0) AS xp FROM activity_events INDEXED BY idx_activity_events_user_date WHERE user_id = ? AND xp_earned > 0 AND local_date IN';

/** Counts and XP of already accepted events per (type, local date): the daily caps' starting point. */
export async function loadDailyTotals(tx: Db, userId: string, dates: string[]): Promise<Map<string, { count: number; xp: number }>> {
  const out = new Map<string, { count: number; xp: number }>();
  if (dates.length === 0) return out;
  const rows = await selectIn<{ event_type: string; local_date: string; n: number; xp: number }>(tx, DAILY_TOTALS_SQL, dates, [userId], 'GROUP BY event_type, local_date');
  for (const r of rows) out.set(`${r.event_type}|${r.local_date}`, { count: Number(r.n), xp: Number(r.xp) });
  return out;
}

/** Keys of once-only rewards already granted (event type + entity, or + occurrence for planner events). */
export async function loadRewardedKeys(tx: Db, userId: string, entityIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (entityIds.length === 0) return out;
  const rows = await selectIn<{ event_type: string; entity_id: string; occ: string | null }>(
    tx,
    "SELECT event_type, entity_id, json_extract(metadata, '$.occurrence_date') AS occ FROM activity_events WHERE user_id = ? AND entity_id IN",
    entityIds,
    [userId],
  );
  for (const r of rows) out.add(onceKey(r.event_type, r.entity_id, r.occ));
  return out;
}

export function onceKey(type: string, entity: string | null | undefined, occurrence?: string | null): string {
  return `${type}|${entity ?? ''}|${occurrence ?? ''}`;
}
