import { useEffect, useState } from 'react';
import { db, type Row } from '../../db/db.ts';
import { settingsRow, useSettingsRow } from '../../sync/settings-row.ts';
import { commit, newId, todayLocal, type NewEvent, type WriteOp } from '../../sync/outbox.ts';
import {
  FOCUS_DEFAULTS,
  clampMinutes,
  completeFields,
  expiresAt,
  focusedSeconds,
  nextModeAfter,
  pauseFields,
  resumeFields,
  settleFocus,
  type FocusMode,
  type FocusSessionLike,
} from '@ignition/shared/rules/focus.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { notify } from '../../ui/notices.tsx';
import { chime as playChime } from '../../ui/chime.ts';

const notifyInApp = (text: string) => notify(text, 'success');

export type Session = Row & FocusSessionLike;

export const MODE_LABEL: Record<FocusMode, string> = { focus: 'Focus', short_break: 'Short break', long_break: 'Long break' };

/** The person's focus settings: the first user_settings row (the same pick as Settings). */
export function useFocusSettings() {
  const [row, save] = useSettingsRow();
  const minutes = (mode: FocusMode) => {
    const v = row?.[mode === 'focus' ? 'focus_minutes' : mode === 'short_break' ? 'short_break_minutes' : 'long_break_minutes'];
    return clampMinutes(mode, Number(v ?? FOCUS_DEFAULTS[mode]));
  };
  return {
    loaded: row !== undefined,
    minutes,
    sound: row?.sound_enabled === undefined || row?.sound_enabled === null ? true : !!row.sound_enabled,
    save,
  };
}

/** Re-renders on a beat while something is running; the numbers always come from timestamps. */
export function useNow(active: boolean, ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    const wake = () => setNow(Date.now());
    document.addEventListener('visibilitychange', wake);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [active, ms]);
  return now;
}

async function rewardedToday(date: string) {
  return db.activity_events
    .where('[event_type+local_date]')
    .equals(['focus_complete', date])
    .filter((e) => e.sync_status !== 'rejected')
    .count();
}

/** The completion write: the row, and for a focus session its reward event with the rules' optimistic figures. */
async function completionWrite(s: Session, fields: Record<string, unknown>): Promise<{ ops: WriteOp[]; events: NewEvent[]; xp: number }> {
  const ops: WriteOp[] = [{ table: 'focus_sessions', id: s.id, fields }];
  if (s.mode !== 'focus' || fields.status !== 'completed') return { ops, events: [], xp: 0 };
  const done = { ...s, ...fields } as Session & { completed_at: string };
  const date = todayLocal(new Date(done.completed_at));
  const r = computeReward({ type: 'focus_complete', mode: 'focus', status: 'completed', focusedSeconds: focusedSeconds(done), plannedSeconds: s.duration, rewardedToday: await rewardedToday(date) });
  const xp = 'rejected' in r ? 0 : r.xp;
  return {
    ops,
    events: [{ event_type: 'focus_complete', entity_id: s.id, skill_id: 'knowledge', xp, coins: 'rejected' in r ? 0 : r.coins, created_at: done.completed_at, metadata: { mode: s.mode } }],
    xp,
  };
}

const settling = new Set<string>();

/**
 * Settles active sessions against the clock: one whose end passed (even while the tab was
 * closed) is completed at its scheduled end; one left paused past its expiry is abandoned.
 * Returns what was completed, for the sound and the notice.
 */
export async function settleActive(nowMs = Date.now()): Promise<Array<{ session: Session; xp: number }>> {
  const active = (await db.focus_sessions.where('status').equals('active').toArray()) as Session[];
  const done: Array<{ session: Session; xp: number }> = [];
  for (const s of active) {
    const fields = settleFocus(s, nowMs);
    if (!fields || settling.has(s.id)) continue;
    settling.add(s.id);
    try {
      const w = await completionWrite(s, fields);
      await commit(w.ops, w.events);
      if (fields.status === 'completed') done.push({ session: { ...s, ...fields } as Session, xp: w.xp });
    } finally {
      settling.delete(s.id);
    }
  }
  return done;
}

/** Starts a session; any other active one on this device is abandoned in the same write. */
export async function startSession(mode: FocusMode, minutes: number) {
  const duration = clampMinutes(mode, minutes) * 60;
  const started = new Date().toISOString();
  const others = await db.focus_sessions.where('status').equals('active').toArray();
  const id = newId();
  await commit([
    ...others.map((o): WriteOp => ({ table: 'focus_sessions', id: o.id, fields: { status: 'abandoned', paused_at: null } })),
    { table: 'focus_sessions', id, fields: { mode, duration, status: 'active', started_at: started, expires_at: expiresAt(started, duration), paused_total: 0, paused_at: null, created_at: started } },
  ]);
  return id;
}

export const pauseSession = (s: Session) => commit([{ table: 'focus_sessions', id: s.id, fields: pauseFields(s, Date.now()) }]);
export const resumeSession = (s: Session) => commit([{ table: 'focus_sessions', id: s.id, fields: resumeFields(s, Date.now()) }]);
export const abandonSession = (s: Session) => commit([{ table: 'focus_sessions', id: s.id, fields: { status: 'abandoned', paused_at: null } }]);
/** Undo of an abandon: back to active as it was (the timer never stopped counting). */
export const reviveSession = (s: Session) => commit([{ table: 'focus_sessions', id: s.id, fields: { status: 'active', paused_at: s.paused_at ?? null } }]);

export async function completeSession(s: Session) {
  const w = await completionWrite(s, completeFields(s, Date.now()));
  await commit(w.ops, w.events);
  return w.xp;
}

/** What to offer after a session: a break after focus (long after every 4th focus today), focus after a break. */
export function suggestedMode(todaySessions: Session[]): FocusMode {
  const completed = todaySessions.filter((s) => s.status === 'completed').sort((a, b) => String(a.completed_at).localeCompare(String(b.completed_at)));
  const last = completed[completed.length - 1];
  if (!last || last.mode !== 'focus') return 'focus';
  return nextModeAfter(completed.filter((s) => s.mode === 'focus').length);
}

/** Set by the Focus page while it is on screen: it keeps the title and announces the end itself. */
export const focusView = { open: false };

/** Whether the end of a session plays a sound (the same row and default as useFocusSettings). */
export async function soundEnabled(): Promise<boolean> {
  const row = await settingsRow();
  return row?.sound_enabled === undefined || row?.sound_enabled === null ? true : !!row.sound_enabled;
}

/** A session that ended this long ago is recorded quietly: no sound or system notification for a stale end. */
const FRESH_END_MS = 60_000;

/**
 * The end of sessions: a notice in the app, and for an end that just happened a chime (when the
 * sound is on) and a system notification (where allowed).
 */
export function announceFinished(done: Array<{ session: Session; xp: number }>, sound: boolean, nowMs = Date.now()) {
  for (const { session, xp } of done) {
    const label = MODE_LABEL[session.mode as FocusMode] ?? 'Session';
    const fresh = nowMs - Date.parse(String(session.completed_at ?? '')) <= FRESH_END_MS;
    if (fresh && sound) chime();
    if (fresh) void notifyEnd(`${label} finished`, session.mode === 'focus' ? `Well done${xp ? ` · +${xp} XP` : ''}. Time for a break.` : 'Back to focus when you are ready.');
    notifyInApp(`${label} finished${xp ? ` · +${xp} XP` : ''}`);
  }
}

/** The timer's chime (`ui/chime.ts`). */
export const chime = () => playChime([660, 880, 990], 0.25);

/** A system notification where the person allowed it (through the service worker when there is one). */
export async function notifyEnd(title: string, body: string) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    if (reg) await reg.showNotification(title, { body, tag: 'focus-end' });
    else new Notification(title, { body, tag: 'focus-end' });
  } catch {
    /* notifications unavailable */
  }
}
