import type { Client } from '@libsql/client';
import { localDate } from '../../../shared-schema/src/dates.ts';
import {
  applyReadingSession,
  bookStatusFields,
  booksFinishedInYear,
  readingProgress,
  readingStreak,
  recentPagesPerDay,
  yearlyGoalProgress,
} from '../../../shared-schema/src/rules/reading.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { writeThroughSync } from './rest-write.ts';

export const BOOK_STATUSES = ['want-to-read', 'reading', 'completed', 'dnf'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

export interface BookInput {
  title?: string;
  author?: string | null;
  total_pages?: number | null;
  current_page?: number;
  status?: BookStatus;
  rating?: number | null;
  genre?: string | null;
  notes?: string | null;
  cover_url?: string | null;
}

export interface SessionInput {
  pages_read?: number;
  end_page?: number;
  duration?: number | null;
  notes?: string | null;
  date?: string;
}

type R = Record<string, unknown>;
type User = Asker;

const withProgress = (b: R) => ({ ...b, progress: readingProgress(Number(b.current_page ?? 0), b.total_pages == null ? null : Number(b.total_pages)) });

async function ownBook(db: Client, userId: string, id: string): Promise<R> {
  const row = (await db.execute({ sql: 'SELECT * FROM books WHERE id = ? AND user_id = ?', args: [id, userId] })).rows[0];
  if (!row) throw notFound('No such book');
  return { ...row } as R;
}

export async function listBooks(db: Client, userId: string, status?: BookStatus) {
  const rows = (
    await db.execute({
      sql: `SELECT * FROM books WHERE user_id = ?${status ? ' AND status = ?' : ''} ORDER BY updated_at DESC, id`,
      args: status ? [userId, status] : [userId],
    })
  ).rows;
  return rows.map((r) => withProgress({ ...r } as R));
}

export async function getBook(db: Client, userId: string, id: string) {
  const book = await ownBook(db, userId, id);
  const sessions = (await db.execute({ sql: 'SELECT * FROM reading_sessions WHERE book_id = ? AND user_id = ? ORDER BY date DESC, id DESC', args: [id, userId] })).rows;
  return { book: withProgress(book), sessions: sessions.map((s) => ({ ...s })) };
}

export async function createBook(deps: AppDeps, user: User, input: BookInput & { id?: string }) {
  const id = input.id ?? crypto.randomUUID();
  const exists = (await deps.db.execute({ sql: 'SELECT 1 FROM books WHERE id = ?', args: [id] })).rows[0];
  if (exists) throw new ApiError(409, 'conflict', 'A book with this id already exists');
  if (input.total_pages != null && (input.current_page ?? 0) > input.total_pages) throw new ApiError(422, 'pages_exceed_book', `This book has ${input.total_pages} pages`);
  const nowIso = clockOf(deps).toISOString();
  const base: R = { status: 'want-to-read', started_at: null, finished_at: null, total_pages: input.total_pages ?? null };
  const fields: R = {
    title: input.title,
    author: input.author ?? null,
    total_pages: input.total_pages ?? null,
    current_page: input.current_page ?? 0,
    status: 'want-to-read',
    rating: input.rating ?? null,
    genre: input.genre ?? null,
    notes: input.notes ?? null,
    cover_url: input.cover_url ?? null,
    created_at: nowIso,
    updated_at: nowIso,
    ...bookStatusFields(base, input.status, nowIso),
  };
  await writeThroughSync(deps, user.id, [{ table: 'books', id, fields }]);
  return withProgress(await ownBook(deps.db, user.id, id));
}

export async function updateBook(deps: AppDeps, user: User, id: string, input: BookInput) {
  const book = await ownBook(deps.db, user.id, id);
  const total = input.total_pages !== undefined ? input.total_pages : book.total_pages == null ? null : Number(book.total_pages);
  const current = input.current_page ?? Number(book.current_page ?? 0);
  if (total != null && current > total) throw new ApiError(422, 'pages_exceed_book', `This book has ${total} pages`);
  const nowIso = clockOf(deps).toISOString();
  const { status, ...rest } = input;
  const fields: R = { ...rest, ...bookStatusFields({ ...book, total_pages: total }, status, nowIso), updated_at: nowIso };
  await writeThroughSync(deps, user.id, [{ table: 'books', id, fields }]);
  return withProgress(await ownBook(deps.db, user.id, id));
}

export async function deleteBook(deps: AppDeps, user: User, id: string) {
  await ownBook(deps.db, user.id, id);
  await writeThroughSync(deps, user.id, [{ table: 'books', id, delete: true }]);
}

/** A reading session moves the book's current page; reaching the last page completes the book. */
export async function logReadingSession(deps: AppDeps, user: User, bookId: string, input: SessionInput) {
  const book = await ownBook(deps.db, user.id, bookId);
  if (book.status === 'completed' || book.status === 'dnf') throw new ApiError(422, 'book_closed', `This book is marked ${book.status}; set it to reading first`);
  const update = applyReadingSession({ current_page: Number(book.current_page ?? 0), total_pages: book.total_pages == null ? null : Number(book.total_pages) }, input);
  if (!update.ok) throw new ApiError(422, 'invalid_pages', update.error);
  const now = clockOf(deps);
  const nowIso = now.toISOString();
  const tz = user.timezone;
  const sessionId = crypto.randomUUID();
  const bookFields: R = { current_page: update.current_page, updated_at: nowIso };
  if (book.status !== 'reading') Object.assign(bookFields, bookStatusFields(book, 'reading', nowIso));
  if (update.finished) Object.assign(bookFields, { status: 'completed', finished_at: nowIso, started_at: book.started_at ?? nowIso });
  const res = await writeThroughSync(
    deps,
    user.id,
    [
      {
        table: 'reading_sessions',
        id: sessionId,
        fields: {
          book_id: bookId,
          pages_read: update.pages_read,
          start_page: update.start_page,
          end_page: update.end_page,
          duration: input.duration ?? null,
          notes: input.notes ?? null,
          date: input.date ?? localDate(now, tz),
        },
      },
      { table: 'books', id: bookId, fields: bookFields },
    ],
    [{ event_type: 'reading_session', entity_id: sessionId, metadata: { book_id: bookId } }],
  );
  const event = (await deps.db.execute({ sql: "SELECT xp_earned, coins_earned FROM activity_events WHERE user_id = ? AND entity_id = ? AND event_type = 'reading_session'", args: [user.id, sessionId] })).rows[0];
  const session = (await deps.db.execute({ sql: 'SELECT * FROM reading_sessions WHERE id = ?', args: [sessionId] })).rows[0];
  return {
    session: { ...session },
    book: withProgress(await ownBook(deps.db, user.id, bookId)),
    reward: event ? { xp: Number(event.xp_earned), coins: Number(event.coins_earned) } : null,
    rejected: res.rejected[0] ?? null,
  };
}

export async function readingGoal(db: Client, userId: string): Promise<number | null> {
  const rows = (await db.execute({ sql: 'SELECT yearly_book_goal FROM user_settings WHERE user_id = ? ORDER BY id', args: [userId] })).rows;
  const v = rows.find((r) => r.yearly_book_goal != null)?.yearly_book_goal;
  return v == null ? null : Number(v);
}

/** The yearly goal lives in the person's settings row (the first by id, as the app picks it). */
export async function setReadingGoal(deps: AppDeps, user: User, goal: number | null) {
  const row = (await deps.db.execute({ sql: 'SELECT id FROM user_settings WHERE user_id = ? ORDER BY id LIMIT 1', args: [user.id] })).rows[0];
  const id = row ? String(row.id) : crypto.randomUUID();
  const nowIso = clockOf(deps).toISOString();
  await writeThroughSync(deps, user.id, [{ table: 'user_settings', id, fields: { yearly_book_goal: goal, updated_at: nowIso, ...(row ? {} : { created_at: nowIso }) } }]);
}

export async function readingStats(deps: AppDeps, user: Asker) {
  const userId = user.id;
  const db = deps.db;
  const tz = user.timezone;
  const today = localDate(clockOf(deps), tz);
  const year = today.slice(0, 4);
  const books = (await db.execute({ sql: 'SELECT status, finished_at FROM books WHERE user_id = ?', args: [userId] })).rows.map((r) => ({ status: r.status, finished_at: r.finished_at }));
  const sessions = (await db.execute({ sql: 'SELECT pages_read, date FROM reading_sessions WHERE user_id = ?', args: [userId] })).rows.map((r) => ({
    pages_read: Number(r.pages_read ?? 0),
    date: String(r.date),
  }));
  const goal = await readingGoal(db, userId);
  const finished = booksFinishedInYear(books, year, tz);
  return {
    today,
    reading: books.filter((b) => b.status === 'reading').length,
    finished_this_year: finished,
    yearly_goal: goal,
    goal_progress: yearlyGoalProgress(finished, goal),
    pages_per_day: recentPagesPerDay(sessions, today, 30),
    pages_this_year: sessions.filter((s) => s.date.startsWith(`${year}-`)).reduce((a, s) => a + s.pages_read, 0),
    streak: readingStreak(sessions.map((s) => s.date), today),
  };
}
