import type { Client } from '@libsql/client';
import { ApiError, notFound } from '../errors.ts';
import { recordAudit } from './admin-audit.ts';
import { and, asc, count, desc, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import { users } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

export interface UserListQuery {
  q?: string;
  role?: 'user' | 'admin';
  approval?: 'approved' | 'pending' | 'denied';
  sort: 'created' | 'activity' | 'name' | 'email';
  limit: number;
  offset: number;
}

/** What an admin sees of a user (never tokens or sessions). */
const COLUMNS = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  approved: users.approved,
  denial_reason: users.denial_reason,
  tos_accepted: users.tos_accepted,
  tos_version: users.tos_version,
  created_at: users.created_at,
  last_activity_at: users.last_activity_at,
};
const SORTS = { created: desc(users.created_at), activity: desc(users.last_activity_at), name: sql`${users.name} COLLATE NOCASE`, email: asc(users.email) } as const;
const APPROVAL = {
  approved: eq(users.approved, 1),
  pending: and(eq(users.approved, 0), isNull(users.denial_reason)),
  denied: and(eq(users.approved, 0), isNotNull(users.denial_reason)),
} as const;

export async function listUsers(db: Client, q: UserListQuery) {
  const where = and(
    q.q ? or(like(users.name, `%${q.q}%`), like(users.email, `%${q.q}%`)) : undefined,
    q.role ? eq(users.role, q.role) : undefined,
    q.approval ? APPROVAL[q.approval] : undefined,
  );
  const [{ total }] = await orm(db).select({ total: count() }).from(users).where(where);
  const items = await orm(db).select(COLUMNS).from(users).where(where).orderBy(SORTS[q.sort], users.id).limit(q.limit).offset(q.offset);
  return { items, total, limit: q.limit, offset: q.offset };
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
    const [before] = await orm(tx).select(COLUMNS).from(users).where(eq(users.id, userId));
    if (!before) throw notFound(`No user ${userId}`);
    const set: Partial<typeof users.$inferInsert> = {};
    if (patch.role && patch.role !== before.role) {
      if (patch.role === 'user') {
        const [{ admins }] = await orm(tx).select({ admins: count() }).from(users).where(eq(users.role, 'admin'));
        if (admins <= 1)
          throw new ApiError(409, 'last_admin', userId === adminId ? 'You are the last admin: make someone else an admin before giving up the role' : 'This is the last admin; make someone else an admin first');
      }
      set.role = patch.role;
    }
    if (patch.approved === true) Object.assign(set, { approved: 1, denial_reason: null });
    if (patch.approved === false) {
      if (!patch.denialReason?.trim()) throw new ApiError(422, 'validation_failed', 'Denying an account needs a reason the user will see');
      if (userId === adminId) throw new ApiError(409, 'cannot_deny_self', 'You cannot deny your own account');
      Object.assign(set, { approved: 0, denial_reason: patch.denialReason.trim() });
    }
    if (Object.keys(set).length) {
      await orm(tx).update(users).set({ ...set, updated_at: now.toISOString() }).where(eq(users.id, userId));
      const action = patch.role && patch.role !== before.role ? 'users.role' : patch.approved === false ? 'users.deny' : 'users.approve';
      await recordAudit(tx, adminId, { action, targetTable: 'users', targetId: userId, details: { email: before.email, ...patch } }, now);
    }
    const [after] = await orm(tx).select(COLUMNS).from(users).where(eq(users.id, userId));
    return { ...after };
  });
}
