import { childTablesOf, type SyncTableName } from '@ignition/shared/tables.ts';
import type { IgnitionDb } from '../db/db.ts';

/** How deep a delete's cascade may go (the deepest chain of child tables is shorter). */
const CHILD_DEPTH_LIMIT = 4;

/**
 * The stores a delete of a `table` row cascades into (children of children too), mirroring the
 * server's foreign keys: a transaction that deletes must include them.
 */
export function cascadeTables(table: string, depth = 0): SyncTableName[] {
  if (depth > CHILD_DEPTH_LIMIT) return [];
  return childTablesOf(table).flatMap((c) => [c.table, ...cascadeTables(c.table, depth + 1)]);
}

/**
 * Deletes a row and its children, as the server's ON DELETE CASCADE does, and leaves each a
 * tombstone clock at `hlc` so an older edit arriving later cannot bring it back. `alsoForEach`
 * runs for every deleted row inside the same transaction (a pulled delete also drops that row's
 * pending local edits).
 */
export async function deleteWithChildren(database: IgnitionDb, table: SyncTableName, id: string, hlc: string, alsoForEach?: (table: SyncTableName, id: string) => Promise<unknown>): Promise<void> {
  for (const child of childTablesOf(table)) {
    const ids = (await database.table(child.table).where(child.column).equals(id).primaryKeys()) as string[];
    for (const childId of ids) await deleteWithChildren(database, child.table, childId, hlc, alsoForEach);
  }
  await database.table(table).delete(id);
  await database.row_clocks.put({ key: `${table}:${id}`, clocks: {}, deleted: hlc });
  await alsoForEach?.(table, id);
}
