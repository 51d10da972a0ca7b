import type { Client } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import type { Db } from './sync/sql.ts';
import { and, desc, eq, lt } from 'drizzle-orm';
import { adminAudit, users } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

export interface AuditEntry {
  action: string;
  targetTable?: string | null;
  targetId?: string | null;
  details?: unknown;
}

/** Every admin write leaves one row here, in the same transaction as the write it describes. */
/** `adminId` is null for operator tools run from a shell (the restore CLI). */
export async function recordAudit(db: Db, adminId: string | null, entry: AuditEntry, now = new Date()) {
  await orm(db)
    .insert(adminAudit)
    .values({
      id: uuidv7(),
      admin_id: adminId,
      action: entry.action,
      target_table: entry.targetTable ?? null,
      target_id: entry.targetId ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      created_at: now.toISOString(),
    });
}

export async function listAudit(db: Client, opts: { limit: number; before?: string; action?: string }) {
  const a = adminAudit;
  const rows = await orm(db)
    .select({ id: a.id, admin_id: a.admin_id, admin_email: users.email, admin_name: users.name, action: a.action, target_table: a.target_table, target_id: a.target_id, details: a.details, created_at: a.created_at })
    .from(a)
    .leftJoin(users, eq(users.id, a.admin_id))
    .where(and(opts.before ? lt(a.created_at, opts.before) : undefined, opts.action ? eq(a.action, opts.action) : undefined))
    .orderBy(desc(a.created_at), desc(a.id))
    .limit(opts.limit);
  return rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null }));
}
