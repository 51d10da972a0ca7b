import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';

export const FEEDBACK_TYPES = ['bug', 'feature', 'other'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

/**
 * Saves feedback on the device (one commit: row, clocks, outbox) so it works with no signal;
 * the next sync sends it. Status and priority start as the server's defaults; admins change them.
 */
export async function sendFeedback(input: { type: FeedbackType; title: string; description?: string }, database: IgnitionDb = defaultDb): Promise<string> {
  const title = input.title.trim().slice(0, 200);
  if (!title) throw new Error('Give it a short title');
  const id = newId();
  const now = new Date().toISOString();
  await commit(
    [{ table: 'user_feedback', id, fields: { type: input.type, title, description: input.description?.trim().slice(0, 5000) || null, status: 'open', priority: 'medium', created_at: now, updated_at: now } }],
    [],
    database,
  );
  return id;
}

/** The person's feedback, newest first, each marked whether it still waits in the outbox. */
export async function myFeedback(database: IgnitionDb = defaultDb): Promise<Array<Row & { waiting: boolean }>> {
  const rows = (await database.user_feedback.toArray()) as Row[];
  rows.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')));
  const pending = new Set((await database.outbox_changes.filter((o) => o.table === 'user_feedback').toArray()).map((o) => o.row_id));
  return rows.map((r) => ({ ...r, waiting: pending.has(String(r.id)) }));
}
