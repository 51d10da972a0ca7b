import type { Client, InValue } from '@libsql/client';
import { withWriteTransaction } from '../db/write-transaction.ts';

/**
 * Which rows of every table belong to one user, found from the database's own schema so a table
 * added by any later migration is covered without touching this file:
 * a `user_id`/`userId` column says so directly; a table without one belongs to the user through
 * a foreign key to a row that does (workout sets → workout sessions → user).
 */
const USER_COLUMNS = ['user_id', 'userId'];
/** never leave the server: session hashes, one-time tokens, counters keyed by address */
const PRIVATE_TABLES = new Set(['sessions', 'verification_tokens', 'rate_limits', 'db_metadata', 'schema_migrations', 'migrations']);
/** secrets inside otherwise exportable rows */
const SECRET_COLUMNS = new Set(['access_token', 'refresh_token', 'id_token', 'session_state', 'sessionToken']);

interface Selector {
  table: string;
  /** SQL condition over the table; every `?` is the user's id */
  where: string;
  depth: number;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function userRowSelectors(db: Client): Promise<Selector[]> {
  const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'")).rows.map((r) => String(r.name));
  const columns = new Map<string, string[]>();
  const fks = new Map<string, Array<{ from: string; table: string; to: string }>>();
  for (const t of tables) {
    columns.set(t, (await db.execute(`PRAGMA table_info(${q(t)})`)).rows.map((r) => String(r.name)));
    fks.set(
      t,
      (await db.execute(`PRAGMA foreign_key_list(${q(t)})`)).rows.map((r) => ({ from: String(r.from), table: String(r.table), to: r.to == null ? 'id' : String(r.to) })),
    );
  }
  const selectors = new Map<string, Selector>();
  selectors.set('users', { table: 'users', where: 'id = ?', depth: 0 });
  for (const t of tables) {
    if (t === 'users') continue;
    const cols = USER_COLUMNS.filter((c) => columns.get(t)!.includes(c));
    if (cols.length) selectors.set(t, { table: t, where: cols.map((c) => `${q(c)} = ?`).join(' OR '), depth: 1 });
  }
  // Follow foreign keys outward from the user's rows until nothing new is reached.
  for (let depth = 2, grew = true; grew && depth < 10; depth++) {
    grew = false;
    for (const t of tables) {
      if (selectors.has(t)) continue;
      const links = fks.get(t)!.filter((fk) => selectors.has(fk.table) && fk.table !== 'users' && selectors.get(fk.table)!.depth < depth);
      if (!links.length) continue;
      const where = links
        .map((fk) => `${q(fk.from)} IN (SELECT ${q(fk.to)} FROM ${q(fk.table)} WHERE ${selectors.get(fk.table)!.where})`)
        .join(' OR ');
      selectors.set(t, { table: t, where, depth });
      grew = true;
    }
  }
  return [...selectors.values()];
}

const argsFor = (where: string, userId: string): InValue[] => Array.from({ length: where.split('?').length - 1 }, () => userId);

/** Every row of the user in every table, secrets left out. */
export async function exportUserData(db: Client, userId: string, now: Date) {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const s of await userRowSelectors(db)) {
    if (PRIVATE_TABLES.has(s.table)) continue;
    const rs = await db.execute({ sql: `SELECT * FROM ${q(s.table)} WHERE ${s.where}`, args: argsFor(s.where, userId) });
    if (!rs.rows.length) continue;
    tables[s.table] = rs.rows.map((row) => Object.fromEntries(rs.columns.filter((c) => !SECRET_COLUMNS.has(c)).map((c) => [c, row[c] as unknown])));
  }
  return { format: 'ignition-user-export', version: 1, exported_at: now.toISOString(), user_id: userId, tables };
}

/** Removes the user and every row that is theirs in one transaction (children first), sessions included. */
export async function deleteUserData(db: Client, userId: string): Promise<Record<string, number>> {
  const selectors = (await userRowSelectors(db)).sort((a, b) => b.depth - a.depth);
  const counted: Record<string, number> = {};
  await withWriteTransaction(db, async (tx) => {
    await tx.execute('PRAGMA defer_foreign_keys = ON');
    // One-time tokens name the person by email (the seed's `identifier`), not by id.
    const tokens = await tx.execute({ sql: 'DELETE FROM verification_tokens WHERE identifier IN (SELECT email FROM users WHERE id = ?)', args: [userId] });
    if (tokens.rowsAffected) counted.verification_tokens = tokens.rowsAffected;
    for (const s of selectors) {
      const rs = await tx.execute({ sql: `DELETE FROM ${q(s.table)} WHERE ${s.where}`, args: argsFor(s.where, userId) });
      if (rs.rowsAffected) counted[s.table] = rs.rowsAffected;
    }
  });
  return counted;
}
