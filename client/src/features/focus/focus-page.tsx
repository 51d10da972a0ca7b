import { useEffect, useLayoutEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { FOCUS_LIMITS, FOCUS_MIN_REWARDED_SECONDS, focusState, formatClock, type FocusMode } from '@ignition/shared/rules/focus.ts';
import { addDays } from '@ignition/shared/dates.ts';
import {
  MODE_LABEL,
  abandonSession,
  announceFinished,
  completeSession,
  focusView,
  pauseSession,
  resumeSession,
  reviveSession,
  settleActive,
  startSession,
  suggestedMode,
  useFocusSettings,
  useNow,
  type Session,
} from './focus-logic.ts';
import { FocusHistory } from './focus-history.tsx';
import { FocusSettings } from './focus-settings.tsx';
import './focus.css';

const MODES: FocusMode[] = ['focus', 'short_break', 'long_break'];

function Timer({ session, now }: { session: Session; now: number }) {
  const st = focusState(session, now);
  const pct = Math.min(100, (1 - st.remainingMs / (session.duration * 1000)) * 100);
  // Under the minimum, finishing earns nothing: said before the tap and again after it.
  const tooShort = session.mode === 'focus' && session.duration * 1000 - st.remainingMs < FOCUS_MIN_REWARDED_SECONDS * 1000;
  const finishEarly = async () => {
    const xp = await completeSession(session);
    if (xp) notify(`Session complete · +${xp} XP`, 'success');
    else notify(tooShort ? 'Session complete · under 5 minutes of focus earns no XP' : 'Session complete', 'info');
  };
  // Space pauses and resumes on a keyboard, unless typing somewhere (a layout effect, so a second
  // press right after the first meets the listener of the session as now shown).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== ' ' || e.repeat || el?.closest('input, textarea, select, button, [contenteditable]')) return;
      e.preventDefault();
      void (session.paused_at ? resumeSession(session) : pauseSession(session));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
  const abandon = async () => {
    await abandonSession(session);
    notify(`${MODE_LABEL[session.mode as FocusMode] ?? 'Session'} abandoned`, 'info', { label: 'Undo', run: () => void reviveSession(session) });
  };
  return (
    <section className={`card focus-timer focus-${session.mode}`} aria-label="Running timer">
      <p className="muted">{MODE_LABEL[session.mode as FocusMode] ?? String(session.mode)}</p>
      <p className="focus-clock" data-testid="focus-remaining" role="timer" aria-live="off">
        {formatClock(st.remainingMs)}
      </p>
      <div className="progress-bar" aria-hidden>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="muted small">{st.isPaused ? 'Paused — the pause does not count as focus.' : 'Space pauses.'}</p>
      {tooShort && (
        <p className="muted small" data-testid="focus-too-short">
          Finishing now earns no XP: a focus session counts from 5 minutes of focus.
        </p>
      )}
      <div className="row focus-actions">
        {st.isPaused ? (
          <button className="btn btn-primary btn-big" onClick={() => void resumeSession(session)}>
            Resume
          </button>
        ) : (
          <button className="btn btn-primary btn-big" onClick={() => void pauseSession(session)}>
            Pause
          </button>
        )}
        <button className="btn btn-big" onClick={() => void finishEarly()}>
          Finish now
        </button>
        <button className="btn btn-danger btn-big" onClick={() => void abandon()}>
          Abandon
        </button>
      </div>
    </section>
  );
}

function Starter({ suggested }: { suggested: FocusMode }) {
  const settings = useFocusSettings();
  const [mode, setMode] = useState<FocusMode>(suggested);
  const [minutes, setMinutes] = useState<number | null>(null);
  useEffect(() => setMode(suggested), [suggested]);
  useEffect(() => setMinutes(null), [mode]);
  const value = minutes ?? settings.minutes(mode);
  const limits = FOCUS_LIMITS[mode];
  const valid = Number.isInteger(value) && value >= limits.min && value <= limits.max;
  const start = async () => {
    if (!valid) return notify(`${MODE_LABEL[mode]} is ${limits.min}–${limits.max} minutes`, 'error');
    await startSession(mode, value);
  };
  return (
    <section className="card focus-timer" aria-label="Start a session">
      <div className="row focus-modes" role="radiogroup" aria-label="Mode">
        {MODES.map((m) => (
          <button key={m} role="radio" aria-checked={mode === m} className={`btn ${mode === m ? 'btn-primary' : ''}`} onClick={() => setMode(m)}>
            {MODE_LABEL[m]}
            {m === suggested && m !== 'focus' ? ' ★' : ''}
          </button>
        ))}
      </div>
      {suggested === 'long_break' && <p className="muted">Four focus sessions done — you have earned a long break.</p>}
      <p className="focus-clock">{formatClock((valid ? value : 0) * 60_000)}</p>
      <div className="row">
        <label>
          Minutes{' '}
          <input className="focus-minutes" type="number" min={limits.min} max={limits.max} value={value} name="focus-minutes" onChange={(e) => setMinutes(Number(e.target.value))} />
        </label>
        <button className="btn btn-primary btn-big" onClick={() => void start()}>
          Start {MODE_LABEL[mode].toLowerCase()}
        </button>
      </div>
      {mode === 'focus' && <p className="muted small">Focus earns 1 knowledge XP per minute (5–60) once it lasts 5 minutes or more. Breaks earn nothing.</p>}
    </section>
  );
}

export default function FocusPage() {
  const today = todayLocal();
  const since = `${addDays(today, -15)}T00:00:00`;
  const sessions = useLiveQuery(() => db.focus_sessions.where('started_at').aboveOrEqual(since).toArray().then((rows) => rows as unknown as Session[]), [since]);
  const settings = useFocusSettings();
  const active = sessions?.filter((s) => s.status === 'active').sort((a, b) => String(b.started_at).localeCompare(String(a.started_at)))[0];
  const now = useNow(!!active);

  // The end is found from timestamps: on open (the tab may have been closed at the end) and on each beat.
  useEffect(() => {
    void settleActive(now).then((done) => announceFinished(done, settings.sound));
  }, [now, active?.id, settings.sound]);
  // While this page is open it keeps the title and announces the end; elsewhere focus-watch.ts does.
  useEffect(() => {
    focusView.open = true;
    return () => void (focusView.open = false);
  }, []);

  useEffect(() => {
    const base = 'Focus · Ignition';
    document.title = active ? `${formatClock(focusState(active, now).remainingMs)} ${active.paused_at ? '⏸' : '·'} ${MODE_LABEL[active.mode as FocusMode] ?? 'Focus'}` : base;
  }, [active, now]);
  useEffect(() => () => void (document.title = 'Ignition'), []);

  if (!sessions) return <div className="page-loading">Loading…</div>;
  const todays = sessions.filter((s) => todayLocal(new Date(String(s.completed_at ?? s.started_at))) === today);
  return (
    <section className="page focus-page">
      <PageHeader title="Focus" subtitle="A timer that keeps time from timestamps: it survives reloads, sleep and going offline." />
      {active ? <Timer session={active} now={now} /> : <Starter suggested={suggestedMode(todays)} />}
      <FocusSettings />
      <FocusHistory sessions={sessions} today={today} />
    </section>
  );
}
