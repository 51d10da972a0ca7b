import type { Client } from '@libsql/client';
import type { Db } from './sync/sql.ts';

/**
 * The seed's backup format: `{ version, versionName, createdAt, tables: { name: [rows] } }`.
 * Left out: SQLite's own tables, the migration log (the version says it), sessions and
 * verification tokens (secrets that only matter to live logins), rate-limit counters, and the
 * OAuth tokens of `accounts` (a restored account signs in again to get fresh ones).
 */
export const NOT_BACKED_UP = new Set(['_migrations', 'sqlite_sequence', 'sessions', 'verification_tokens', 'rate_limits']);
export const SECRET_COLUMNS: Record<string, string[]> = { accounts: ['refresh_token', 'access_token', 'id_token', 'session_state'] };

const PAGE = 1000;

export async function schemaVersion(db: Db): Promise<{ version: number; name: string }> {
  const rs = await db.execute('SELECT version, name FROM _migrations ORDER BY version DESC LIMIT 1');
  return { version: Number(rs.rows[0]?.version ?? 0), name: String(rs.rows[0]?.name ?? '') };
}

export async function columnsOf(db: Db, table: string): Promise<string[]> {
  return (await db.execute(`PRAGMA table_info("${table}")`)).rows.map((r) => String(r.name));
}

/** Tables with parents before children, so inserts in this order satisfy every foreign key. */
export async function tablesInForeignKeyOrder(db: Db): Promise<string[]> {
  const names = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows.map((r) => String(r.name));
  const parents = new Map<string, Set<string>>();
  for (const t of names) {
    const fks = (await db.execute(`PRAGMA foreign_key_list("${t}")`)).rows.map((r) => String(r.table)).filter((p) => p !== t && names.includes(p));
    parents.set(t, new Set(fks));
  }
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    done.add(t);
    out.push(t);
  };
  for (const t of names) visit(t, new Set());
  return out;
}

export async function backedUpTables(db: Db): Promise<string[]> {
  return (await tablesInForeignKeyOrder(db)).filter((t) => !NOT_BACKED_UP.has(t));
}

function cleanRow(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const secret = SECRET_COLUMNS[table];
  for (const [k, v] of Object.entries(row)) {
    if (k === '__rowid' || secret?.includes(k)) continue;
    out[k] = typeof v === 'bigint' ? Number(v) : v instanceof ArrayBuffer ? Buffer.from(v).toString('base64') : v;
  }
  return out;
}

/**
 * The backup as a stream of JSON text pieces, a page of rows at a time, read inside one read
 * transaction so it is a consistent snapshot while writers carry on.
 */
export async function* backupChunks(db: Client, now = new Date()): AsyncGenerator<string> {
  const tx = await db.transaction('read');
  try {
    const { version, name } = await schemaVersion(tx);
    yield `{"version":${version},"versionName":${JSON.stringify(name)},"createdAt":${JSON.stringify(now.toISOString())},"tables":{`;
    const tables = await backedUpTables(tx);
    for (const [i, table] of tables.entries()) {
      yield `${i ? ',' : ''}\n${JSON.stringify(table)}:[`;
      let after = -Infinity;
      let first = true;
      for (;;) {
        const rs = await tx.execute({ sql: `SELECT rowid AS __rowid, * FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`, args: [after === -Infinity ? -9007199254740991 : after] });
        if (rs.rows.length === 0) break;
        const parts: string[] = [];
        for (const r of rs.rows) parts.push(JSON.stringify(cleanRow(table, { ...r })));
        yield `${first ? '' : ','}\n${parts.join(',\n')}`;
        first = false;
        after = Number(rs.rows[rs.rows.length - 1].__rowid);
        if (rs.rows.length < PAGE) break;
      }
      yield ']';
    }
    yield '\n}}\n';
  } finally {
    tx.close();
  }
}

/** A web stream of the backup for an HTTP response. */
export function backupStream(db: Client, now = new Date()): ReadableStream<Uint8Array> {
  const gen = backupChunks(db, now);
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await gen.next();
        if (done) controller.close();
        else controller.enqueue(enc.encode(value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}
