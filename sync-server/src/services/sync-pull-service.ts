import type { Client } from '@libsql/client';
import { DEFAULT_PULL_LIMIT } from '@ignition/shared/sync/protocol.ts';
import { SYNC_TABLE_NAMES, tableSpec } from '@ignition/shared/tables.ts';
import type { Db } from './sync/sql.ts';

/** Columns kept on the server only: never sent to any client. */
// Never sent to devices: ownership is implied, and admins' triage notes stay with the admins.
const PRIVATE_COLUMNS = new Set(['user_id', 'admin_notes']);

/**
 * The SQL that renders one row of a table as the JSON a device receives: every column but the
 * private ones, json columns as JSON (or the raw text when it is not valid JSON), bool columns
 * as true/false.
 */
function rowJson(table: string, allColumns: string[]): string | null {
  const spec = tableSpec(table);
  const columns = allColumns.filter((c) => !PRIVATE_COLUMNS.has(c));
  if (!columns.length) return null;
  const parts = columns.map((c) => {
    const q = `t."${c}"`;
    const type = spec?.columns[c];
    const value =
      type === 'json'
        ? `CASE WHEN typeof(${q}) = 'text' AND json_valid(${q}) THEN json(${q}) ELSE ${q} END`
        : type === 'bool'
          ? `CASE WHEN ${q} IS NULL THEN NULL WHEN CAST(${q} AS REAL) = 1 THEN json('true') ELSE json('false') END`
          : q;
    return `'${c.replace(/'/g, "''")}', ${value}`;
  });
  return `json_object(${parts.join(', ')})`;
}

/**
 * The SQL for one page of the change log: each entry comes back as the JSON of the change a
 * device receives (tombstone, or the row with its clocks), written by SQLite — a pulled row
 * never becomes a JS object on the server. Built once per database from the synced tables.
 */
const pageSql = new WeakMap<object, Promise<string>>();
function changeJsonSql(db: Db): Promise<string> {
  let sql = pageSql.get(db);
  if (!sql) {
    sql = (async () => {
      // The clocks are JSON the server wrote (JSON.stringify); an entry without an object there
      // gets {} rather than breaking the page. The change's frame is plain concatenation:
      // nesting json_object() re-reads the row's JSON, and it tripled the cost.
      const clocks = `CASE WHEN s.clocks LIKE '{%}' THEN s.clocks ELSE '{}' END`;
      const tail = `',"clocks":' || ${clocks} || ',"seq":' || s.seq || '}'`;
      // Every synced table's columns in one call (one round trip on a remote database, not one per table).
      const shapes = await db.execute(
        `SELECT m.name AS t, p.name AS c FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name IN (${SYNC_TABLE_NAMES.map((t) => `'${t}'`).join(', ')}) ORDER BY m.name, p.cid`,
      );
      const columnsOf = new Map<string, string[]>();
      for (const r of shapes.rows) columnsOf.set(String(r.t), [...(columnsOf.get(String(r.t)) ?? []), String(r.c)]);
      const arms: string[] = [];
      for (const table of SYNC_TABLE_NAMES) {
        const row = rowJson(table, columnsOf.get(table) ?? []);
        if (!row) continue;
        arms.push(`WHEN '${table}' THEN (SELECT '{"table":"${table}","id":' || json_quote(s.row_id) || ',"op":"upsert","row":' || ${row} || ${tail} FROM "${table}" t WHERE t.id = s.row_id)`);
      }
      return `CASE WHEN s.deleted = 1 THEN
                CASE WHEN s.table_name IN (${SYNC_TABLE_NAMES.map((t) => `'${t}'`).join(', ')})
                  THEN '{"table":' || json_quote(s.table_name) || ',"id":' || json_quote(s.row_id) || ',"op":"delete"' || ${tail} END
              ELSE CASE s.table_name ${arms.join('\n')} END END`;
    })();
    pageSql.set(db, sql);
    sql.catch(() => pageSql.delete(db));
  }
  return sql;
}

const COMMA = Buffer.from(',');

/** Two lists, each in seq order, merged in seq order (the first `max` items). */
function mergeBySeq<T>(a: T[], b: T[], seqOf: (x: T) => number, max = Infinity): T[] {
  const out: T[] = [];
  for (let i = 0, j = 0; out.length < max && (i < a.length || j < b.length); ) {
    out.push(j >= b.length || (i < a.length && seqOf(a[i]) < seqOf(b[j])) ? a[i++] : b[j++]);
  }
  return out;
}

/**
 * Every row that changed for this user (and shared content) after the cursor, in seq order, as
 * the response's JSON (UTF-8 bytes). The cursor is the last seq served, so a page boundary
 * never skips or repeats a change: the user's entries and the shared ones are two index range
 * scans in one read transaction (one snapshot), merged by seq. An entry whose row is gone (or of a table
 * devices do not sync) is passed over; the cursor still moves past it.
 */
export async function pullJsonForUser(db: Client, userId: string, cursor: number, limit = DEFAULT_PULL_LIMIT): Promise<Uint8Array<ArrayBuffer>> {
  const change = await changeJsonSql(db);
  // The page's extent: the first `limit` entries of the two ordered scans (index only), and its
  // last seq, which bounds the page's own reads. Written once as SQL so the whole page is one
  // batch: one round trip and one snapshot (ARCHITECTURE.md rule 6 holds across instances).
  const extent = `WITH own AS (SELECT seq FROM sync_rows WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3),
    sh AS (SELECT seq FROM sync_rows WHERE user_id IS NULL AND seq > ?2 ORDER BY seq LIMIT ?3),
    ext AS (SELECT seq FROM (SELECT seq FROM own UNION ALL SELECT seq FROM sh) ORDER BY seq LIMIT ?4),
    bound AS (SELECT COALESCE((SELECT MAX(seq) FROM ext), ?2) AS last)`;
  const args = [userId, cursor, limit + 1, limit];
  // The page itself: each change's JSON written by SQLite as bytes (a BLOB of its UTF-8, so it is
  // never decoded into a JS string and encoded again). The user's own changes come joined into
  // one BLOB (NULLs left out by group_concat), so the page is one value, not one buffer per change
  // for the garbage collector; the shared ones come one by one, and are usually none.
  const [ext, mineJoined, common] = await db.batch(
    [
      { sql: `${extent} SELECT (SELECT COUNT(*) FROM own) AS n_own, (SELECT COUNT(*) FROM sh) AS n_sh, (SELECT COUNT(*) FROM ext) AS taken, (SELECT last FROM bound) AS last`, args },
      { sql: `${extent} SELECT CAST(group_concat(j, ',') AS BLOB) AS j FROM (SELECT ${change} AS j FROM sync_rows s WHERE s.user_id = ?1 AND s.seq > ?2 AND s.seq <= (SELECT last FROM bound) ORDER BY s.seq)`, args },
      { sql: `${extent} SELECT s.seq AS seq, CAST(${change} AS BLOB) AS j FROM sync_rows s WHERE s.user_id IS NULL AND s.seq > ?2 AND s.seq <= (SELECT last FROM bound) ORDER BY s.seq`, args },
    ],
    'read',
  );
  const e = ext.rows[0];
  const last = Number(e.last);
  const hasMore = Number(e.n_own) + Number(e.n_sh) > Number(e.taken);
  const parts: Uint8Array[] = [Buffer.from('{"changes":[')];
  if (common.rows.length === 0) {
    const joined = mineJoined.rows[0]?.j;
    if (joined) parts.push(new Uint8Array(joined as ArrayBuffer));
  } else {
    // Shared content in the page (a first pull, an admin's edit): both lists merged in seq order,
    // the user's read again one by one at the same bound (a second round trip, rarely taken).
    const mine = (await db.execute({ sql: `SELECT s.seq AS seq, CAST(${change} AS BLOB) AS j FROM sync_rows s WHERE s.user_id = ? AND s.seq > ? AND s.seq <= ? ORDER BY s.seq`, args: [userId, cursor, last] })).rows;
    let first = true;
    for (const row of mergeBySeq(mine, common.rows, (r) => Number(r.seq))) {
      // A NULL change (its row is gone, or a table devices do not sync) is left out.
      if (row.j === null) continue;
      if (!first) parts.push(COMMA);
      parts.push(new Uint8Array(row.j as ArrayBuffer));
      first = false;
    }
  }
  parts.push(Buffer.from(`],"cursor":${JSON.stringify(String(last))},"hasMore":${hasMore}}`));
  const out = Buffer.concat(parts);
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.byteLength);
}
