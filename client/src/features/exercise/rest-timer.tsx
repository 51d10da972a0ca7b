import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { extendRest, REST_KEY, stopRest, type RestTimer } from './session-logic.ts';

const mmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * The rest countdown is worked out from the stored end time on every tick, so a reload, a
 * locked screen or a throttled background tab never drifts it.
 */
export function RestTimerBar({ sessionId }: { sessionId: string }) {
  const timer = useLiveQuery(() => db.meta.get(REST_KEY).then((m) => (m?.value as RestTimer | undefined) ?? null));
  const [now, setNow] = useState(Date.now());
  const buzzed = useRef<number | null>(null);
  useEffect(() => {
    if (!timer) return;
    const tick = () => setNow(Date.now());
    const id = setInterval(tick, 250);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [timer]);
  // The bar appears over the bottom of the screen just as a set is logged: the button tapped (the
  // next "Log set", "+ Add exercise") is brought up above it rather than left hidden under it.
  const shownFor = timer && timer.session_id === sessionId ? timer.until : null;
  useEffect(() => {
    if (shownFor === null) return;
    const el = document.activeElement;
    if (el instanceof HTMLElement && el.closest('.session-view')) el.scrollIntoView({ block: 'nearest' });
  }, [shownFor]);
  if (!timer || timer.session_id !== sessionId) return null;
  const left = timer.until - now;
  const over = left <= 0;
  if (over && buzzed.current !== timer.until) {
    buzzed.current = timer.until;
    navigator.vibrate?.([200, 100, 200]);
  }
  const fraction = Math.min(1, Math.max(0, 1 - left / (timer.seconds * 1000)));
  return (
    <div className={over ? 'rest-bar rest-bar--over' : 'rest-bar'} data-testid="rest-timer" data-until={timer.until} role="timer" aria-live="off">
      <div className="rest-bar__time">
        <span className="small muted">{over ? 'Rest over — next set' : 'Rest'}</span>
        <strong data-testid="rest-left">{over ? '0:00' : mmss(left)}</strong>
      </div>
      <div className="progress-bar rest-bar__progress" aria-hidden>
        <span style={{ width: `${fraction * 100}%` }} />
      </div>
      <button type="button" className="btn" onClick={() => void extendRest(30)}>
        +30 s
      </button>
      <button type="button" className="btn" onClick={() => void stopRest()}>
        {over ? 'Dismiss' : 'Skip'}
      </button>
    </div>
  );
}
