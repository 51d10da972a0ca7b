import { describe, expect, it } from 'vitest';
import { applyReadingSession, pagesPerDay, readingProgress } from './reading.ts';

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
