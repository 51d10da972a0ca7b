import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit, newId, todayLocal } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { planReadingSession, undoSessionOps } from './books-logic.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

/** Log a reading session: the pages read, or the page reached; minutes and a note if you like. */
export function ReadingSessionForm({ book, onDone }: { book: Row; onDone: () => void }) {
  const today = todayLocal();
  const [mode, setMode] = useState<'pages' | 'page'>('pages');
  const [value, setValue] = useState('');
  const [minutes, setMinutes] = useState('');
  const [notes, setNotes] = useState('');
  const [date, setDate] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const current = Number(book.current_page ?? 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n)) return setError(mode === 'pages' ? 'Enter how many pages you read' : 'Enter the page you reached');
    const mins = minutes.trim() === '' ? null : Number(minutes);
    if (mins != null && (!Number.isInteger(mins) || mins < 0 || mins > 1440)) return setError('Minutes must be a whole number up to 1440');
    const sessionId = newId();
    const plan = planReadingSession(book, { ...(mode === 'pages' ? { pages_read: n } : { end_page: n }), duration: mins, notes: notes.trim() || null, date }, { session: sessionId }, new Date().toISOString());
    if (!plan.update.ok) return setError(plan.update.error);
    const before = { ...book };
    await commit(plan.ops, plan.events);
    const finished = plan.update.finished;
    notify(
      `${finished ? `Finished “${book.title}”! ` : ''}Logged ${plan.update.pages_read} pages${plan.reward ? ` · +${plan.reward.xp} XP` : ''}`,
      'success',
      { label: 'Undo', run: () => void commit(undoSessionOps(before, sessionId)).then(() => notify('Session removed')) },
    );
    onDone();
  };

  return (
    <form className="form reading-form" onSubmit={submit} aria-label={`Log reading for ${book.title}`}>
      <div className="row" role="radiogroup" aria-label="What to enter">
        <label className="row small">
          <input type="radio" name="mode" checked={mode === 'pages'} onChange={() => setMode('pages')} /> Pages read
        </label>
        <label className="row small">
          <input type="radio" name="mode" checked={mode === 'page'} onChange={() => setMode('page')} /> Page reached
        </label>
      </div>
      <div className="form-row">
        <label>
          {mode === 'pages' ? 'Pages read' : `Now on page (after ${current})`}
          <input name="session-pages" type="number" min={1} value={value} onChange={(e) => setValue(e.target.value)} autoFocus required />
        </label>
        <label>
          Minutes
          <input name="session-minutes" type="number" min={0} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          Date
          <input name="session-date" type="date" value={date} max={today} onChange={(e) => setDate(e.target.value || today)} />
        </label>
      </div>
      <label>
        Notes
        <input name="session-notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
      </label>
      <FormFooter error={error} submitLabel="Log session" onCancel={onDone} />
    </form>
  );
}
