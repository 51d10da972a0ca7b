import { useCallback, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal, userTimeZone } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import type { Scope } from '@ignition/shared/rules/planner-edits.ts';
import { datesFrom, expandEvents, utcToZoned, zonedToUtc } from '@ignition/shared/rules/recurrence.ts';
import { deleteOccurrence, editOccurrence, type Occ } from './planner-actions.ts';
import { EventForm } from './event-form.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { EventDetails, ScopeDialog } from './planner-dialogs.tsx';
import { MonthView } from './month-view.tsx';
import { TimeGrid, type MoveRequest } from './time-grid.tsx';
import { rangeTitle, stepAnchor, viewRange, type PlannerView } from './planner-format.ts';
import { PlannerTasks } from '../tasks/index.ts';
import './planner.css';
import { useUrlIntent } from '../../ui/url-intent.ts';

type Open =
  | { kind: 'details'; occ: Occ }
  | { kind: 'form'; occ?: Occ; start?: { date: string; time: string } }
  | { kind: 'scope'; action: string; run: (scope: Scope) => void }
  | null;

const VIEW_KEY = 'planner-view';
const MIN_LENGTH_MS = 15 * 60_000;
const VIEWS: PlannerView[] = ['day', 'week', 'month'];

function initialView(): PlannerView {
  const saved = localStorage.getItem(VIEW_KEY) as PlannerView | null;
  if (saved && VIEWS.includes(saved)) return saved;
  return window.matchMedia?.('(max-width: 700px)').matches ? 'day' : 'week';
}

/** Where an occurrence lands when moved by whole days and minutes on the wall clock. */
function moved(occ: Occ, days: number, minutes: number, tz: string) {
  const z = utcToZoned(occ.start, tz);
  const floating = new Date(Date.parse(`${z.date}T${z.time}:00.000Z`) + days * 86_400_000 + (occ.allDay ? 0 : minutes * 60_000)).toISOString();
  const start = zonedToUtc(floating.slice(0, 10), floating.slice(11, 16), tz);
  const length = Date.parse(occ.end) - Date.parse(occ.start);
  return { start_time: start, end_time: new Date(Date.parse(start) + length).toISOString() };
}

export default function PlannerPage() {
  const today = todayLocal();
  const [view, setViewState] = useState<PlannerView>(initialView);
  const [anchor, setAnchor] = useState(today);
  // `?date=` (a found event, from the search palette) shows the week or month around it.
  useUrlIntent('date', (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && setAnchor(d));
  const [open, setOpen] = useState<Open>(null);
  const close = useCallback(() => setOpen(null), []);
  const rows = useLiveQuery(() => db.calendar_events.toArray(), []);
  const workouts = useLiveQuery(() => db.workouts.toArray(), []);
  const settings = useLiveQuery(() => db.user_settings.toArray(), []);
  const tz = (settings?.find((s) => s.timezone)?.timezone as string) || userTimeZone();
  const range = viewRange(view, anchor);
  const occurrences = useMemo(() => (rows ? (expandEvents(rows, range.from, range.to, tz) as Occ[]) : []), [rows, range.from, range.to, tz]);

  if (!rows || !workouts) return <div className="page-loading">Loading…</div>;

  const setView = (v: PlannerView) => {
    localStorage.setItem(VIEW_KEY, v);
    setViewState(v);
  };
  const ask = (action: string, occ: Occ, run: (scope: Scope) => void) => {
    if (!occ.recurring) return run('all');
    setOpen({ kind: 'scope', action, run: (scope) => (setOpen(null), run(scope)) });
  };
  const onMove = ({ occ, minutes, days, resize }: MoveRequest) => {
    if (resize) {
      const end = Math.max(Date.parse(occ.start) + MIN_LENGTH_MS, Date.parse(occ.end) + minutes * 60_000);
      return ask('Change', occ, (scope) => void editOccurrence(occ, scope, { start_time: occ.start, end_time: new Date(end).toISOString() }, tz, 'End time changed'));
    }
    ask('Move', occ, (scope) => void editOccurrence(occ, scope, moved(occ, days, minutes, tz), tz, scope === 'one' ? 'Occurrence moved' : 'Event moved'));
  };
  const onDelete = (occ: Occ) => {
    setOpen(null);
    ask('Delete', occ, (scope) => void deleteOccurrence(occ, scope));
  };
  const days = datesFrom(range.from, range.to);

  return (
    <section className="page planner-page">
      <PageHeader
        title="Planner"
        subtitle="Meetings, workouts, focus blocks and appointments. Completing one earns 15 XP and 5 coins."
        actions={
          <button className="btn btn-primary" onClick={() => setOpen({ kind: 'form', start: { date: view === 'month' ? today : anchor, time: '09:00' } })}>
            + New event
          </button>
        }
      />
      <div className="planner-toolbar">
        <div className="row">
          <button className="btn" onClick={() => setAnchor(today)}>
            Today
          </button>
          <button className="btn" onClick={() => setAnchor(stepAnchor(view, anchor, -1))} aria-label={`Previous ${view}`}>
            ‹
          </button>
          <button className="btn" onClick={() => setAnchor(stepAnchor(view, anchor, 1))} aria-label={`Next ${view}`}>
            ›
          </button>
          <h2 className="planner-range" aria-live="polite">
            {rangeTitle(view, anchor)}
          </h2>
        </div>
        <div className="tabs" role="tablist" aria-label="View">
          {VIEWS.map((v) => (
            <button key={v} role="tab" aria-selected={view === v} className={view === v ? 'active' : ''} onClick={() => setView(v)}>
              {v[0].toUpperCase() + v.slice(1)}
            </button>
          ))}
        </div>
      </div>
      {rows.length === 0 && (
        <EmptyState
          icon="📅"
          title="Your calendar is empty"
          action={
            <button className="btn btn-primary" onClick={() => setOpen({ kind: 'form', start: { date: today, time: '09:00' } })}>
              Plan your first event
            </button>
          }
        >
          Plan meetings, workouts and focus blocks; completing them earns proficiency XP. Tip: click an empty slot to add an event there.
        </EmptyState>
      )}
      {view === 'month' ? (
        <MonthView
          days={days}
          month={anchor.slice(0, 7)}
          today={today}
          tz={tz}
          occurrences={occurrences}
          onOpen={(occ) => setOpen({ kind: 'details', occ })}
          onOpenDay={(d) => {
            setAnchor(d);
            setView('day');
          }}
        />
      ) : (
        <TimeGrid
          days={days}
          today={today}
          tz={tz}
          occurrences={occurrences}
          onOpen={(occ) => setOpen({ kind: 'details', occ })}
          onMove={onMove}
          onCreateAt={(date, time) => setOpen({ kind: 'form', start: { date, time } })}
        />
      )}
      <PlannerTasks from={range.from} to={range.to} />
      {view !== 'month' && <p className="muted small planner-hint">Drag an event to change its time or day, or its bottom edge to change its end. With the keyboard: focus it and press Alt + arrow keys (Alt + Shift + ↑/↓ for the end).</p>}
      {open?.kind === 'details' && (
        <EventDetails occ={open.occ} tz={tz} workouts={workouts} onClose={close} onEdit={() => setOpen({ kind: 'form', occ: open.occ })} onDelete={() => onDelete(open.occ)} />
      )}
      {open?.kind === 'form' && (
        <Dialog label={open.occ ? 'Edit event' : 'New event'} onClose={close}>
          <EventForm tz={tz} workouts={workouts} occ={open.occ} start={open.start} onDone={close} />
        </Dialog>
      )}
      {open?.kind === 'scope' && <ScopeDialog action={open.action} onChoose={open.run} onClose={close} />}
    </section>
  );
}

