import type { Client } from '@libsql/client';
import { eq, getTableName, inArray, is, or, sql, type Column, type SQL } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

const USER_COLUMNS = ['user_id', 'userId'];
/** never leave the server: session hashes, one-time tokens, counters keyed by address */
const PRIVATE_TABLES = new Set(['sessions', 'verification_tokens', 'rate_limits', 'db_metadata', 'schema_migrations', 'migrations']);
/** secrets inside otherwise exportable rows */
const SECRET_COLUMNS = new Set(['access_token', 'refresh_token', 'id_token', 'session_state', 'sessionToken']);

interface Selector {
  table: SQLiteTable;
  name: string;
  /** which of the table's rows are the user's */
  where: SQL;
  depth: number;
}

/** Every table of the schema (the generated drizzle tables, held to the migrated schema by drizzle-tables.test.ts). */
const TABLES = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));

const columnNamed = (table: SQLiteTable, name: string): Column | undefined => getTableConfig(table).columns.find((c) => c.name === name);

/**
 * Which rows of every table are one user's: a `user_id`/`userId` column says so directly; a
 * table without one belongs to the user through a foreign key to a row that does (workout sets
 * → workout sessions → user). Derived from the schema, so a table a later migration adds is covered.
 */
export function userRowSelectors(userId: string): Selector[] {
  const selectors = new Map<SQLiteTable, Selector>();
  const usersTable = schema.users as SQLiteTable;
  selectors.set(usersTable, { table: usersTable, name: 'users', where: eq(schema.users.id, userId), depth: 0 });
  for (const t of TABLES) {
    if (t === usersTable) continue;
    const cols = USER_COLUMNS.map((c) => columnNamed(t, c)).filter((c): c is Column => !!c);
    if (cols.length) selectors.set(t, { table: t, name: getTableName(t), where: or(...cols.map((c) => eq(c, userId)))!, depth: 1 });
  }
  // Follow foreign keys outward from the user's rows until nothing new is reached.
  for (let depth = 2, grew = true; grew && depth < 10; depth++) {
    grew = false;
    for (const t of TABLES) {
      if (selectors.has(t)) continue;
      const links = getTableConfig(t)
        .foreignKeys.map((fk) => fk.reference())
        .filter((ref) => ref.columns.length === 1 && selectors.has(ref.foreignTable) && ref.foreignTable !== usersTable && selectors.get(ref.foreignTable)!.depth < depth);
      if (!links.length) continue;
      const where = or(
        ...links.map((ref) => {
          const parent = selectors.get(ref.foreignTable)!;
          return inArray(ref.columns[0], sql`(SELECT ${sql.identifier(ref.foreignColumns[0].name)} FROM ${parent.table} WHERE ${parent.where})`);
        }),
      )!;
      selectors.set(t, { table: t, name: getTableName(t), where, depth });
      grew = true;
    }
  }
  return [...selectors.values()];
}

/** Every row of the user in every table, secrets left out. */
export async function exportUserData(db: Client, userId: string, now: Date) {
  const tables: Record<string, Record<string, unknown>[]> = {};
  const o = orm(db);
  for (const s of userRowSelectors(userId)) {
    if (PRIVATE_TABLES.has(s.name)) continue;
    // Keyed by the stored column names (what a restore and the seed's exports use).
    const columns = Object.fromEntries(getTableConfig(s.table).columns.filter((c) => !SECRET_COLUMNS.has(c.name)).map((c) => [c.name, c]));
    const rows = await o.select(columns).from(s.table).where(s.where);
    if (rows.length) tables[s.name] = rows;
  }
  return { format: 'ignition-user-export', version: 1, exported_at: now.toISOString(), user_id: userId, tables };
}

/** Removes the user and every row that is theirs in one transaction (children first), sessions included. */
export async function deleteUserData(db: Client, userId: string): Promise<Record<string, number>> {
  const selectors = userRowSelectors(userId).sort((a, b) => b.depth - a.depth);
  const counted: Record<string, number> = {};
  await withWriteTransaction(db, async (tx) => {
    await tx.execute('PRAGMA defer_foreign_keys = ON');
    // One-time tokens name the person by email (the seed's `identifier`), not by id.
    const t = orm(tx);
    const tokens = await t.delete(schema.verificationTokens).where(inArray(schema.verificationTokens.identifier, t.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, userId))));
    if (tokens.rowsAffected) counted.verification_tokens = tokens.rowsAffected;
    for (const s of selectors) {
      const rs = await t.delete(s.table).where(s.where);
      if (rs.rowsAffected) counted[s.name] = rs.rowsAffected;
    }
  });
  return counted;
}

/** The audit trail of an account its owner deleted (no actor: the person is gone). */
export async function recordSelfDeletion(db: Client, userId: string, rowsRemoved: number) {
  await orm(db)
    .insert(schema.auditLog)
    .values({ id: crypto.randomUUID(), actor_id: null, action: 'user_deleted_self', target_type: 'user', target_id: userId, details: JSON.stringify({ rows: rowsRemoved }) });
}
