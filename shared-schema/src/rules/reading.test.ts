import { describe, expect, it } from 'vitest';
import { applyReadingSession, bookStatusFields, booksFinishedInYear, pagesPerDay, readingProgress, readingStreak, recentPagesPerDay, yearlyGoalProgress } from './reading.ts';

describe('reading progress', () => {
  it.each([
    [0, 300, 0],
    [150, 300, 50],
    [299, 300, 100],
    [10, null, 0],
    [400, 300, 100],
  ])('page %d of %d is %d%%', (cur, total, pct) => {
    expect(readingProgress(cur, total)).toBe(pct);
  });

  it('moves the current page by pages read or to a new page', () => {
    expect(applyReadingSession({ current_page: 100, total_pages: 300 }, { pages_read: 20 })).toMatchObject({ ok: true, current_page: 120, pages_read: 20 });
    expect(applyReadingSession({ current_page: 100, total_pages: 300 }, { end_page: 300 })).toMatchObject({ ok: true, pages_read: 200, finished: true });
  });

  it('refuses pages past the end or going backwards', () => {
    expect(applyReadingSession({ current_page: 290, total_pages: 300 }, { pages_read: 20 })).toMatchObject({ ok: false });
    expect(applyReadingSession({ current_page: 100, total_pages: 300 }, { end_page: 90 })).toMatchObject({ ok: false });
    expect(applyReadingSession({ current_page: 0, total_pages: 300 }, {})).toMatchObject({ ok: false });
  });

  it('averages pages per day', () => {
    expect(pagesPerDay([{ pages_read: 30, date: 'a' }, { pages_read: 40, date: 'b' }], 7)).toBe(10);
  });
});

describe('reading habits over time', () => {
  it('counts a reading streak of consecutive days ending today or yesterday', () => {
    expect(readingStreak(['2026-03-01', '2026-03-02', '2026-03-03'], '2026-03-03')).toBe(3);
    expect(readingStreak(['2026-03-01', '2026-03-02'], '2026-03-03')).toBe(2);
    expect(readingStreak(['2026-03-01'], '2026-03-03')).toBe(0);
    expect(readingStreak(['2026-02-28', '2026-03-01', '2026-03-01'], '2026-03-01')).toBe(2);
    expect(readingStreak([], '2026-03-01')).toBe(0);
  });

  it('averages pages per day over the recent window only', () => {
    const sessions = [
      { pages_read: 30, date: '2026-03-10' },
      { pages_read: 60, date: '2026-03-01' },
      { pages_read: 500, date: '2026-01-01' },
    ];
    expect(recentPagesPerDay(sessions, '2026-03-10', 30)).toBe(3);
    expect(recentPagesPerDay(sessions, '2026-03-10', 7)).toBe(4.3);
  });

  it('counts books finished in the year by local date, and progress toward the goal', () => {
    const books = [
      { status: 'completed', finished_at: '2026-06-01T10:00:00Z' },
      { status: 'completed', finished_at: '2025-12-31T23:30:00Z' },
      { status: 'reading', finished_at: null },
      { status: 'completed', finished_at: null },
    ];
    expect(booksFinishedInYear(books, '2026', 'UTC')).toBe(1);
    // 23:30 UTC on New Year's Eve is already 2026 in Berlin.
    expect(booksFinishedInYear(books, '2026', 'Europe/Berlin')).toBe(2);
    expect(yearlyGoalProgress(3, 12)).toBe(25);
    expect(yearlyGoalProgress(15, 12)).toBe(100);
    expect(yearlyGoalProgress(3, null)).toBe(0);
  });

  it('reads a book to its last page in sessions without ever going past it', () => {
    let book = { current_page: 0, total_pages: 250 };
    const a = applyReadingSession(book, { pages_read: 120 });
    expect(a).toMatchObject({ ok: true, start_page: 0, end_page: 120, finished: false });
    book = { ...book, current_page: 120 };
    const b = applyReadingSession(book, { end_page: 250 });
    expect(b).toMatchObject({ ok: true, start_page: 120, pages_read: 130, finished: true });
    expect(applyReadingSession({ current_page: 250, total_pages: 250 }, { pages_read: 1 })).toMatchObject({ ok: false });
    expect(applyReadingSession({ current_page: 10, total_pages: null }, { pages_read: 5 })).toMatchObject({ ok: true, current_page: 15, finished: false });
    expect(applyReadingSession({ current_page: 10, total_pages: 300 }, { pages_read: 2.5 })).toMatchObject({ ok: false });
  });
});

describe('a book’s status change', () => {
  const NOW = '2026-11-26T10:00:00.000Z';
  it('stamps the start and the finish, moves a completed book to its last page, and clears the finish when reopened', () => {
    const book = { status: 'want_to_read', started_at: null, finished_at: null, total_pages: 300 };
    expect(bookStatusFields(book, 'reading', NOW)).toEqual({ status: 'reading', started_at: NOW });
    expect(bookStatusFields(book, 'completed', NOW)).toEqual({ status: 'completed', started_at: NOW, finished_at: NOW, current_page: 300 });
    const done = { ...book, status: 'completed', started_at: '2026-01-01T00:00:00.000Z', finished_at: NOW };
    expect(bookStatusFields(done, 'reading', NOW)).toEqual({ status: 'reading', finished_at: null });
  });
  it('changes nothing when the status stays or is not given', () => {
    expect(bookStatusFields({ status: 'reading' }, 'reading', NOW)).toEqual({});
    expect(bookStatusFields({ status: 'reading' }, undefined, NOW)).toEqual({});
  });
});
