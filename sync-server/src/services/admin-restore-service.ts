import type { Client, Transaction } from '@libsql/client';
import { SYNC_TABLE_NAMES, tableSpec } from '@ignition/shared/tables.ts';
import { contractError, contractOf } from '@ignition/shared/contracts.ts';
import { clockOf, type AppDeps } from '../context.ts';
import { LATEST_VERSION } from '../db/migrate.ts';
import { seedSharedContent } from '../db/seed-content.ts';
import { ApiError } from '../errors.ts';
import { recordAudit } from './admin-audit.ts';
import { checkShape, insertStatements, KEPT_ON_RESTORE, upgradeBackup, type BackupTables } from './admin-backup-upgrade.ts';
import { backedUpTables, columnsOf } from './backup-service.ts';
import { serverHlc } from './server-clock.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

export interface RestoreReport {
  dryRun: boolean;
  version: number;
  versionName: string | null;
  createdAt: string | null;
  currentVersion: number;
  steps: string[];
  warnings: string[];
  tables: Array<{ table: string; before: number; after: number }>;
  rowsBefore: number;
  rowsAfter: number;
  keptSessions: number;
  /**
   * Personal rows that break their table's row contract (rule 9), at most 200 listed: they are
   * restored as they are (an old backup may predate a limit), and the economy caps what they
   * pay at payout time; the admin sees them here, in the dry run first.
   */
  contractViolations: Array<{ table: string; id: string; field: string; reason: string }>;
  contractViolationCount: number;
}

const MAX_LISTED_VIOLATIONS = 200;

/** The personal rows of a backup that break their table's contract (shared rows are the admin's content, checked by its own routes). */
export function contractViolationsOf(tables: BackupTables): { list: RestoreReport['contractViolations']; count: number } {
  const list: RestoreReport['contractViolations'] = [];
  let n = 0;
  for (const [table, rows] of Object.entries(tables)) {
    const c = contractOf(table);
    const spec = tableSpec(table);
    if (!c || !spec) continue;
    for (const row of rows) {
      if (spec.owner.kind === 'user' && (row.user_id === null || row.user_id === undefined)) continue; // shared content
      // Fields only the server or an admin sets (feedback triage, is_global) hold their values in storage.
      const fields: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(c.fields)) if (Object.hasOwn(row, k) && f.writer.kind === 'client') fields[k] = row[k];
      const v = contractError(table, fields);
      if (!v) continue;
      n++;
      if (list.length < MAX_LISTED_VIOLATIONS) list.push({ table, id: String(row.id ?? ''), field: v.field, reason: v.reason });
    }
  }
  return { list, count: n };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const invalid = (message: string) => new ApiError(422, 'invalid_backup', message);

/** Parses and checks the envelope; rows are checked against the schema of their version later. */
export function parseBackup(text: string): { version: number; versionName: string | null; createdAt: string | null; tables: BackupTables } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_backup', `The backup is not valid JSON, so nothing was restored (is the file complete?): ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('A backup is a JSON object with version, createdAt and tables');
  const { version, versionName, createdAt, tables } = doc as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw invalid('The backup has no valid "version" (a schema version number)');
  if (version > LATEST_VERSION)
    throw new ApiError(422, 'backup_too_new', `The backup is from schema version ${version}, newer than this server's ${LATEST_VERSION}; update the server first`);
  if (!tables || typeof tables !== 'object' || Array.isArray(tables)) throw invalid('The backup has no "tables" object');
  for (const [name, rows] of Object.entries(tables)) {
    if (!NAME.test(name)) throw invalid(`"${name.slice(0, 60)}" is not a table name`);
    if (!Array.isArray(rows)) throw invalid(`tables.${name} must be a list of rows`);
    for (const [i, r] of rows.entries()) if (!r || typeof r !== 'object' || Array.isArray(r)) throw invalid(`tables.${name}[${i}] is not a row object`);
  }
  return {
    version,
    versionName: typeof versionName === 'string' ? versionName : null,
    createdAt: typeof createdAt === 'string' ? createdAt : null,
    tables: tables as BackupTables,
  };
}

const count = async (db: Client | Transaction, table: string) => Number((await db.execute(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n);

/** A parent-owned row's owner is its ancestor's user_id (a set belongs to a section of a workout). */
function ownerJoins(table: string): { joins: string; owner: string } {
  let spec = tableSpec(table)!;
  let joins = '';
  let depth = 0;
  while (spec.owner.kind === 'parent' && depth < 5) {
    joins += ` LEFT JOIN "${spec.owner.table}" t${depth + 1} ON t${depth + 1}.id = t${depth}."${spec.owner.column}"`;
    spec = tableSpec(spec.owner.table)!;
    depth++;
  }
  return { joins, owner: spec.owner.kind === 'shared' ? 'NULL' : `t${depth}.user_id` };
}

/**
 * The change log is rebuilt from the restored rows: every synced row gets a fresh server clock
 * on every column, so devices take the restored values over whatever they hold; rows that
 * existed before (or were tombstones in the backup) and are gone now get tombstones; and seqs
 * continue above any the devices may have seen, so every device pulls the restored state.
 */
async function rebuildChangeLog(tx: Transaction, backupLog: Array<Record<string, unknown>>) {
  const hlc = serverHlc();
  const maxSeen = Math.max(0, ...backupLog.map((r) => Number(r.seq ?? 0)));
  await tx.execute({ sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'sync_rows'", args: [maxSeen] });
  await tx.execute({ sql: "INSERT INTO sqlite_sequence (name, seq) SELECT 'sync_rows', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sync_rows')", args: [maxSeen] });
  for (const table of SYNC_TABLE_NAMES) {
    const spec = tableSpec(table)!;
    const clocks = JSON.stringify(Object.fromEntries(Object.keys(spec.columns).map((c) => [c, hlc])));
    const { joins, owner } = ownerJoins(table);
    await tx.execute({ sql: `INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) SELECT '${table}', t0.id, ${owner}, ?, 0 FROM "${table}" t0 ${joins}`, args: [clocks] });
  }
  for (const r of backupLog.filter((r) => Number(r.deleted) === 1)) {
    await tx.execute({ sql: 'INSERT INTO restore_old_log (table_name, row_id, user_id) VALUES (?, ?, ?)', args: [String(r.table_name), String(r.row_id), (r.user_id as string | null) ?? null] });
  }
  await tx.execute({
    sql: `INSERT OR IGNORE INTO sync_rows (table_name, row_id, user_id, clocks, deleted) SELECT table_name, row_id, user_id, ?, 1 FROM restore_old_log`,
    args: [JSON.stringify({ _deleted: hlc })],
  });
}

/**
 * Replaces the database's content with a backup of any schema version, in one transaction:
 * old backups are upgraded first, then every table is emptied children-first and refilled
 * parents-first. Anything wrong (bad JSON, an unknown column, a broken foreign key) rolls it
 * all back and says what. A dry run does the same work and rolls back, returning the report.
 */
/**
 * Event metadata is JSON: the server reads it with json_extract, which fails on anything else
 * (an old backup may hold free text there). Such text is wrapped, not dropped. Returns how many.
 */
function keepMetadataAsJson(rows: Array<Record<string, unknown>>): number {
  let n = 0;
  for (const r of rows) {
    if (typeof r.metadata !== 'string') continue;
    try {
      JSON.parse(r.metadata);
    } catch {
      r.metadata = JSON.stringify({ legacy_text: r.metadata });
      n++;
    }
  }
  return n;
}

export async function restoreBackup(deps: AppDeps, adminId: string | null, text: string, opts: { dryRun: boolean }): Promise<RestoreReport> {
  const { db } = deps;
  const now = clockOf(deps);
  const backup = parseBackup(text);
  let tables = backup.tables;
  const steps: string[] = [];
  const warnings: string[] = [];
  if (backup.version < LATEST_VERSION) {
    const up = await upgradeBackup(tables, backup.version);
    tables = up.tables;
    steps.push(...up.steps);
  } else {
    await checkShape(db, tables, backup.version);
  }
  const order = (await backedUpTables(db)).filter((t) => !KEPT_ON_RESTORE.has(t));
  for (const t of order) if (!tables[t] && t !== 'sync_rows') warnings.push(`the backup has no ${t} table; it will be empty`);
  const wrapped = keepMetadataAsJson(tables.activity_events ?? []);
  if (wrapped > 0) warnings.push(`${wrapped} activity event(s) had metadata that is not JSON; it is kept as text under "legacy_text"`);
  const violations = contractViolationsOf(tables);
  if (violations.count > 0) warnings.push(`${violations.count} personal row(s) break their table's row contract (listed in contractViolations); they are restored as they are, and the economy caps what they pay`);
  const backupLog = tables.sync_rows ?? [];
  // Seqs continue above the backup's highest: one that is not a whole number (NaN) or too big to count on from is refused.
  const badSeq = backupLog.findIndex((r) => r.seq != null && !((typeof r.seq === 'number' || typeof r.seq === 'string') && Number.isSafeInteger(Number(r.seq)) && Number(r.seq) >= 0));
  if (badSeq >= 0) throw invalid(`tables.sync_rows[${badSeq}].seq is not a change-log position (a whole number from 0 to ${Number.MAX_SAFE_INTEGER})`);

  const report = await withWriteTransaction(db, async (tx) => {
    await tx.execute('PRAGMA defer_foreign_keys = ON');
    const before = new Map<string, number>();
    for (const t of order) before.set(t, await count(tx, t));
    await tx.execute('DROP TABLE IF EXISTS temp.restore_sessions');
    await tx.execute('DROP TABLE IF EXISTS temp.restore_old_log');
    await tx.execute('CREATE TEMP TABLE restore_sessions AS SELECT * FROM sessions');
    await tx.execute('CREATE TEMP TABLE restore_old_log AS SELECT table_name, row_id, user_id FROM sync_rows');
    // A restored user who is here already gets a sync_version past both the live one and the
    // backup's: a planned push that read before the restore (any version up to the live one) then
    // fails its version guard and reads again, instead of committing what it computed from the
    // rows the restore replaced. A user new to this database keeps the backup's (no push read it).
    if (tables.users) {
      const live = new Map((await tx.execute('SELECT id, sync_version FROM users')).rows.map((r) => [String(r.id), Number(r.sync_version ?? 0)]));
      for (const u of tables.users) {
        const was = live.get(String(u.id));
        if (was === undefined) continue;
        const own = Number(u.sync_version ?? 0);
        u.sync_version = Math.max(Number.isSafeInteger(own) ? own : 0, was) + 1;
      }
    }
    for (const t of [...order].reverse()) await tx.execute(`DELETE FROM "${t}"`);
    for (const t of order) {
      if (t === 'sync_rows') continue;
      const cols = new Set(await columnsOf(tx, t));
      const all = tables[t] ?? [];
      // A synced row is known by its id (the change log is rebuilt from it): one without is refused, not a 500 there.
      if (tableSpec(t)) {
        const i = all.findIndex((r) => r.id === null || r.id === undefined || r.id === '');
        if (i >= 0) throw invalid(`tables.${t}[${i}] has no id, so nothing was restored`);
      }
      // A slice at a time, so a big table never has all its statements in memory at once.
      for (let i = 0; i < all.length; i += 2000) {
        const rows = all.slice(i, i + 2000).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => cols.has(k))));
        for (const s of insertStatements(t, rows)) {
          try {
            await tx.execute(s);
          } catch (e) {
            throw invalid(`Restoring ${t} failed, so nothing was restored: ${(e as Error).message}`);
          }
        }
      }
    }
    await rebuildChangeLog(tx, backupLog);
    const broken = (await tx.execute('PRAGMA foreign_key_check')).rows;
    if (broken.length) {
      const first = broken[0];
      throw invalid(`The backup has ${broken.length} row(s) pointing at missing rows (first: ${String(first.table)} row ${String(first.rowid)} → ${String(first.parent)}); nothing was restored`);
    }
    const kept = await tx.execute('INSERT INTO sessions SELECT * FROM restore_sessions WHERE userId IN (SELECT id FROM users)');
    const dropped = (await count(tx, 'restore_sessions')) - kept.rowsAffected;
    if (dropped > 0) warnings.push(`${dropped} session(s) of users not in the backup end (they sign in again)`);
    await tx.execute('DROP TABLE temp.restore_sessions');
    await tx.execute('DROP TABLE temp.restore_old_log');
    const report: RestoreReport = {
      dryRun: opts.dryRun,
      version: backup.version,
      versionName: backup.versionName,
      createdAt: backup.createdAt,
      currentVersion: LATEST_VERSION,
      steps,
      warnings,
      tables: [],
      rowsBefore: 0,
      rowsAfter: 0,
      keptSessions: kept.rowsAffected,
      contractViolations: violations.list,
      contractViolationCount: violations.count,
    };
    for (const t of order) {
      const after = await count(tx, t);
      report.tables.push({ table: t, before: before.get(t) ?? 0, after });
      report.rowsBefore += before.get(t) ?? 0;
      report.rowsAfter += after;
    }
    if (!opts.dryRun) await recordAudit(tx, adminId, { action: adminId ? 'restore' : 'restore (cli)', details: { version: backup.version, createdAt: backup.createdAt, rows: report.rowsAfter } }, now);
    return report;
  }, { rollbackIf: () => opts.dryRun });
  if (opts.dryRun) {
    report.steps.push('dry run: nothing was changed');
    return report;
  }
  await seedSharedContent(db);
  report.steps.push('seeded any default skills, universal quests, rewards and exercises the backup lacked');
  return report;
}
