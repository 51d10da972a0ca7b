import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk, progressOf } from './sync-helpers.ts';

describe('/api/books', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  beforeAll(async () => {
    t = await createTestApp();
    a = await t.signIn('reader.a@example.com');
    b = await t.signIn('reader.b@example.com');
  });
  afterAll(() => t.close());

  const newBook = async (cookie: string, body: Record<string, unknown>) => {
    const res = await t.req('/api/books', { cookie, body });
    expect(res.status).toBe(201);
    return (await res.json()).book as Record<string, any>;
  };

  it('creates a book, lists it with its progress and logs it in the pull change log', async () => {
    const book = await newBook(a, { title: 'Dune', author: 'Frank Herbert', total_pages: 400, genre: 'sci-fi', cover_url: 'https://covers.example/dune.jpg' });
    expect(book).toMatchObject({ title: 'Dune', status: 'want-to-read', current_page: 0, progress: 0 });
    const list = await (await t.req('/api/books', { cookie: a })).json();
    expect(list.books.map((x: { id: string }) => x.id)).toContain(book.id);
    const logged = await t.db.execute({ sql: "SELECT COUNT(*) AS n FROM sync_rows WHERE table_name = 'books' AND row_id = ?", args: [book.id] });
    expect(Number(logged.rows[0].n)).toBe(1);
  });

  it('refuses a book without a title, a rating of 6 or a cover that is not a web address, writing nothing', async () => {
    const before = Number((await t.db.execute('SELECT COUNT(*) AS n FROM books')).rows[0].n);
    expect((await t.req('/api/books', { cookie: a, body: { author: 'Nobody' } })).status).toBe(422);
    expect((await t.req('/api/books', { cookie: a, body: { title: 'X', rating: 6 } })).status).toBe(422);
    expect((await t.req('/api/books', { cookie: a, body: { title: 'X', cover_url: 'javascript:alert(1)' } })).status).toBe(422);
    expect((await t.req('/api/books', { cookie: a, body: { title: 'X', total_pages: 10, current_page: 11 } })).status).toBe(422);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM books')).rows[0].n)).toBe(before);
  });

  it('logs two reading sessions that move the current page, finish the book and earn the reading reward', async () => {
    const book = await newBook(a, { title: 'Short Stories', total_pages: 120 });
    const before = await progressOf(t, 'reader.a@example.com');
    const first = await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { pages_read: 50, duration: 30, notes: 'Good start' } });
    expect(first.status).toBe(201);
    const one = await first.json();
    expect(one.book).toMatchObject({ current_page: 50, status: 'reading', progress: 42 });
    expect(one.session).toMatchObject({ pages_read: 50, start_page: 0, end_page: 50, duration: 30 });
    expect(one.reward).toEqual({ xp: 10, coins: 5 });
    const second = await (await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { end_page: 120 } })).json();
    expect(second.book).toMatchObject({ current_page: 120, status: 'completed', progress: 100 });
    expect(second.book.finished_at).toBeTruthy();
    expect(second.reward).toEqual({ xp: 14, coins: 7 });
    const after = await progressOf(t, 'reader.a@example.com');
    expect(after.total_xp - before.total_xp).toBe(24);
    expect(after.coins - before.coins).toBe(12);
    const detail = await (await t.req(`/api/books/${book.id}`, { cookie: a })).json();
    expect(detail.sessions).toHaveLength(2);
    const stats = await (await t.req('/api/books/stats', { cookie: a })).json();
    expect(stats).toMatchObject({ finished_this_year: 1, streak: 1, pages_this_year: 120 });
  });

  it('refuses a session past the last page or going backwards, leaving the book as it was', async () => {
    const book = await newBook(a, { title: 'Thin Book', total_pages: 50, status: 'reading' });
    expect((await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { pages_read: 51 } })).status).toBe(422);
    await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { pages_read: 20 } });
    const back = await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { end_page: 10 } });
    expect(back.status).toBe(422);
    expect((await back.json()).error.message).toMatch(/after page 20/);
    expect((await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { pages_read: 5, end_page: 30 } })).status).toBe(422);
    const detail = await (await t.req(`/api/books/${book.id}`, { cookie: a })).json();
    expect(detail.book.current_page).toBe(20);
    expect(detail.sessions).toHaveLength(1);
  });

  it('does not reward a synced session that claims more pages than the book has', async () => {
    const bookId = id();
    const sessionId = id();
    const res = await pushOk(
      t,
      a,
      [
        { table: 'books', id: bookId, op: 'upsert', fields: { title: 'Pamphlet', total_pages: 30, current_page: 30, status: 'completed' }, hlc: hlc() },
        { table: 'reading_sessions', id: sessionId, op: 'upsert', fields: { book_id: bookId, pages_read: 5000, date: '2026-01-02' }, hlc: hlc() },
      ],
      [{ id: id(), event_type: 'reading_session', entity_id: sessionId, created_at: new Date().toISOString() }],
    );
    expect(res.rejected[0]).toMatchObject({ code: 'pages_exceed_book' });
  });

  it('edits status and rating, and clears finished_at when a finished book is read again', async () => {
    const book = await newBook(a, { title: 'Reread Me', total_pages: 10, status: 'completed' });
    expect(book.finished_at).toBeTruthy();
    expect(book.current_page).toBe(10);
    const res = await t.req(`/api/books/${book.id}`, { method: 'PATCH', cookie: a, body: { status: 'reading', rating: 5 } });
    expect(res.status).toBe(200);
    expect((await res.json()).book).toMatchObject({ status: 'reading', rating: 5, finished_at: null });
  });

  it('sets the yearly goal in the settings row and reports progress toward it', async () => {
    const res = await t.req('/api/books/goal', { method: 'PUT', cookie: a, body: { yearly_book_goal: 4 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ yearly_goal: 4, finished_this_year: 1, goal_progress: 25 });
    const rows = await t.db.execute({ sql: 'SELECT yearly_book_goal FROM user_settings s JOIN users u ON u.id = s.user_id WHERE u.email = ?', args: ['reader.a@example.com'] });
    expect(rows.rows.map((r) => Number(r.yearly_book_goal))).toEqual([4]);
    expect((await t.req('/api/books/goal', { method: 'PUT', cookie: a, body: { yearly_book_goal: 0 } })).status).toBe(422);
  });

  it("answers 404 for another person's book on every route and leaves it untouched", async () => {
    const book = await newBook(a, { title: 'Private Diary of Books', total_pages: 100 });
    expect((await t.req(`/api/books/${book.id}`, { cookie: b })).status).toBe(404);
    expect((await t.req(`/api/books/${book.id}`, { method: 'PATCH', cookie: b, body: { title: 'Mine now' } })).status).toBe(404);
    expect((await t.req(`/api/books/${book.id}/sessions`, { cookie: b, body: { pages_read: 10 } })).status).toBe(404);
    expect((await t.req(`/api/books/${book.id}`, { method: 'DELETE', cookie: b })).status).toBe(404);
    expect((await t.req('/api/books', { cookie: b, body: { id: book.id, title: 'Taken' } })).status).toBe(409);
    const theirs = await (await t.req('/api/books', { cookie: b })).json();
    expect(theirs.books).toEqual([]);
    const row = (await t.db.execute({ sql: 'SELECT title, current_page FROM books WHERE id = ?', args: [book.id] })).rows[0];
    expect(row).toMatchObject({ title: 'Private Diary of Books', current_page: 0 });
  });

  it('deletes a book with its sessions and leaves tombstones for other devices', async () => {
    const book = await newBook(a, { title: 'Gone Soon', total_pages: 100 });
    await t.req(`/api/books/${book.id}/sessions`, { cookie: a, body: { pages_read: 10 } });
    expect((await t.req(`/api/books/${book.id}`, { method: 'DELETE', cookie: a })).status).toBe(204);
    expect((await t.req(`/api/books/${book.id}`, { cookie: a })).status).toBe(404);
    expect(Number((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM reading_sessions WHERE book_id = ?', args: [book.id] })).rows[0].n)).toBe(0);
    const tomb = await t.db.execute({ sql: "SELECT deleted FROM sync_rows WHERE table_name = 'books' AND row_id = ?", args: [book.id] });
    expect(Number(tomb.rows[0].deleted)).toBe(1);
  });

  it('needs a signed-in person', async () => {
    expect((await t.req('/api/books')).status).toBe(401);
    expect((await t.req('/api/books', { body: { title: 'Anon' } })).status).toBe(401);
  });
});
