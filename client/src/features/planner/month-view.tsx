import type { CSSProperties } from 'react';
import { utcToZoned } from '@ignition/shared/rules/recurrence.ts';
import type { Occ } from './planner-actions.ts';
import { eventColor } from './planner-format.ts';
import { onDay } from './time-grid.tsx';

const SHOWN_PER_DAY = 3;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Props {
  days: string[];
  month: string;
  today: string;
  tz: string;
  occurrences: Occ[];
  onOpen: (occ: Occ) => void;
  onOpenDay: (date: string) => void;
}

/** Six weeks around a month; each day lists its first few events and links to its day view. */
export function MonthView({ days, month, today, tz, occurrences, onOpen, onOpenDay }: Props) {
  const byDay = new Map<string, Occ[]>();
  for (const o of occurrences) {
    // An all-day event over several days shows on each of them; a timed one on its start day.
    const covered = o.allDay ? days.filter((d) => onDay(o, d, tz)) : [utcToZoned(o.start, tz).date];
    for (const d of covered) byDay.set(d, [...(byDay.get(d) ?? []), o]);
  }
  return (
    <div className="month-grid" role="grid" aria-label="Month">
      {WEEKDAY_NAMES.map((n) => (
        <div key={n} className="month-grid__weekday" role="columnheader">
          {n}
        </div>
      ))}
      {days.map((d) => {
        const list = byDay.get(d) ?? [];
        return (
          <div key={d} role="gridcell" className={`month-grid__day ${d.slice(0, 7) === month ? '' : 'is-other'} ${d === today ? 'is-today' : ''}`}>
            <button className="month-grid__num" onClick={() => onOpenDay(d)} aria-label={`Open ${d}${list.length ? `, ${list.length} events` : ''}`}>
              {Number(d.slice(8))}
            </button>
            {list.slice(0, SHOWN_PER_DAY).map((o) => (
              <button
                key={o.key}
                className={`planner-chip ${o.completed ? 'is-done' : ''}`}
                style={{ '--ev': eventColor(o.row) } as CSSProperties}
                onClick={() => onOpen(o)}
                data-testid="planner-event"
              >
                {o.completed ? '✓ ' : ''}
                {!o.allDay && <span className="planner-chip__time">{utcToZoned(o.start, tz).time} </span>}
                {String(o.row.title)}
              </button>
            ))}
            {list.length > SHOWN_PER_DAY && (
              <button className="month-grid__more" onClick={() => onOpenDay(d)}>
                +{list.length - SHOWN_PER_DAY} more
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
