import type { Client } from '@libsql/client';
import { notFound } from '../errors.ts';
import { recordAudit } from './admin-audit.ts';
import { recordChanges } from './sync/change-log.ts';
import { and, count, desc, eq, getTableColumns, like, or, sql } from 'drizzle-orm';
import { syncRows, userFeedback, users } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
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

const f = userFeedback;
const PRIORITY_ORDER = sql`CASE ${f.priority} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

export async function listFeedback(db: Client, q: FeedbackQuery) {
  const where = and(
    q.status ? eq(f.status, q.status) : undefined,
    q.type ? eq(f.type, q.type) : undefined,
    q.priority ? eq(f.priority, q.priority) : undefined,
    q.q ? or(like(f.title, `%${q.q}%`), like(f.description, `%${q.q}%`)) : undefined,
  );
  const [{ total }] = await orm(db).select({ total: count() }).from(f).where(where);
  const items = await orm(db)
    .select({ ...getTableColumns(f), user_email: users.email, user_name: users.name })
    .from(f)
    .leftJoin(users, eq(users.id, f.user_id))
    .where(where)
    .orderBy(PRIORITY_ORDER, desc(f.created_at))
    .limit(q.limit)
    .offset(q.offset);
  return { items, total, limit: q.limit, offset: q.offset };
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
    const [before] = await orm(tx).select().from(f).where(eq(f.id, id));
    if (!before) throw notFound(`No feedback ${id}`);
    const values: Partial<typeof f.$inferInsert> = { ...patch, updated_at: now.toISOString() };
    for (const k of Object.keys(values) as Array<keyof typeof values>) if (values[k] === undefined) delete values[k];
    const cols = Object.keys(values);
    await orm(tx).update(f).set(values).where(eq(f.id, id));
    const [log] = await orm(tx)
      .select({ clocks: syncRows.clocks })
      .from(syncRows)
      .where(and(eq(syncRows.table_name, 'user_feedback'), eq(syncRows.row_id, id)));
    const clocks = JSON.parse(log?.clocks || '{}') as Record<string, string>;
    const hlc = serverHlc();
    for (const c of cols) if (c !== 'admin_notes') clocks[c] = hlc;
    await recordChanges(tx, [{ table: 'user_feedback', id, userId: before.user_id ?? null, clocks }]);
    await recordAudit(tx, adminId, { action: 'feedback.update', targetTable: 'user_feedback', targetId: id, details: patch }, now);
    const [after] = await orm(tx).select().from(f).where(eq(f.id, id));
    return after;
  });
}
