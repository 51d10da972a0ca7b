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

/** Multi-row INSERT in chunks: per-statement overhead dominates with @libsql/client (TOOLCHAIN.md). */
export function multiInsert(head: string, columns: number, rows: SqlValue[][], tail = '', perChunk = 100): InStatement[] {
  const stmts: InStatement[] = [];
  const tuple = `(${placeholders(columns)})`;
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    stmts.push({ sql: `${head} VALUES ${chunk.map(() => tuple).join(', ')} ${tail}`, args: chunk.flat() });
  }
  return stmts;
}

export async function runAll(db: Db, stmts: InStatement[]) {
  if (stmts.length === 0) return;
  if ('batch' in db) await db.batch(stmts);
  else for (const s of stmts) await (db as Db).execute(s);
}
