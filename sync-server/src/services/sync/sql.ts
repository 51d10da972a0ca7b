import type { InArgs, InStatement, Transaction, Client } from '@libsql/client';

export type Db = Client | Transaction;
export type SqlValue = string | number | null;

export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Runs `SELECT … WHERE col IN (…)` in chunks (SQLite caps bound parameters). */
export async function selectIn<T = Record<string, unknown>>(
  db: Db,
  sqlBefore: string,
  ids: readonly SqlValue[],
  argsBefore: SqlValue[] = [],
  sqlAfter = '',
): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rs = await db.execute({ sql: `${sqlBefore} (${placeholders(chunk.length)}) ${sqlAfter}`, args: [...argsBefore, ...chunk] as InArgs });
    for (const r of rs.rows) out.push({ ...r } as T);
  }
  return out;
}

const insertSql = new Map<string, string>();

/** Multi-row INSERT in chunks: per-statement overhead dominates with @libsql/client (TOOLCHAIN.md). */
export function multiInsert(head: string, columns: number, rows: SqlValue[][], tail = '', perChunk = 100): InStatement[] {
  const stmts: InStatement[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const n = Math.min(perChunk, rows.length - i);
    // The text of a full chunk repeats on every push: built once (its prepared statement is cached by it too).
    const key = `${n}\u0000${columns}\u0000${head}\u0000${tail}`;
    let sql = insertSql.get(key);
    if (sql === undefined) {
      const tuple = `(${placeholders(columns)})`;
      sql = `${head} VALUES ${Array.from({ length: n }, () => tuple).join(', ')} ${tail}`;
      if (insertSql.size > 1000) insertSql.clear();
      insertSql.set(key, sql);
    }
    const args = new Array<SqlValue>(n * columns);
    for (let r = 0; r < n; r++) {
      const row = rows[i + r];
      for (let c = 0; c < columns; c++) args[r * columns + c] = row[c];
    }
    stmts.push({ sql, args });
  }
  return stmts;
}

export async function runAll(db: Db, stmts: InStatement[]) {
  if (stmts.length === 0) return;
  if ('batch' in db) await db.batch(stmts);
  else for (const s of stmts) await (db as Db).execute(s);
}
