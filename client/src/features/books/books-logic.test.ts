import { describe, expect, it } from 'vitest';
import { openIgnitionDb, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { planReadingSession, safeCoverUrl, undoSessionOps } from './books-logic.ts';
import { bookStatusFields } from '@ignition/shared/rules/reading.ts';

const NOW = '2026-03-10T10:00:00.000Z';

describe('reading sessions on the device', () => {
  it('moves the book in one commit with the session, its event and the optimistic reward', async () => {
    const db = openIgnitionDb(`books-${Math.random()}`);
    const book: Row = { id: 'b1', title: 'Dune', total_pages: 100, current_page: 0, status: 'want-to-read' };
    await commit([{ table: 'books', id: 'b1', fields: book }], [], db);
    const first = planReadingSession(book, { pages_read: 40, date: '2026-03-10' }, { session: 's1' }, NOW);
    expect(first.reward).toEqual({ xp: 8, coins: 4 });
    await commit(first.ops, first.events, db);
    const moved = (await db.books.get('b1'))!;
    expect(moved).toMatchObject({ current_page: 40, status: 'reading', started_at: NOW });
    expect(await db.reading_sessions.get('s1')).toMatchObject({ book_id: 'b1', pages_read: 40, start_page: 0, end_page: 40 });
    expect((await db.activity_events.toArray()).map((e) => [e.event_type, e.entity_id, e.xp_earned])).toEqual([['reading_session', 's1', 8]]);

    const second = planReadingSession(moved, { end_page: 100, date: '2026-03-10' }, { session: 's2' }, NOW);
    await commit(second.ops, second.events, db);
    expect(await db.books.get('b1')).toMatchObject({ current_page: 100, status: 'completed', finished_at: NOW });
    expect(second.reward).toEqual({ xp: 12, coins: 6 });

    // Undo of the last session puts the book back where it was.
    await commit(undoSessionOps(moved, 's2'), [], db);
    expect(await db.books.get('b1')).toMatchObject({ current_page: 40, status: 'reading', finished_at: null });
    expect(await db.reading_sessions.get('s2')).toBeUndefined();
    db.close();
  });

  it('writes nothing for a session past the last page', () => {
    const plan = planReadingSession({ id: 'b', total_pages: 50, current_page: 45, status: 'reading' }, { pages_read: 10, date: '2026-03-10' }, { session: 's' }, NOW);
    expect(plan.update).toMatchObject({ ok: false, error: 'This book has 50 pages' });
    expect(plan.ops).toEqual([]);
    expect(plan.events).toEqual([]);
  });

  it('dates a status change: completing jumps to the last page, reading again clears the finish', () => {
    const book: Row = { id: 'b', total_pages: 300, current_page: 12, status: 'reading', started_at: 'earlier' };
    expect(bookStatusFields(book, 'completed', NOW)).toEqual({ status: 'completed', finished_at: NOW, current_page: 300 });
    expect(bookStatusFields({ ...book, status: 'completed', finished_at: NOW }, 'reading', NOW)).toEqual({ status: 'reading', finished_at: null });
    expect(bookStatusFields(book, 'reading', NOW)).toEqual({});
  });

  it('only uses web addresses for covers', () => {
    expect(safeCoverUrl('https://covers.example/a.jpg')).toBe('https://covers.example/a.jpg');
    expect(safeCoverUrl('javascript:alert(1)')).toBeNull();
    expect(safeCoverUrl('')).toBeNull();
  });
});
