import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_VERSION, migrateTo } from '../db/migrate.ts';
import { ApiError } from '../errors.ts';
import { columnsOf, NOT_BACKED_UP } from './backup-service.ts';
import { multiInsert, type SqlValue } from './sync/sql.ts';

export type BackupTables = Record<string, Array<Record<string, unknown>>>;

/** Tables a backup may carry that a restore leaves as they are (live logins, the live version). */
export const KEPT_ON_RESTORE = new Set([...NOT_BACKED_UP, 'db_metadata']);

export function sqlValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return JSON.stringify(v);
}

/** Inserts rows grouped by their column set (old backups may omit columns that have defaults). */
export function insertStatements(table: string, rows: Array<Record<string, unknown>>) {
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const r of rows) {
    const key = Object.keys(r).join('\u0000');
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].flatMap((group) => {
    const cols = Object.keys(group[0]);
    const perChunk = Math.max(1, Math.min(200, Math.floor(20_000 / Math.max(1, cols.length))));
    return multiInsert(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')})`, cols.length, group.map((r) => cols.map((c) => sqlValue(r[c]))), '', perChunk);
  });
}

/** Checks every table and column of a backup against a schema; the first mismatch is reported by name. */
export async function checkShape(db: { execute: (sql: string) => Promise<{ rows: unknown[] }> }, tables: BackupTables, version: number): Promise<void> {
  for (const [table, rows] of Object.entries(tables)) {
    if (KEPT_ON_RESTORE.has(table)) continue;
    const cols = new Set(await columnsOf(db as never, table));
    if (cols.size === 0) throw new ApiError(422, 'invalid_backup', `Table ${table} does not exist in schema version ${version}`);
    for (const [i, row] of rows.entries()) {
      for (const c of Object.keys(row)) if (!cols.has(c)) throw new ApiError(422, 'invalid_backup', `${table}[${i}] has column ${c}, which schema version ${version} does not have`);
    }
  }
}

/**
 * Brings an old backup to the current schema the way the database itself was brought there:
 * the rows go into a scratch database migrated to the backup's version, the same migrations
 * then run to the current version (adding each later column with its default), and the seed's
 * data steps fill what older versions never had. Returns the current-version rows and the
 * steps taken, for the report.
 */
export async function upgradeBackup(tables: BackupTables, version: number): Promise<{ tables: BackupTables; steps: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-restore-'));
  const stage = createClient({ url: `file:${join(dir, 'stage.db')}` });
  const steps: string[] = [];
  try {
    await migrateTo(stage, version);
    await checkShape(stage, tables, version);
    for (const [table, rows] of Object.entries(tables)) {
      if (KEPT_ON_RESTORE.has(table)) continue;
      for (const s of insertStatements(table, rows)) {
        try {
          await stage.execute(s);
        } catch (e) {
          throw new ApiError(422, 'invalid_backup', `Rows of ${table} do not fit schema version ${version}: ${(e as Error).message}`);
        }
      }
    }
    // The scratch database holds nothing but the backup's rows: a migration or data step they
    // break (say a user without an id, whom a progress row cannot name) is a wrong backup, not a 500.
    try {
      await migrateTo(stage, LATEST_VERSION);
      steps.push(`migrated the rows from schema version ${version} to ${LATEST_VERSION}`);
      // v1–v3 had no progress to speak of; older installs also made progress rows lazily.
      const progress = await stage.execute(`INSERT INTO user_progress (id, user_id, total_xp, level, coins)
        SELECT 'progress_' || u.id, u.id, 0, 1, 0 FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_progress p WHERE p.user_id = u.id)`);
      steps.push(`${version <= 3 ? 'v1–v3: ' : ''}initialised progress for ${progress.rowsAffected} user(s) without a user_progress row`);
      if (version <= 6) {
        const rs = await stage.execute('UPDATE quests SET is_universal = 1 WHERE user_id IS NULL AND is_universal = 0');
        steps.push(`v4–v6: marked ${rs.rowsAffected} shared quest(s) universal; skill XP columns start at 0; default skill definitions are seeded`);
      }
      if (version <= 11) {
        const rs = await stage.execute('UPDATE users SET tos_accepted = 0, tos_accepted_at = NULL, tos_version = NULL WHERE tos_version IS NULL');
        steps.push(`v7–v11: ${rs.rowsAffected} user(s) get the terms-of-service defaults (asked to accept the current terms at next sign-in)`);
      }
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(422, 'invalid_backup', `The backup's rows cannot be brought from schema version ${version} to ${LATEST_VERSION}, so nothing was restored: ${(e as Error).message}`);
    }
    const out: BackupTables = {};
    const names = (await stage.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map((r) => String(r.name));
    for (const t of names) {
      if (KEPT_ON_RESTORE.has(t)) continue;
      out[t] = (await stage.execute(`SELECT * FROM "${t}" ORDER BY rowid`)).rows.map((r) => ({ ...r }));
    }
    return { tables: out, steps };
  } finally {
    stage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
