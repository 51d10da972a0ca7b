import type { Db, SqlValue } from './sql.ts';
import { multiInsert, runAll } from './sql.ts';

/**
 * The pull change log: one entry per row holding its owner, per-field clocks and tombstone.
 * INSERT OR REPLACE gives the entry a new AUTOINCREMENT seq, so a pull cursor (the last seq
 * seen) finds every row that changed since. Writers are serialised by the database's write
 * lock, so seqs become visible in order — which is what makes several instances safe (rule 6).
 */
export interface ChangeLogEntry {
  table: string;
  id: string;
  userId: string | null;
  clocks?: Record<string, string>;
  deleted?: boolean;
}

export async function recordChanges(db: Db, entries: ChangeLogEntry[]) {
  if (entries.length === 0) return;
  // The last entry for a row wins within one call.
  const byKey = new Map<string, ChangeLogEntry>();
  for (const e of entries) byKey.set(`${e.table}\u0000${e.id}`, e);
  const rows: SqlValue[][] = [...byKey.values()].map((e) => [e.table, e.id, e.userId, JSON.stringify(e.clocks ?? {}), e.deleted ? 1 : 0]);
  await runAll(db, multiInsert('INSERT OR REPLACE INTO sync_rows (table_name, row_id, user_id, clocks, deleted)', 5, rows));
}
