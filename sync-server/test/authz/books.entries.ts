import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

async function bookOf(t: TestApp, a: string): Promise<string> {
  const res = await t.req('/api/books', { cookie: a, body: { title: 'Owner Book', total_pages: 100 } });
  return ((await res.json()) as { book: { id: string } }).book.id;
}

async function journalOf(t: TestApp, a: string, date: string): Promise<string> {
  const res = await t.req(`/api/learn/journal/${date}`, { method: 'PUT', cookie: a, body: { content: 'Owner entry', mood: 3 } });
  return ((await res.json()) as { entry: { id: string } }).entry.id;
}

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/books', access: 'user' },
  { method: 'GET', path: '/api/books/stats', access: 'user' },
  { method: 'PUT', path: '/api/books/goal', access: 'user', body: { yearly_book_goal: 12 } },
  {
    method: 'POST',
    path: '/api/books',
    access: 'user',
    body: { title: 'Matrix Book', total_pages: 50 },
    // Reusing someone else's book id must not overwrite it.
    foreign: async (t, a) => {
      const id = await bookOf(t, a);
      return { path: '/api/books', body: { id, title: 'Taken Over' }, rowTable: 'books', rowId: id };
    },
  },
  {
    method: 'GET',
    path: '/api/books/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await bookOf(t, a);
      return { path: `/api/books/${id}`, rowTable: 'books', rowId: id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/books/:id',
    access: 'user',
    body: { title: 'Renamed' },
    foreign: async (t, a) => {
      const id = await bookOf(t, a);
      return { path: `/api/books/${id}`, body: { title: 'Renamed by someone else' }, rowTable: 'books', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/books/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await bookOf(t, a);
      return { path: `/api/books/${id}`, rowTable: 'books', rowId: id };
    },
  },
  {
    method: 'POST',
    path: '/api/books/:id/sessions',
    access: 'user',
    body: { pages_read: 10 },
    foreign: async (t, a) => {
      const id = await bookOf(t, a);
      return { path: `/api/books/${id}/sessions`, body: { pages_read: 10 }, rowTable: 'books', rowId: id };
    },
  },
  { method: 'GET', path: '/api/learn/journal', access: 'user' },
  {
    method: 'GET',
    path: '/api/learn/journal/:date',
    access: 'user',
    foreign: async (t, a) => ({ path: '/api/learn/journal/2026-02-01', rowTable: 'journal_entries', rowId: await journalOf(t, a, '2026-02-01') }),
  },
  {
    method: 'PUT',
    path: '/api/learn/journal/:date',
    access: 'user',
    body: { content: 'Matrix entry', mood: 3 },
    // No foreign case: the date names a day of the caller's own journal, never someone else's row.
  },
  {
    method: 'DELETE',
    path: '/api/learn/journal/:date',
    access: 'user',
    foreign: async (t, a) => ({ path: '/api/learn/journal/2026-02-03', rowTable: 'journal_entries', rowId: await journalOf(t, a, '2026-02-03') }),
  },
];

export default entries;
