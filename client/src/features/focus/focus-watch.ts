import { liveQuery } from 'dexie';
import { db } from '../../db/db.ts';
import { focusState, formatClock, settleFocus, type FocusMode } from '@ignition/shared/rules/focus.ts';
import { MODE_LABEL, announceFinished, focusView, settleActive, soundEnabled, type Session } from './focus-logic.ts';

const BASE_TITLE = 'Ignition';

/** What the tab's title says while a session runs and the Focus page is not on screen. */
export function focusTitle(s: Session, nowMs: number): string {
  return `${formatClock(focusState(s, nowMs).remainingMs)} ${s.paused_at ? '⏸' : '·'} ${MODE_LABEL[s.mode as FocusMode] ?? 'Focus'} · ${BASE_TITLE}`;
}

let started = false;

/**
 * Watches the running session from anywhere in the app: the remaining time in the title on every
 * page, and at the end (or on opening the app after it) the session is recorded with its sound,
 * notification and notice, even when the person is on another page. All from timestamps.
 */
export function startFocusWatch(): void {
  if (started) return;
  started = true;
  let active: Session | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let titled = false;
  let busy = false;
  const tick = async () => {
    if (focusView.open) {
      titled = false;
      return;
    }
    const now = Date.now();
    if (active) {
      document.title = focusTitle(active, now);
      titled = true;
    } else if (titled) {
      document.title = BASE_TITLE;
      titled = false;
    }
    if (busy || !active || !settleFocus(active, now)) return;
    busy = true;
    try {
      const done = await settleActive(now);
      if (done.length) announceFinished(done, await soundEnabled(), now);
    } finally {
      busy = false;
    }
  };
  liveQuery(() => db.focus_sessions.where('status').equals('active').toArray().then((rows) => rows as unknown as Session[])).subscribe({
    next: (rows) => {
      active = rows.sort((a, b) => String(b.started_at).localeCompare(String(a.started_at)))[0];
      if (active && !timer) timer = setInterval(() => void tick(), 1000);
      if (!active && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      void tick();
    },
    error: () => undefined,
  });
  document.addEventListener('visibilitychange', () => void tick());
}
