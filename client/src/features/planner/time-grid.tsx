import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { utcToZoned } from '@ignition/shared/rules/recurrence.ts';
import type { Occ } from './planner-actions.ts';
import { dayLabel, eventColor, timeLabel } from './planner-format.ts';

const HOUR_PX = 48;
const SNAP_MIN = 15;
const DRAG_THRESHOLD_PX = 4;

export interface MoveRequest {
  occ: Occ;
  /** minutes and days to move by */
  minutes: number;
  days: number;
  /** true when only the end moves (the bottom edge was dragged) */
  resize?: boolean;
}

interface Props {
  days: string[];
  today: string;
  tz: string;
  occurrences: Occ[];
  onOpen: (occ: Occ) => void;
  onMove: (move: MoveRequest) => void;
  onCreateAt: (date: string, time: string) => void;
}

interface Placed {
  occ: Occ;
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/** Timed occurrences of one day, side by side where they overlap. */
function place(occs: Occ[], date: string, tz: string): Placed[] {
  const items = occs
    .map((occ) => {
      const s = utcToZoned(occ.start, tz);
      const e = utcToZoned(occ.end, tz);
      const startMin = s.date < date ? 0 : toMin(s.time);
      const endMin = e.date > date ? 24 * 60 : Math.max(startMin + 15, toMin(e.time));
      return { occ, startMin, endMin };
    })
    .sort((a, b) => a.startMin - b.startMin || b.endMin - a.endMin);
  const placed: Placed[] = [];
  let cluster: Array<(typeof items)[number] & { lane: number }> = [];
  let clusterEnd = -1;
  const flush = () => {
    const lanes = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster) placed.push({ occ: c.occ, top: (c.startMin / 60) * HOUR_PX, height: Math.max(20, ((c.endMin - c.startMin) / 60) * HOUR_PX - 2), lane: c.lane, lanes });
    cluster = [];
  };
  for (const it of items) {
    if (it.startMin >= clusterEnd) flush();
    const used = new Set(cluster.filter((c) => c.endMin > it.startMin).map((c) => c.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    cluster.push({ ...it, lane });
    clusterEnd = Math.max(clusterEnd, it.endMin);
  }
  flush();
  return placed;
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an occurrence covers a local date (an all-day event over several days covers each). */
export function onDay(occ: Occ, date: string, tz: string) {
  const s = utcToZoned(occ.start, tz).date;
  const endInstant = new Date(Math.max(Date.parse(occ.start), Date.parse(occ.end) - 1)).toISOString();
  const e = utcToZoned(endInstant, tz).date;
  return s <= date && date <= e;
}

/** Day and week views: an hour grid where events can be dragged to another time or day. */
export function TimeGrid({ days, today, tz, occurrences, onOpen, onMove, onCreateAt }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useRef<HTMLDivElement>(null);
  const drag = useRef<{ occ: Occ; x: number; y: number; moved: boolean; id: number; resize: boolean } | null>(null);
  const [preview, setPreview] = useState<{ key: string; minutes: number; days: number; resize: boolean } | null>(null);

  useEffect(() => {
    // Start the day at 07:00 rather than midnight.
    if (scroller.current) scroller.current.scrollTop = 7 * HOUR_PX;
  }, []);

  const deltas = (e: PointerEvent, d: NonNullable<typeof drag.current>) => {
    const minutes = Math.round(((e.clientY - d.y) / HOUR_PX) * (60 / SNAP_MIN)) * SNAP_MIN;
    const width = (columns.current?.getBoundingClientRect().width ?? 1) / days.length;
    return { minutes, days: days.length > 1 ? Math.round((e.clientX - d.x) / width) : 0 };
  };
  const down = (e: PointerEvent<HTMLButtonElement>, occ: Occ) => {
    if (e.button !== 0) return;
    const resize = (e.target as HTMLElement).classList.contains('planner-resize');
    drag.current = { occ, x: e.clientX, y: e.clientY, moved: false, id: e.pointerId, resize };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const move = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    if (!d.moved && Math.hypot(e.clientX - d.x, e.clientY - d.y) < DRAG_THRESHOLD_PX) return;
    d.moved = true;
    const m = deltas(e, d);
    setPreview({ key: d.occ.key, minutes: m.minutes, days: d.resize ? 0 : m.days, resize: d.resize });
  };
  const up = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    drag.current = null;
    setPreview(null);
    if (!d) return;
    if (!d.moved) return onOpen(d.occ);
    const m = deltas(e, d);
    if (d.resize) {
      if (m.minutes) onMove({ occ: d.occ, minutes: m.minutes, days: 0, resize: true });
    } else if (m.minutes || m.days) onMove({ occ: d.occ, ...m });
  };
  const key = (e: KeyboardEvent<HTMLButtonElement>, occ: Occ) => {
    if (!e.altKey) return;
    const step: Record<string, [number, number]> = { ArrowUp: [-SNAP_MIN, 0], ArrowDown: [SNAP_MIN, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const s = step[e.key];
    if (!s) return;
    e.preventDefault();
    if (e.shiftKey) {
      if (s[0]) onMove({ occ, minutes: s[0], days: 0, resize: true });
      return;
    }
    onMove({ occ, minutes: s[0], days: s[1] });
  };
  const slotClick = (e: MouseEvent<HTMLDivElement>, date: string) => {
    if (e.target !== e.currentTarget) return;
    const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
    const min = Math.max(0, Math.min(23 * 60 + 45, Math.floor(((y / HOUR_PX) * 60) / 30) * 30));
    onCreateAt(date, `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`);
  };

  const allDay = occurrences.filter((o) => o.allDay);
  return (
    <div className={`time-grid days-${days.length}`}>
      <div className="time-grid__head">
        <div className="time-grid__gutter" />
        {days.map((d) => (
          <div key={d} className={`time-grid__dayname ${d === today ? 'is-today' : ''}`}>
            {dayLabel(d, days.length === 1 ? 'long' : 'short')}
            <div className="time-grid__allday">
              {allDay
                .filter((o) => onDay(o, d, tz))
                .map((o) => (
                  <button key={o.key} className={`planner-chip ${o.completed ? 'is-done' : ''}`} style={{ '--ev': eventColor(o.row) } as CSSProperties} onClick={() => onOpen(o)} data-testid="planner-event">
                    {o.completed ? '✓ ' : ''}
                    {String(o.row.title)}
                  </button>
                ))}
            </div>
          </div>
        ))}
      </div>
      {/* Focusable, so the hours can be scrolled from the keyboard too. */}
      <div className="time-grid__scroll" ref={scroller} tabIndex={0} role="region" aria-label="Hours of the day">
        <div className="time-grid__body" style={{ height: 24 * HOUR_PX }}>
          <div className="time-grid__gutter">
            {Array.from({ length: 24 }, (_, h) => (
              <span key={h} className="time-grid__hour" style={{ top: h * HOUR_PX }}>
                {h === 0 ? '' : `${String(h).padStart(2, '0')}:00`}
              </span>
            ))}
          </div>
          <div className="time-grid__columns" ref={columns}>
            {days.map((d) => (
              <div key={d} className={`time-grid__col ${d === today ? 'is-today' : ''}`} onClick={(e) => slotClick(e, d)} data-date={d}>
                {place(occurrences.filter((o) => !o.allDay && onDay(o, d, tz)), d, tz).map((p) => {
                  const shift = preview?.key === p.occ.key ? preview : null;
                  return (
                    <button
                      key={p.occ.key}
                      className={`planner-block ${p.height < 34 ? 'is-short' : ''} ${p.occ.completed ? 'is-done' : ''} ${shift ? 'is-dragging' : ''}`}
                      style={{
                        top: p.top + (shift && !shift.resize ? (shift.minutes / 60) * HOUR_PX : 0),
                        height: shift?.resize ? Math.max(20, p.height + (shift.minutes / 60) * HOUR_PX) : p.height,
                        left: `calc(${(p.lane / p.lanes) * 100}% + ${shift ? `${shift.days * 100}%` : '0px'})`,
                        width: `calc(${100 / p.lanes}% - 4px)`,
                        '--ev': eventColor(p.occ.row),
                      } as CSSProperties}
                      onPointerDown={(e) => down(e, p.occ)}
                      onPointerMove={move}
                      onPointerUp={up}
                      onPointerCancel={() => {
                        drag.current = null;
                        setPreview(null);
                      }}
                      onClick={(e) => {
                        // Pointer clicks are handled on pointer up; this is for Enter and Space.
                        if (e.detail === 0) onOpen(p.occ);
                      }}
                      onKeyDown={(e) => key(e, p.occ)}
                      aria-label={`${String(p.occ.row.title)}, ${timeLabel(p.occ, tz)}${p.occ.completed ? ', done' : ''}. Alt and arrow keys move it; Alt, Shift and up or down change its end.`}
                      data-testid="planner-event"
                      data-start={p.occ.start}
                    >
                      <strong>
                        {p.occ.completed ? '✓ ' : ''}
                        {String(p.occ.row.title)}
                        {p.occ.recurring ? ' ↻' : ''}
                      </strong>
                      <span>{timeLabel(p.occ, tz)}</span>
                      <span className="planner-resize" aria-hidden title="Drag to change the end time" />
                    </button>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

