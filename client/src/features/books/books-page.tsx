import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { BookCard } from './book-card.tsx';
import { BookForm } from './book-form.tsx';
import { ReadingStats } from './reading-stats.tsx';
import { STATUSES } from './books-logic.ts';
import './books.css';
import { useUrlIntent } from '../../ui/url-intent.ts';

const ORDER: Record<string, number> = { reading: 0, 'want-to-read': 1, completed: 2, dnf: 3 };

/** The book tracker: books by status, reading sessions that move the page, and the year's reading. */
export default function BooksPage() {
  const books = useLiveQuery(() => db.books.toArray(), []);
  const sessions = useLiveQuery(() => db.reading_sessions.toArray(), []);
  const [filter, setFilter] = useState<string>('all');
  const [adding, setAdding] = useState(false);
  useUrlIntent('new', () => setAdding(true));
  const shown = useMemo(
    () =>
      (books ?? [])
        .filter((b) => filter === 'all' || b.status === filter)
        .sort((a, b) => (ORDER[String(a.status)] ?? 9) - (ORDER[String(b.status)] ?? 9) || String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? ''))),
    [books, filter],
  );
  const count = (s: string) => (books ?? []).filter((b) => b.status === s).length;

  return (
    <section className="page books-page">
      <PageHeader
        title="Books"
        subtitle={books?.length ? `${count('reading')} reading · ${count('completed')} completed` : undefined}
        actions={
          !adding && (
            <button className="btn btn-primary" onClick={() => setAdding(true)}>
              Add book
            </button>
          )
        }
      />
      {adding && <BookForm onDone={() => setAdding(false)} />}
      {books && sessions && <ReadingStats books={books} sessions={sessions} />}
      {books === undefined ? (
        <p className="muted">Loading…</p>
      ) : books.length === 0 ? (
        !adding && (
          <EmptyState
            icon="📖"
            title="No books yet"
            action={
              <button className="btn btn-primary" onClick={() => setAdding(true)}>
                Add your first book
              </button>
            }
          >
            Add a book you are reading and log your reading sessions: every 5 pages earn 1 XP.
          </EmptyState>
        )
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Filter by status">
            {[{ value: 'all', label: 'All' }, ...STATUSES].map((s) => (
              <button key={s.value} role="tab" aria-selected={filter === s.value} className={filter === s.value ? 'active' : ''} onClick={() => setFilter(s.value)}>
                {s.label} {s.value === 'all' ? books.length : count(s.value)}
              </button>
            ))}
          </div>
          {shown.length === 0 ? (
            <p className="muted">No books here yet.</p>
          ) : (
            <ul className="list book-list">
              {shown.map((b) => (
                <BookCard key={b.id} book={b} sessions={sessions ?? []} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
