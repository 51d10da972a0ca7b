import type { Client } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import { tableSpec } from '@ignition/shared/tables.ts';
import { ApiError, notFound } from '../errors.ts';
import { recordChanges, type ChangeLogEntry } from './sync/change-log.ts';
import { placeholders, type Db, type SqlValue } from './sync/sql.ts';
import { serverHlc } from './server-clock.ts';
import { recordAudit } from './admin-audit.ts';
import { CONTENT_KINDS, type ContentKind, type ContentKindName } from './admin-content-kinds.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

/** Values as the table stores them: booleans as 0/1, lists as JSON text. */
function toSql(table: string, fields: Record<string, unknown>): Record<string, SqlValue> {
  const spec = tableSpec(table);
  const out: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const type = spec?.columns[k];
    if (typeof v === 'boolean') out[k] = v ? 1 : 0;
    else if (type === 'json' || Array.isArray(v)) out[k] = JSON.stringify(v);
    else out[k] = v as SqlValue;
  }
  return out;
}

/** Shared rows reach every client through pull: the change log entry has no owner and fresh server clocks per written field. */
async function logShared(tx: Db, table: string, id: string, fields: string[]) {
  const prev = await tx.execute({ sql: 'SELECT clocks FROM sync_rows WHERE table_name = ? AND row_id = ?', args: [table, id] });
  const clocks: Record<string, string> = prev.rows[0] ? JSON.parse(String(prev.rows[0].clocks || '{}')) : {};
  const hlc = serverHlc();
  for (const f of fields) clocks[f] = hlc;
  await recordChanges(tx, [{ table, id, userId: null, clocks }]);
}

export async function getContent(db: Db, kind: ContentKind, id: string) {
  const rs = await db.execute({ sql: `SELECT * FROM "${kind.table}" WHERE id = ? AND ${kind.scope}`, args: [id] });
  if (!rs.rows[0]) throw notFound(`No ${kind.table} row ${id}`);
  return { ...rs.rows[0] } as Record<string, unknown>;
}

export async function listContent(db: Client, kind: ContentKind, opts: { q?: string; limit: number; offset: number; courseId?: string }) {
  const where = [kind.scope];
  const args: SqlValue[] = [];
  if (opts.q) {
    where.push(`(${kind.searchColumns.map((c) => `"${c}" LIKE ?`).join(' OR ')})`);
    for (const _ of kind.searchColumns) args.push(`%${opts.q}%`);
  }
  if (opts.courseId && kind.table === 'lessons') {
    where.push('course_id = ?');
    args.push(opts.courseId);
  }
  const cond = where.join(' AND ');
  const total = Number((await db.execute({ sql: `SELECT COUNT(*) AS n FROM "${kind.table}" WHERE ${cond}`, args })).rows[0].n);
  const rs = await db.execute({ sql: `SELECT * FROM "${kind.table}" WHERE ${cond} ORDER BY ${kind.orderBy} LIMIT ? OFFSET ?`, args: [...args, opts.limit, opts.offset] });
  return { items: rs.rows.map((r) => ({ ...r })), total, limit: opts.limit, offset: opts.offset };
}

export async function createContent(db: Client, adminId: string, name: ContentKindName, input: Record<string, unknown>, now: Date) {
  const kind: ContentKind = CONTENT_KINDS[name];
  const { id: wanted, ...fields } = input as { id?: string } & Record<string, unknown>;
  const id = wanted ?? uuidv7();
  const ts = now.toISOString();
  const values: Record<string, SqlValue> = {
    ...kind.fixed,
    ...toSql(kind.table, fields),
    ...(kind.hasCreatedAt ? { created_at: ts } : {}),
    ...(kind.hasUpdatedAt ? { updated_at: ts } : {}),
    ...(kind.table === 'quests' ? { created_by: adminId } : {}),
  };
  return withWriteTransaction(db, async (tx) => {
    const exists = await tx.execute({ sql: `SELECT 1 FROM "${kind.table}" WHERE id = ?`, args: [id] });
    if (exists.rows[0]) throw new ApiError(409, 'already_exists', `${kind.table} ${id} already exists`);
    if (kind.table === 'lessons') await getContent(tx, CONTENT_KINDS.courses, String(values.course_id));
    const cols = ['id', ...Object.keys(values)];
    await tx.execute({
      sql: `INSERT INTO "${kind.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders(cols.length)})`,
      args: [id, ...Object.values(values)],
    });
    await logShared(tx, kind.table, id, Object.keys(values).filter((c) => c !== 'user_id'));
    await recordAudit(tx, adminId, { action: `${name}.create`, targetTable: kind.table, targetId: id, details: fields }, now);
    return getContent(tx, kind, id);
  });
}

export async function updateContent(db: Client, adminId: string, name: ContentKindName, id: string, patch: Record<string, unknown>, now: Date) {
  const kind: ContentKind = CONTENT_KINDS[name];
  return withWriteTransaction(db, async (tx) => {
    const before = await getContent(tx, kind, id);
    if (kind.table === 'lessons' && typeof patch.course_id === 'string') await getContent(tx, CONTENT_KINDS.courses, patch.course_id);
    const values: Record<string, SqlValue> = { ...toSql(kind.table, patch), ...(kind.hasUpdatedAt ? { updated_at: now.toISOString() } : {}) };
    const cols = Object.keys(values);
    await tx.execute({ sql: `UPDATE "${kind.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`, args: [...Object.values(values), id] });
    await logShared(tx, kind.table, id, cols);
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, { from: before[k] ?? null, to: patch[k] ?? null }]));
    await recordAudit(tx, adminId, { action: `${name}.update`, targetTable: kind.table, targetId: id, details: changed }, now);
    return { before, after: await getContent(tx, kind, id) };
  });
}

interface FkChild {
  table: string;
  column: string;
}

/** Tables whose foreign keys cascade from `parent` (read from the schema, so new tables are covered). */
async function cascadeChildren(db: Db, parent: string): Promise<FkChild[]> {
  const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map((r) => String(r.name));
  const out: FkChild[] = [];
  for (const t of tables) {
    for (const fk of (await db.execute(`PRAGMA foreign_key_list("${t}")`)).rows) {
      if (String(fk.table) === parent && String(fk.on_delete).toUpperCase() === 'CASCADE') out.push({ table: t, column: String(fk.from) });
    }
  }
  return out;
}

/** The rows a delete would take with it, depth first, so each gets a tombstone for its owner's devices. */
async function dependents(db: Db, table: string, id: string, depth = 0): Promise<Array<{ table: string; id: string }>> {
  if (depth > 4) return [];
  const out: Array<{ table: string; id: string }> = [];
  for (const child of await cascadeChildren(db, table)) {
    const rs = await db.execute({ sql: `SELECT id FROM "${child.table}" WHERE "${child.column}" = ?`, args: [id] });
    for (const r of rs.rows) {
      out.push({ table: child.table, id: String(r.id) });
      out.push(...(await dependents(db, child.table, String(r.id), depth + 1)));
    }
  }
  return out;
}

export async function deleteContent(db: Client, adminId: string, name: ContentKindName, id: string, now: Date) {
  const kind: ContentKind = CONTENT_KINDS[name];
  return withWriteTransaction(db, async (tx) => {
    const before = await getContent(tx, kind, id);
    if (kind.undeletable?.includes(id))
      throw new ApiError(409, 'in_use', `${id} is one of the core skills the economy is built on; deactivate it instead`);
    const deps = await dependents(tx, kind.table, id);
    const blocking = deps.filter((d) => kind.protectedBy.includes(d.table));
    if (blocking.length)
      throw new ApiError(409, 'in_use', `${kind.table} ${id} is used by ${blocking.length} user row(s) (${[...new Set(blocking.map((b) => b.table))].join(', ')}); deactivate or edit it instead`, {
        uses: blocking.length,
      });
    const owners = new Map<string, string | null>();
    for (const d of deps) {
      const rs = await tx.execute({ sql: 'SELECT user_id FROM sync_rows WHERE table_name = ? AND row_id = ?', args: [d.table, d.id] });
      owners.set(`${d.table}:${d.id}`, rs.rows[0] ? ((rs.rows[0].user_id as string | null) ?? null) : null);
    }
    await tx.execute({ sql: `DELETE FROM "${kind.table}" WHERE id = ?`, args: [id] });
    const hlc = serverHlc();
    const tombstones: ChangeLogEntry[] = [
      ...deps.filter((d) => tableSpec(d.table)).map((d) => ({ table: d.table, id: d.id, userId: owners.get(`${d.table}:${d.id}`) ?? null, clocks: { _deleted: hlc }, deleted: true })),
      { table: kind.table, id, userId: null, clocks: { _deleted: hlc }, deleted: true },
    ];
    await recordChanges(tx, tombstones);
    await recordAudit(tx, adminId, { action: `${name}.delete`, targetTable: kind.table, targetId: id, details: { removed: before, cascaded: deps.length } }, now);
    return { deleted: id, cascaded: deps.length };
  });
}
