import type { Client } from '@libsql/client';
import { ApiError, notFound } from '../errors.ts';
import { recordAudit } from './admin-audit.ts';
import type { SqlValue } from './sync/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

export interface UserListQuery {
  q?: string;
  role?: 'user' | 'admin';
  approval?: 'approved' | 'pending' | 'denied';
  sort: 'created' | 'activity' | 'name' | 'email';
  limit: number;
  offset: number;
}

const SORTS = { created: 'created_at DESC', activity: 'last_activity_at DESC', name: 'name COLLATE NOCASE', email: 'email' } as const;
const COLUMNS = 'id, name, email, role, approved, denial_reason, tos_accepted, tos_version, created_at, last_activity_at';

export async function listUsers(db: Client, q: UserListQuery) {
  const where: string[] = [];
  const args: SqlValue[] = [];
  if (q.q) {
    where.push('(name LIKE ? OR email LIKE ?)');
    args.push(`%${q.q}%`, `%${q.q}%`);
  }
  if (q.role) {
    where.push('role = ?');
    args.push(q.role);
  }
  if (q.approval === 'approved') where.push('approved = 1');
  if (q.approval === 'pending') where.push('approved = 0 AND denial_reason IS NULL');
  if (q.approval === 'denied') where.push('approved = 0 AND denial_reason IS NOT NULL');
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number((await db.execute({ sql: `SELECT COUNT(*) AS n FROM users ${cond}`, args })).rows[0].n);
  const rs = await db.execute({ sql: `SELECT ${COLUMNS} FROM users ${cond} ORDER BY ${SORTS[q.sort]}, id LIMIT ? OFFSET ?`, args: [...args, q.limit, q.offset] });
  return { items: rs.rows.map((r) => ({ ...r })), total, limit: q.limit, offset: q.offset };
}

export interface UserPatch {
  approved?: boolean;
  denialReason?: string;
  role?: 'user' | 'admin';
}

/**
 * Approve, deny (with a reason the user is shown) or change a role. The last admin cannot be
 * demoted, so the instance always keeps someone who can reach this screen. Checked inside the
 * write transaction, so two admins demoting each other at once cannot both succeed.
 */
export async function updateUser(db: Client, adminId: string, userId: string, patch: UserPatch, now: Date) {
  return withWriteTransaction(db, async (tx) => {
    const rs = await tx.execute({ sql: `SELECT ${COLUMNS} FROM users WHERE id = ?`, args: [userId] });
    const before = rs.rows[0];
    if (!before) throw notFound(`No user ${userId}`);
    const sets: string[] = [];
    const args: SqlValue[] = [];
    if (patch.role && patch.role !== before.role) {
      if (patch.role === 'user') {
        const admins = Number((await tx.execute("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")).rows[0].n);
        if (admins <= 1)
          throw new ApiError(409, 'last_admin', userId === adminId ? 'You are the last admin: make someone else an admin before giving up the role' : 'This is the last admin; make someone else an admin first');
      }
      sets.push('role = ?');
      args.push(patch.role);
    }
    if (patch.approved === true) sets.push('approved = 1', 'denial_reason = NULL');
    if (patch.approved === false) {
      if (!patch.denialReason?.trim()) throw new ApiError(422, 'validation_failed', 'Denying an account needs a reason the user will see');
      if (userId === adminId) throw new ApiError(409, 'cannot_deny_self', 'You cannot deny your own account');
      sets.push('approved = 0', 'denial_reason = ?');
      args.push(patch.denialReason.trim());
    }
    if (sets.length) {
      sets.push('updated_at = ?');
      args.push(now.toISOString());
      await tx.execute({ sql: `UPDATE users SET ${sets.join(', ')} WHERE id = ?`, args: [...args, userId] });
      const action = patch.role && patch.role !== before.role ? 'users.role' : patch.approved === false ? 'users.deny' : 'users.approve';
      await recordAudit(tx, adminId, { action, targetTable: 'users', targetId: userId, details: { email: before.email, ...patch } }, now);
    }
    const after = (await tx.execute({ sql: `SELECT ${COLUMNS} FROM users WHERE id = ?`, args: [userId] })).rows[0];
    return { ...after };
  });
}
