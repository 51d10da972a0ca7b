import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { useSettingsRow } from '../../sync/settings-row.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { booksFinishedInYear, readingStreak, recentPagesPerDay, yearlyGoalProgress } from '@ignition/shared/rules/reading.ts';

/** Pages per day, reading streak and the yearly goal (kept in the settings row, edited here). */
export function ReadingStats({ books, sessions }: { books: Row[]; sessions: Row[] }) {
  const today = todayLocal();
  const year = today.slice(0, 4);
  const [settings, saveSettings] = useSettingsRow();
  const goal = settings?.yearly_book_goal == null ? null : Number(settings.yearly_book_goal);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const finished = booksFinishedInYear(books.map((b) => ({ status: b.status, finished_at: b.finished_at })), year, tz);
  const list = sessions.map((s) => ({ pages_read: Number(s.pages_read ?? 0), date: String(s.date) }));
  const perDay = recentPagesPerDay(list, today, 30);
  const streak = readingStreak(list.map((s) => s.date), today);
  const pct = yearlyGoalProgress(finished, goal);

  const saveGoal = async (e: FormEvent) => {
    e.preventDefault();
    const n = draft.trim() === '' ? null : Number(draft);
    if (n != null && (!Number.isInteger(n) || n < 1 || n > 1000)) return notify('The goal must be a whole number from 1 to 1000', 'error');
    await saveSettings({ yearly_book_goal: n });
    setEditing(false);
    notify(n ? `Goal set: ${n} books in ${year}` : 'Yearly goal cleared', 'success');
  };

  return (
    <div className="card reading-stats">
      <div className="reading-stats-grid">
        <div className="stat">
          <strong data-testid="books-finished">{finished}</strong>
          <span className="muted small">finished in {year}</span>
        </div>
        <div className="stat">
          <strong data-testid="pages-per-day">{perDay}</strong>
          <span className="muted small">pages a day (30 days)</span>
        </div>
        <div className="stat">
          <strong data-testid="reading-streak">{streak}</strong>
          <span className="muted small">day reading streak</span>
        </div>
      </div>
      {editing ? (
        <form className="row" onSubmit={saveGoal} aria-label="Yearly book goal">
          <label className="row">
            Books to read in {year}
            <input type="number" min={1} max={1000} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus style={{ width: '6rem' }} name="yearly-goal" />
          </label>
          <button className="btn btn-primary btn-small">Save goal</button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="stack">
          {goal ? (
            <>
              <div className="progress-bar" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Yearly goal">
                <span style={{ width: `${pct}%` }} />
              </div>
              <p className="small muted">
                {finished} of {goal} books this year{finished >= goal ? ' — goal reached!' : ''}
              </p>
            </>
          ) : (
            <p className="small muted">Set a yearly goal to track how many books you finish.</p>
          )}
          <div>
            <button
              className="btn btn-small"
              onClick={() => {
                setDraft(goal ? String(goal) : '');
                setEditing(true);
              }}
            >
              {goal ? 'Change goal' : 'Set a yearly goal'}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
