import { useState } from 'react';
import type { Row } from '../../db/db.ts';
import { commit, newId, type WriteOp } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { bookStatusFields, readingProgress } from '@ignition/shared/rules/reading.ts';
import { BookForm } from './book-form.tsx';
import { ReadingSessionForm } from './reading-session-form.tsx';
import { safeCoverUrl, STATUSES, statusLabel } from './books-logic.ts';

/** The cover only when it loads: a broken or missing address shows nothing, never a broken image. */
function Cover({ url, title }: { url: unknown; title: string }) {
  const [failed, setFailed] = useState(false);
  const src = safeCoverUrl(url);
  if (!src || failed) return null;
  return <img className="book-cover" src={src} alt={`Cover of ${title}`} loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
}

function Stars({ book }: { book: Row }) {
  const rating = Number(book.rating ?? 0);
  const set = (n: number) => commit([{ table: 'books', id: book.id, fields: { rating: n === rating ? null : n, updated_at: new Date().toISOString() } }]);
  return (
    <div className="book-stars" role="group" aria-label="Rating">
      {[1, 2, 3, 4, 5].map((n) => (
        <button key={n} className={n <= rating ? 'star on' : 'star'} onClick={() => void set(n)} aria-label={`${n} star${n > 1 ? 's' : ''}`} aria-pressed={n <= rating}>
          ★
        </button>
      ))}
    </div>
  );
}

export function BookCard({ book, sessions }: { book: Row; sessions: Row[] }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'log'>('view');
  const [showSessions, setShowSessions] = useState(false);
  const title = String(book.title ?? '');
  const total = book.total_pages == null ? null : Number(book.total_pages);
  const current = Number(book.current_page ?? 0);
  const pct = readingProgress(current, total);
  const mine = sessions.filter((s) => s.book_id === book.id).sort((a, b) => String(b.date).localeCompare(String(a.date)) || String(b.id).localeCompare(String(a.id)));
  const closed = book.status === 'completed' || book.status === 'dnf';

  const setStatus = (status: string) => commit([{ table: 'books', id: book.id, fields: { ...bookStatusFields(book, status, new Date().toISOString()), updated_at: new Date().toISOString() } }]);
  const remove = async () => {
    await commit([{ table: 'books', id: book.id, delete: true }]);
    // A delete is final in sync, so undo brings the book back as a copy with its sessions.
    const restore = () => {
      const copyId = newId();
      const { id: _id, user_id: _u, ...fields } = book;
      const ops: WriteOp[] = [{ table: 'books', id: copyId, fields }];
      for (const s of mine) {
        const { id: _sid, user_id: _su, ...sf } = s;
        ops.push({ table: 'reading_sessions', id: newId(), fields: { ...sf, book_id: copyId } });
      }
      void commit(ops).then(() => notify(`“${title}” is back`));
    };
    notify(`Deleted “${title}”`, 'info', { label: 'Undo', run: restore });
  };

  if (mode === 'edit') return <BookForm book={book} onDone={() => setMode('view')} />;
  return (
    <li className="book-card" data-testid="book-card" aria-label={title} id={`book-${book.id}`}>
      <div className="book-main">
        <Cover url={book.cover_url} title={title} />
        <div className="stack book-info">
          <div className="spread">
            <div>
              <h3>{title}</h3>
              <p className="muted small">{[book.author, book.genre].filter(Boolean).join(' · ') || 'Unknown author'}</p>
            </div>
            <span className={`badge ${book.status === 'completed' ? 'badge-ok' : book.status === 'dnf' ? 'badge-danger' : ''}`}>{statusLabel(book.status)}</span>
          </div>
          {total != null ? (
            <div>
              <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={`${title} progress`}>
                <span style={{ width: `${pct}%` }} />
              </div>
              <p className="small muted book-progress-text">
                Page {current} of {total} · {pct}%
              </p>
            </div>
          ) : (
            <p className="small muted">On page {current}</p>
          )}
          <div className="row">
            <Stars book={book} />
            <select value={String(book.status)} onChange={(e) => void setStatus(e.target.value)} aria-label={`Status of ${title}`}>
              {STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          {book.notes ? <p className="small book-notes">{String(book.notes)}</p> : null}
        </div>
      </div>
      {mode === 'log' ? (
        <ReadingSessionForm book={book} onDone={() => setMode('view')} />
      ) : (
        <div className="row">
          {!closed && (
            <button className="btn btn-primary" onClick={() => setMode('log')}>
              Log reading
            </button>
          )}
          <button className="btn" onClick={() => setMode('edit')}>
            Edit
          </button>
          {mine.length > 0 && (
            <button className="btn" onClick={() => setShowSessions(!showSessions)} aria-expanded={showSessions}>
              {mine.length} session{mine.length === 1 ? '' : 's'}
            </button>
          )}
          <button className="btn btn-danger" onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
      {showSessions && (
        <ul className="list book-sessions" aria-label={`Reading sessions of ${title}`}>
          {mine.map((s) => (
            <li key={s.id} className="small">
              <strong>{String(s.date)}</strong> · {Number(s.pages_read ?? 0)} pages
              {s.end_page != null ? ` (to page ${s.end_page})` : ''}
              {s.duration ? ` · ${s.duration} min` : ''}
              {s.notes ? <span className="muted"> · {String(s.notes)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
