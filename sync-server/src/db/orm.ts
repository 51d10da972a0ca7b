import type { Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '@ignition/shared/server/tables.ts';
import type { Db } from '../services/sync/sql.ts';

export type Orm = LibSQLDatabase<typeof schema>;

const made = new WeakMap<Db, Orm>();

/**
 * Typed queries (drizzle's query builder over the generated tables) on a client or inside a
 * write transaction: rows come back keyed by their column names, typed per table, so a misspelt
 * column is a compile error. The REST, admin, account and backup services query through it; the
 * push and pull hot paths keep their prepared SQL.
 */
export function orm(db: Db): Orm {
  const known = made.get(db);
  if (known) return known;
  const o = drizzle({ client: db as Client, schema });
  made.set(db, o);
  return o;
}

/** A row of a table as drizzle reads it. */
export type RowOfTable<T extends { $inferSelect: unknown }> = T['$inferSelect'];

/** Reads `ids` a slice at a time (SQLite caps bound parameters), in one list. */
export async function readInSlices<T>(ids: readonly string[], read: (slice: string[]) => Promise<T[]>, size = 500): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += size) out.push(...(await read(unique.slice(i, i + size))));
  return out;
}
