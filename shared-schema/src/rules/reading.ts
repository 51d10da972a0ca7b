import { addDays, localDate } from '../dates.ts';

/** Book progress arithmetic. */
export function readingProgress(currentPage: number | null | undefined, totalPages: number | null | undefined): number {
  if (!totalPages || totalPages <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round(((currentPage ?? 0) / totalPages) * 100)));
}

export function pagesPerDay(sessions: Array<{ pages_read: number; date: string }>, days: number): number {
  if (days <= 0) return 0;
  return Math.round((sessions.reduce((a, s) => a + (s.pages_read || 0), 0) / days) * 10) / 10;
}

export type ReadingUpdate =
  | { ok: true; current_page: number; pages_read: number; start_page: number; end_page: number; finished: boolean }
  | { ok: false; error: string };

/** A reading session gives either pages read or the new current page; it moves the book forward. */
export function applyReadingSession(book: { current_page?: number | null; total_pages?: number | null }, input: { pages_read?: number; end_page?: number }): ReadingUpdate {
  const start = book.current_page ?? 0;
  const total = book.total_pages ?? null;
  let end: number;
  if (input.end_page !== undefined) end = input.end_page;
  else if (input.pages_read !== undefined) end = start + input.pages_read;
  else return { ok: false, error: 'Enter the pages you read or the page you reached' };
  if (!Number.isInteger(end) || end <= start) return { ok: false, error: `The new page must be after page ${start}` };
  if (total != null && end > total) return { ok: false, error: `This book has ${total} pages` };
  return { ok: true, current_page: end, pages_read: end - start, start_page: start, end_page: end, finished: total != null && end === total };
}

/** Days in a row with at least one reading session, ending today (or yesterday: today is not over yet). */
export function readingStreak(sessionDates: Iterable<string>, today: string): number {
  const days = new Set(sessionDates);
  let day = days.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (days.has(day)) {
    n++;
    day = addDays(day, -1);
  }
  return n;
}

/** Pages read per day over the last `days` days up to and including `today`. */
export function recentPagesPerDay(sessions: Array<{ pages_read: number | null; date: string }>, today: string, days = 30): number {
  const from = addDays(today, -(days - 1));
  return pagesPerDay(
    sessions.filter((s) => s.date >= from && s.date <= today).map((s) => ({ pages_read: Number(s.pages_read ?? 0), date: s.date })),
    days,
  );
}

/** Books completed in a calendar year, judged by the local date they were finished on. */
export function booksFinishedInYear(books: Array<{ status?: unknown; finished_at?: unknown }>, year: string, timeZone = 'UTC'): number {
  return books.filter((b) => b.status === 'completed' && typeof b.finished_at === 'string' && b.finished_at && localDate(b.finished_at, timeZone).startsWith(`${year}-`)).length;
}

/** Progress toward the yearly goal in percent (0 when no goal is set). */
export function yearlyGoalProgress(finished: number, goal: number | null | undefined): number {
  if (!goal || goal <= 0) return 0;
  return Math.min(100, Math.round((finished / goal) * 100));
}

/**
 * The fields that come with a book's status change: reading (or completing) stamps when it
 * started, completing stamps when it finished and moves to the last page, leaving "completed"
 * clears the finish. No change of status, no fields. The app and the REST routes both use it.
 */
export function bookStatusFields(book: Record<string, unknown>, status: string | undefined, nowIso: string): Record<string, unknown> {
  if (!status || status === book.status) return {};
  const f: Record<string, unknown> = { status };
  if ((status === 'reading' || status === 'completed') && !book.started_at) f.started_at = nowIso;
  if (status === 'completed') {
    f.finished_at = nowIso;
    if (book.total_pages != null) f.current_page = Number(book.total_pages);
  } else if (book.finished_at) f.finished_at = null;
  return f;
}
