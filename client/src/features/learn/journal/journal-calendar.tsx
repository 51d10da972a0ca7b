import type { Row } from '../../../db/db.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { isBlank, moodFace } from './journal-logic.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function monthTitle(month: string) {
  return new Date(`${month}-01T12:00:00Z`).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "1 December 2026": the day's number leads, as on the button, so a voice command naming it finds it. */
function dayTitle(day: string) {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** A month of days; days with an entry show their mood, and any day opens that day's entry. */
export function JournalCalendar({ month, onMonth, selected, today, entries, onPick }: { month: string; onMonth: (m: string) => void; selected: string; today: string; entries: Map<string, Row>; onPick: (date: string) => void }) {
  const first = `${month}-01`;
  const lead = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
  const days: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return (
    <div className="card journal-calendar">
      <div className="spread">
        <button className="btn btn-small" onClick={() => onMonth(shiftMonth(month, -1))} aria-label="Previous month">
          ‹
        </button>
        <strong>{monthTitle(month)}</strong>
        <button className="btn btn-small" onClick={() => onMonth(shiftMonth(month, 1))} aria-label="Next month" disabled={shiftMonth(month, 1) > today.slice(0, 7)}>
          ›
        </button>
      </div>
      {/* A group of day buttons, not an ARIA grid: a grid must hold rows of cells and arrow-key navigation. */}
      <div className="journal-grid" role="group" aria-label={`Journal days of ${monthTitle(month)}`}>
        {WEEKDAYS.map((w) => (
          <span key={w} className="journal-weekday muted small" aria-hidden>
            {w}
          </span>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <span key={`lead-${i}`} />
        ))}
        {days.map((d) => {
          const e = entries.get(d);
          const has = !isBlank(e);
          const cls = ['journal-day', has ? 'has-entry' : '', d === selected ? 'selected' : '', d === today ? 'today' : ''].filter(Boolean).join(' ');
          return (
            <button key={d} className={cls} disabled={d > today} onClick={() => onPick(d)} aria-label={`${dayTitle(d)}${has ? ', has an entry' : ''}`} aria-pressed={d === selected}>
              <span>{Number(d.slice(8))}</span>
              {has && <span className="journal-day-mood" aria-hidden>{moodFace(e!.mood) || '•'}</span>}
            </button>
          );
        })}
      </div>
    </div>
  );
}
