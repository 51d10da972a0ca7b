import type { Client } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import type { Db } from './sync/sql.ts';

export interface AuditEntry {
  action: string;
  targetTable?: string | null;
  targetId?: string | null;
  details?: unknown;
}

/** Every admin write leaves one row here, in the same transaction as the write it describes. */
/** `adminId` is null for operator tools run from a shell (the restore CLI). */
export async function recordAudit(db: Db, adminId: string | null, entry: AuditEntry, now = new Date()) {
  await db.execute({
    sql: 'INSERT INTO admin_audit (id, admin_id, action, target_table, target_id, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    args: [uuidv7(), adminId, entry.action, entry.targetTable ?? null, entry.targetId ?? null, entry.details === undefined ? null : JSON.stringify(entry.details), now.toISOString()],
  });
}

export async function listAudit(db: Client, opts: { limit: number; before?: string; action?: string }) {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (opts.before) {
    where.push('a.created_at < ?');
    args.push(opts.before);
  }
  if (opts.action) {
    where.push('a.action = ?');
    args.push(opts.action);
  }
  const rs = await db.execute({
    sql: `SELECT a.id, a.admin_id, u.email AS admin_email, u.name AS admin_name, a.action, a.target_table, a.target_id, a.details, a.created_at
          FROM admin_audit a LEFT JOIN users u ON u.id = a.admin_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
    args: [...args, opts.limit],
  });
  return rs.rows.map((r) => ({ ...r, details: r.details ? JSON.parse(String(r.details)) : null }));
}
