import type { Row } from '../../db/db.ts';
import type { TableRowOf } from '@ignition/shared/tables.ts';
import { applyReadingSession, bookStatusFields, type ReadingUpdate } from '@ignition/shared/rules/reading.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import type { WriteOp, NewEvent } from '../../sync/outbox.ts';

export const STATUSES = [
  { value: 'reading', label: 'Reading' },
  { value: 'want-to-read', label: 'Want to read' },
  { value: 'completed', label: 'Completed' },
  { value: 'dnf', label: 'Did not finish' },
] as const;

export const statusLabel = (s: unknown) => STATUSES.find((x) => x.value === s)?.label ?? String(s ?? '');

export interface SessionPlan {
  update: ReadingUpdate;
  ops: WriteOp[];
  events: NewEvent[];
  reward: { xp: number; coins: number } | null;
}

/**
 * One reading session as one local commit: the session row, the book moved to its new page
 * (completed at the last page) and the reading event with the optimistic reward.
 */
export function planReadingSession(
  book: Row,
  input: { pages_read?: number; end_page?: number; duration?: number | null; notes?: string | null; date: string },
  ids: { session: string },
  nowIso: string,
): SessionPlan {
  const update = applyReadingSession({ current_page: Number(book.current_page ?? 0), total_pages: book.total_pages == null ? null : Number(book.total_pages) }, input);
  if (!update.ok) return { update, ops: [], events: [], reward: null };
  const bookFields: Record<string, unknown> = { current_page: update.current_page, updated_at: nowIso };
  if (book.status !== 'reading') Object.assign(bookFields, bookStatusFields(book, 'reading', nowIso));
  if (update.finished) Object.assign(bookFields, { status: 'completed', finished_at: nowIso, started_at: book.started_at ?? nowIso });
  const r = computeReward({ type: 'reading_session', pages: update.pages_read, currentPage: update.current_page, totalPages: book.total_pages == null ? null : Number(book.total_pages) });
  const reward = 'rejected' in r ? null : { xp: r.xp, coins: r.coins };
  return {
    update,
    reward,
    ops: [
      {
        table: 'reading_sessions',
        id: ids.session,
        fields: {
          book_id: book.id,
          pages_read: update.pages_read,
          start_page: update.start_page,
          end_page: update.end_page,
          duration: input.duration ?? null,
          notes: input.notes ?? null,
          date: input.date,
        },
      },
      { table: 'books', id: book.id, fields: bookFields },
    ],
    events: reward ? [{ event_type: 'reading_session', entity_id: ids.session, skill_id: 'knowledge', xp: reward.xp, coins: reward.coins, metadata: { book_id: book.id } }] : [],
  };
}

/** The writes that put a book back as it was before a session (its undo). */
export function undoSessionOps(before: TableRowOf<'books'>, sessionId: string): WriteOp[] {
  return [
    { table: 'reading_sessions', id: sessionId, delete: true },
    {
      table: 'books',
      id: before.id,
      fields: { current_page: before.current_page ?? 0, status: before.status ?? 'want-to-read', started_at: before.started_at ?? null, finished_at: before.finished_at ?? null, updated_at: new Date().toISOString() },
    },
  ];
}

export function safeCoverUrl(url: unknown): string | null {
  const s = String(url ?? '').trim();
  return /^https?:\/\//i.test(s) ? s : null;
}
