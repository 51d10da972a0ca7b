import type { Client } from '@libsql/client';
import { notFound } from '../errors.ts';
import { recordAudit } from './admin-audit.ts';
import { recordChanges } from './sync/change-log.ts';
import type { SqlValue } from './sync/sql.ts';
import { serverHlc } from './server-clock.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

export const FEEDBACK_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export const FEEDBACK_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const FEEDBACK_TYPES = ['bug', 'feature', 'other'] as const;

export interface FeedbackQuery {
  status?: (typeof FEEDBACK_STATUSES)[number];
  type?: (typeof FEEDBACK_TYPES)[number];
  priority?: (typeof FEEDBACK_PRIORITIES)[number];
  q?: string;
  limit: number;
  offset: number;
}

const PRIORITY_ORDER = "CASE f.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

export async function listFeedback(db: Client, q: FeedbackQuery) {
  const where: string[] = [];
  const args: SqlValue[] = [];
  for (const k of ['status', 'type', 'priority'] as const) {
    if (q[k]) {
      where.push(`f.${k} = ?`);
      args.push(q[k]!);
    }
  }
  if (q.q) {
    where.push('(f.title LIKE ? OR f.description LIKE ?)');
    args.push(`%${q.q}%`, `%${q.q}%`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number((await db.execute({ sql: `SELECT COUNT(*) AS n FROM user_feedback f ${cond}`, args })).rows[0].n);
  const rs = await db.execute({
    sql: `SELECT f.*, u.email AS user_email, u.name AS user_name FROM user_feedback f LEFT JOIN users u ON u.id = f.user_id
          ${cond} ORDER BY ${PRIORITY_ORDER}, f.created_at DESC LIMIT ? OFFSET ?`,
    args: [...args, q.limit, q.offset],
  });
  return { items: rs.rows.map((r) => ({ ...r })), total, limit: q.limit, offset: q.offset };
}

export interface FeedbackPatch {
  status?: (typeof FEEDBACK_STATUSES)[number];
  priority?: (typeof FEEDBACK_PRIORITIES)[number];
  admin_notes?: string | null;
}

/**
 * Triage writes the user's own synced row, so the author's devices see the new status on their
 * next pull: the fields get fresh server clocks in the change log under the author's id.
 */
export async function updateFeedback(db: Client, adminId: string, id: string, patch: FeedbackPatch, now: Date) {
  return withWriteTransaction(db, async (tx) => {
    const rs = await tx.execute({ sql: 'SELECT * FROM user_feedback WHERE id = ?', args: [id] });
    const before = rs.rows[0];
    if (!before) throw notFound(`No feedback ${id}`);
    const values: Record<string, SqlValue> = { ...patch, updated_at: now.toISOString() } as Record<string, SqlValue>;
    for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
    const cols = Object.keys(values);
    await tx.execute({ sql: `UPDATE user_feedback SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`, args: [...cols.map((c) => values[c]), id] });
    const log = await tx.execute({ sql: "SELECT clocks FROM sync_rows WHERE table_name = 'user_feedback' AND row_id = ?", args: [id] });
    const clocks: Record<string, string> = log.rows[0] ? JSON.parse(String(log.rows[0].clocks || '{}')) : {};
    const hlc = serverHlc();
    for (const c of cols) if (c !== 'admin_notes') clocks[c] = hlc;
    await recordChanges(tx, [{ table: 'user_feedback', id, userId: (before.user_id as string | null) ?? null, clocks }]);
    await recordAudit(tx, adminId, { action: 'feedback.update', targetTable: 'user_feedback', targetId: id, details: patch }, now);
    const after = (await tx.execute({ sql: 'SELECT * FROM user_feedback WHERE id = ?', args: [id] })).rows[0];
    return { ...after };
  });
}
