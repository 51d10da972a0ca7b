import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { withWriteTransaction } from './write-transaction.ts';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Migrations are append-only SQL files named NNNN_name.sql; statements end with `;` at a line end. */
export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(MIGRATIONS_DIR, f), 'utf8')
        .split('\n')
        .filter((l) => !l.trim().startsWith('--'))
        .join('\n');
      return {
        version: Number(f.slice(0, 4)),
        name: f.replace(/\.sql$/, ''),
        statements: sql
          .split(/;\s*\n/)
          .map((s) => s.trim().replace(/;$/, ''))
          .filter(Boolean),
      };
    });
}

export const LATEST_VERSION = Math.max(...loadMigrations().map((m) => m.version));

/**
 * Applies pending migrations up to `target`, each in its own write transaction that re-checks
 * what is applied after taking the lock, so processes starting together apply each one once.
 */
export async function migrateTo(client: Client, target: number): Promise<{ from: number; to: number }> {
  await client.execute('CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = async () => Number((await client.execute('SELECT COALESCE(MAX(version), 0) AS v FROM _migrations')).rows[0].v);
  const from = await current();
  for (const m of loadMigrations()) {
    if (m.version > target) break;
    if (m.version <= from) continue;
    try {
      await withWriteTransaction(client, async (tx) => {
        const applied = await tx.execute({ sql: 'SELECT 1 FROM _migrations WHERE version = ?', args: [m.version] });
        if (applied.rows.length === 0) {
          for (const s of m.statements) await tx.execute(s);
          await tx.execute({ sql: 'INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)', args: [m.version, m.name, new Date().toISOString()] });
          if (m.version >= 12) await recordVersion(tx, m);
        }
      });
    } catch (e) {
      throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
    }
  }
  return { from, to: await current() };
}

async function recordVersion(tx: { execute: Client['execute'] }, m: Migration) {
  const now = new Date().toISOString();
  await tx.execute({
    sql: "INSERT INTO db_metadata (key, value, updated_at) VALUES ('db_version', ?, ?), ('db_version_name', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    args: [String(m.version), now, m.name, now],
  });
}

export function migrate(client: Client) {
  return migrateTo(client, LATEST_VERSION);
}
