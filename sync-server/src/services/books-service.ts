import type { Client } from '@libsql/client';
import { localDate } from '@ignition/shared/dates.ts';
import {
  applyReadingSession,
  bookStatusFields,
  booksFinishedInYear,
  readingProgress,
  readingStreak,
  recentPagesPerDay,
  yearlyGoalProgress,
} from '@ignition/shared/rules/reading.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { writeThroughSync } from './rest-write.ts';
import { and, asc, desc, eq } from 'drizzle-orm';
import { activityEvents, books, readingSessions, userSettings } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

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
type Book = typeof books.$inferSelect;

const withProgress = (b: Book) => ({ ...b, progress: readingProgress(b.current_page ?? 0, b.total_pages) });

async function ownBook(db: Client, userId: string, id: string): Promise<Book> {
  const [row] = await orm(db).select().from(books).where(and(eq(books.id, id), eq(books.user_id, userId)));
  if (!row) throw notFound('No such book');
  return row;
}

export async function listBooks(db: Client, userId: string, status?: BookStatus) {
  const rows = await orm(db)
    .select()
    .from(books)
    .where(and(eq(books.user_id, userId), status ? eq(books.status, status) : undefined))
    .orderBy(desc(books.updated_at), asc(books.id));
  return rows.map(withProgress);
}

export async function getBook(db: Client, userId: string, id: string) {
  const book = await ownBook(db, userId, id);
  const sessions = await orm(db)
    .select()
    .from(readingSessions)
    .where(and(eq(readingSessions.book_id, id), eq(readingSessions.user_id, userId)))
    .orderBy(desc(readingSessions.date), desc(readingSessions.id));
  return { book: withProgress(book), sessions };
}

export async function createBook(deps: AppDeps, user: User, input: BookInput & { id?: string }) {
  const id = input.id ?? crypto.randomUUID();
  const [exists] = await orm(deps.db).select({ id: books.id }).from(books).where(eq(books.id, id));
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
  const total = input.total_pages !== undefined ? input.total_pages : book.total_pages;
  const current = input.current_page ?? book.current_page ?? 0;
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
  const update = applyReadingSession({ current_page: book.current_page ?? 0, total_pages: book.total_pages }, input);
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
  const [event] = await orm(deps.db)
    .select({ xp_earned: activityEvents.xp_earned, coins_earned: activityEvents.coins_earned })
    .from(activityEvents)
    .where(and(eq(activityEvents.user_id, user.id), eq(activityEvents.entity_id, sessionId), eq(activityEvents.event_type, 'reading_session')));
  const [session] = await orm(deps.db).select().from(readingSessions).where(eq(readingSessions.id, sessionId));
  return {
    session,
    book: withProgress(await ownBook(deps.db, user.id, bookId)),
    reward: event ? { xp: event.xp_earned, coins: event.coins_earned } : null,
    rejected: res.rejected[0] ?? null,
  };
}

export async function readingGoal(db: Client, userId: string): Promise<number | null> {
  const rows = await orm(db).select({ goal: userSettings.yearly_book_goal }).from(userSettings).where(eq(userSettings.user_id, userId)).orderBy(userSettings.id);
  return rows.find((r) => r.goal != null)?.goal ?? null;
}

/** The yearly goal lives in the person's settings row (the first by id, as the app picks it). */
export async function setReadingGoal(deps: AppDeps, user: User, goal: number | null) {
  const [row] = await orm(deps.db).select({ id: userSettings.id }).from(userSettings).where(eq(userSettings.user_id, user.id)).orderBy(userSettings.id).limit(1);
  const id = row?.id ?? crypto.randomUUID();
  const nowIso = clockOf(deps).toISOString();
  await writeThroughSync(deps, user.id, [{ table: 'user_settings', id, fields: { yearly_book_goal: goal, updated_at: nowIso, ...(row ? {} : { created_at: nowIso }) } }]);
}

export async function readingStats(deps: AppDeps, user: Asker) {
  const userId = user.id;
  const db = deps.db;
  const tz = user.timezone;
  const today = localDate(clockOf(deps), tz);
  const year = today.slice(0, 4);
  const mine = await orm(db).select({ status: books.status, finished_at: books.finished_at }).from(books).where(eq(books.user_id, userId));
  const sessions = (await orm(db).select({ pages_read: readingSessions.pages_read, date: readingSessions.date }).from(readingSessions).where(eq(readingSessions.user_id, userId))).map((r) => ({
    pages_read: r.pages_read ?? 0,
    date: r.date,
  }));
  const goal = await readingGoal(db, userId);
  const finished = booksFinishedInYear(mine, year, tz);
  return {
    today,
    reading: mine.filter((b) => b.status === 'reading').length,
    finished_this_year: finished,
    yearly_goal: goal,
    goal_progress: yearlyGoalProgress(finished, goal),
    pages_per_day: recentPagesPerDay(sessions, today, 30),
    pages_this_year: sessions.filter((s) => s.date.startsWith(`${year}-`)).reduce((a, s) => a + s.pages_read, 0),
    streak: readingStreak(sessions.map((s) => s.date), today),
  };
}
