import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../../db/db.ts';
import { todayLocal } from '../../../sync/outbox.ts';
import { useSession } from '../../../sync/session.ts';
import { EmptyState, PageHeader } from '../../../ui/empty-state.tsx';
import { Chart } from '../../../ui/chart.tsx';
import { addDays } from '@ignition/shared/dates.ts';
import { JournalEditor } from './journal-editor.tsx';
import { JournalCalendar } from './journal-calendar.tsx';
import { isBlank, moodFace, moodSeries, preview, searchEntries } from './journal-logic.ts';
import './journal.css';
import { formatLocal } from '../../../ui/date-format.ts';
import { useUrlIntent } from '../../../ui/url-intent.ts';

function longDate(date: string) {
  return formatLocal(new Date(`${date}T12:00:00Z`), undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The journal: one entry per day with a mood, a month calendar to browse, text search and mood over time. */
export default function JournalPage() {
  const session = useSession();
  const today = todayLocal();
  const [date, setDate] = useState(today);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [query, setQuery] = useState('');
  const entries = useLiveQuery(() => db.journal_entries.toArray(), []);
  const byDate = useMemo(() => {
    const m = new Map<string, Row>();
    // Should two rows ever name one date (e.g. one written through the API before this device synced), the latest edit is shown.
    for (const e of entries ?? []) {
      const prev = m.get(String(e.date));
      if (!prev || isBlank(prev) || (!isBlank(e) && String(e.updated_at ?? '') > String(prev.updated_at ?? ''))) m.set(String(e.date), e);
    }
    return m;
  }, [entries]);
  const found = useMemo(() => searchEntries([...byDate.values()], query), [byDate, query]);
  const mood = useMemo(() => moodSeries([...byDate.values()], today), [byDate, today]);
  const pick = (d: string) => {
    setDate(d);
    setMonth(d.slice(0, 7));
  };
  // `?date=` (a found entry, from the search palette) opens that day.
  useUrlIntent('date', (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && pick(d > today ? today : d));
  const count = [...byDate.values()].filter((e) => !isBlank(e)).length;

  return (
    <section className="page journal-page">
      <PageHeader title="Journal" subtitle={count ? `${count} ${count === 1 ? 'entry' : 'entries'}` : 'One entry a day, with your mood'} />
      <div className="journal-layout">
        <div className="stack">
          <div className="spread journal-day-nav">
            <button className="btn btn-small" onClick={() => pick(addDays(date, -1))} aria-label="Previous day">
              ‹
            </button>
            <label className="stack journal-date">
              <strong>{date === today ? `Today · ${longDate(date)}` : longDate(date)}</strong>
              <input type="date" value={date} max={today} onChange={(e) => e.target.value && pick(e.target.value > today ? today : e.target.value)} aria-label="Entry date" />
            </label>
            <button className="btn btn-small" onClick={() => pick(addDays(date, 1))} disabled={date >= today} aria-label="Next day">
              ›
            </button>
          </div>
          {entries === undefined || session === undefined ? (
            <p className="muted">Loading…</p>
          ) : (
            <JournalEditor key={date} userId={session?.user?.id} date={date} entry={byDate.get(date)} />
          )}
          <div className="card">
            <h2 className="small muted">Mood over time</h2>
            <Chart x={mood.x} series={[{ label: 'Mood', values: mood.values }]} height={160} formatY={(v) => String(v)} empty="Pick a mood with your entries to see it over time." />
          </div>
        </div>
        <div className="stack">
          <JournalCalendar month={month} onMonth={setMonth} selected={date} today={today} entries={byDate} onPick={pick} />
          <input type="search" placeholder="Search your journal" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search your journal" />
          {count === 0 ? (
            <EmptyState icon="📓" title="No entries yet">
              Write a few lines about today. The first entry each day earns 10 XP and 5 coins.
            </EmptyState>
          ) : found.length === 0 ? (
            <p className="muted">No entry contains “{query}”.</p>
          ) : (
            <ul className="list journal-list" aria-label="Journal entries">
              {found.slice(0, 100).map((e) => (
                <li key={e.id}>
                  <button className="journal-list-item" onClick={() => pick(String(e.date))}>
                    <span className="spread">
                      <strong>{longDate(String(e.date))}</strong>
                      <span aria-hidden>{moodFace(e.mood)}</span>
                    </span>
                    <span className="muted small">{preview(e.content) || 'Mood only'}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
