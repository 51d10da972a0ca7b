import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { STATUSES } from './books-logic.ts';
import { bookStatusFields } from '@ignition/shared/rules/reading.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Add a book or edit one; only the title is required. */
export function BookForm({ book, onDone }: { book?: Row; onDone: () => void }) {
  const [title, setTitle] = useState(String(book?.title ?? ''));
  const [author, setAuthor] = useState(String(book?.author ?? ''));
  const [pages, setPages] = useState(book?.total_pages == null ? '' : String(book.total_pages));
  const [status, setStatus] = useState(String(book?.status ?? 'reading'));
  const [genre, setGenre] = useState(String(book?.genre ?? ''));
  const [cover, setCover] = useState(String(book?.cover_url ?? ''));
  const [notes, setNotes] = useState(String(book?.notes ?? ''));
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const total = num(pages);
    if (!title.trim()) return setError('Give the book a title');
    if (total != null && (!Number.isInteger(total) || total < 1 || total > 100_000)) return setError('Pages must be a whole number from 1 to 100,000');
    if (total != null && Number(book?.current_page ?? 0) > total) return setError(`You are already on page ${book?.current_page}; the book cannot be shorter`);
    if (cover.trim() && !/^https?:\/\//i.test(cover.trim())) return setError('The cover must be a web address starting with http:// or https://');
    const now = new Date().toISOString();
    const id = book?.id ?? newId();
    const base: Row = book ?? { id, status: 'want-to-read', total_pages: total };
    await commit([
      {
        table: 'books',
        id,
        fields: {
          title: title.trim(),
          author: author.trim() || null,
          total_pages: total,
          genre: genre.trim() || null,
          cover_url: cover.trim() || null,
          notes: notes.trim() || null,
          updated_at: now,
          ...(book ? {} : { created_at: now, current_page: 0, status: 'want-to-read' }),
          ...bookStatusFields({ ...base, total_pages: total }, status, now),
        },
      },
    ]);
    notify(book ? 'Book saved' : `Added “${title.trim()}”`, 'success');
    onDone();
  };

  return (
    <form className="form card" onSubmit={submit} aria-label={book ? 'Edit book' : 'Add a book'}>
      <div className="form-row">
        <label>
          Title
          <input name="book-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required autoFocus />
        </label>
        <label>
          Author
          <input name="book-author" value={author} onChange={(e) => setAuthor(e.target.value)} maxLength={200} />
        </label>
      </div>
      <div className="form-row">
        <label>
          Pages
          <input name="book-pages" type="number" min={1} max={100000} value={pages} onChange={(e) => setPages(e.target.value)} />
        </label>
        <label>
          Status
          <select name="book-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Genre
          <input name="book-genre" value={genre} onChange={(e) => setGenre(e.target.value)} maxLength={100} />
        </label>
      </div>
      <label>
        Cover image address <span className="muted small">(optional)</span>
        <input name="book-cover" type="url" value={cover} onChange={(e) => setCover(e.target.value)} maxLength={2000} placeholder="https://…" />
      </label>
      <label>
        Notes
        <textarea name="book-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={10000} />
      </label>
      <FormFooter error={error} submitLabel={book ? 'Save' : 'Add book'} onCancel={onDone} />
    </form>
  );
}
