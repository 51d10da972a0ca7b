import type { Client } from '@libsql/client';
import { DEFAULT_PULL_LIMIT, type PullResponse, type PulledChange } from '../../../shared-schema/src/sync/protocol.ts';
import { tableSpec } from '../../../shared-schema/src/tables.ts';
import { selectIn } from './sync/sql.ts';

/** Columns kept on the server only: never sent to any client. */
// Never sent to devices: ownership is implied, and admins' triage notes stay with the admins.
const PRIVATE_COLUMNS = new Set(['user_id', 'admin_notes']);

function decodeRow(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const spec = tableSpec(table);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (PRIVATE_COLUMNS.has(k)) continue;
    const type = spec?.columns[k];
    if (type === 'json' && typeof v === 'string') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else if (type === 'bool' && v !== null && v !== undefined) out[k] = Number(v) === 1;
    else if (typeof v === 'bigint') out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

/**
 * Every row that changed for this user (and shared content) after the cursor, in seq order.
 * The cursor is the last seq served, so a page boundary never skips or repeats a change.
 */
export async function pullForUser(db: Client, userId: string, cursor: number, limit = DEFAULT_PULL_LIMIT): Promise<PullResponse> {
  const rs = await db.execute({
    sql: `SELECT seq, table_name, row_id, clocks, deleted FROM sync_rows
          WHERE seq > ? AND (user_id = ? OR user_id IS NULL) ORDER BY seq LIMIT ?`,
    args: [cursor, userId, limit + 1],
  });
  const entries = rs.rows.slice(0, limit).map((r) => ({
    seq: Number(r.seq),
    table: String(r.table_name),
    id: String(r.row_id),
    clocks: JSON.parse(String(r.clocks || '{}')) as Record<string, string>,
    deleted: Number(r.deleted) === 1,
  }));
  const hasMore = rs.rows.length > limit;
  const byTable = new Map<string, string[]>();
  for (const e of entries) if (!e.deleted && tableSpec(e.table)) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e.id]);
  const rows = new Map<string, Record<string, unknown>>();
  for (const [table, ids] of byTable) {
    for (const row of await selectIn<Record<string, unknown>>(db, `SELECT * FROM "${table}" WHERE id IN`, ids)) rows.set(`${table}:${row.id}`, decodeRow(table, row));
  }
  const changes: PulledChange[] = [];
  for (const e of entries) {
    if (!tableSpec(e.table)) continue;
    if (e.deleted) {
      changes.push({ table: e.table, id: e.id, op: 'delete', clocks: e.clocks, seq: e.seq });
      continue;
    }
    const row = rows.get(`${e.table}:${e.id}`);
    // A row deleted after its log entry was read is skipped; its tombstone follows with a later seq.
    if (row) changes.push({ table: e.table, id: e.id, op: 'upsert', row, clocks: e.clocks, seq: e.seq });
  }
  const last = entries.length ? entries[entries.length - 1].seq : cursor;
  return { changes, cursor: String(last), hasMore };
}
