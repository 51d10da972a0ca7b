/** Focus timer arithmetic from timestamps (never from a ticking counter), so it survives reloads and sleep. */
export const FOCUS_DEFAULTS = { focus: 25, short_break: 5, long_break: 15, longBreakEvery: 4 } as const;
export const FOCUS_LIMITS = { focus: { min: 1, max: 120 }, short_break: { min: 1, max: 60 }, long_break: { min: 1, max: 60 } } as const;
/** A focus session earns XP only from this many seconds of focus on (pauses excluded). */
export const FOCUS_MIN_REWARDED_SECONDS = 5 * 60;
export type FocusMode = 'focus' | 'short_break' | 'long_break';

export interface FocusSessionLike {
  duration: number; // planned seconds
  started_at: string;
  paused_at?: string | null;
  paused_total?: number | null; // seconds spent paused, finished pauses only
  status: string;
}

export function expiresAt(startedAt: string, durationSec: number, pausedTotalSec = 0): string {
  return new Date(Date.parse(startedAt) + (2 * durationSec + pausedTotalSec) * 1000).toISOString();
}

export function focusState(s: FocusSessionLike, nowMs: number) {
  const start = Date.parse(s.started_at);
  const pausedSoFar = (s.paused_total ?? 0) * 1000 + (s.paused_at ? Math.max(0, nowMs - Date.parse(s.paused_at)) : 0);
  const elapsedFocusMs = Math.max(0, nowMs - start - pausedSoFar);
  const remainingMs = Math.max(0, s.duration * 1000 - elapsedFocusMs);
  // Only finished pauses move the expiry: a session left paused for hours expires.
  const expiry = Date.parse(expiresAt(s.started_at, s.duration, s.paused_total ?? 0));
  return {
    elapsedFocusMs: Math.min(elapsedFocusMs, s.duration * 1000),
    remainingMs,
    isPaused: !!s.paused_at,
    isFinished: remainingMs === 0,
    isExpired: s.status === 'active' && nowMs > expiry,
  };
}

export function pauseFields(s: FocusSessionLike, nowMs: number) {
  const st = focusState(s, nowMs);
  return { paused_at: new Date(nowMs).toISOString(), pause_remaining: Math.ceil(st.remainingMs / 1000) };
}

export function resumeFields(s: FocusSessionLike, nowMs: number) {
  if (!s.paused_at) return {};
  const pausedTotal = (s.paused_total ?? 0) + Math.max(0, Math.round((nowMs - Date.parse(s.paused_at)) / 1000));
  return { paused_at: null, pause_remaining: null, paused_total: pausedTotal, expires_at: expiresAt(s.started_at, s.duration, pausedTotal) };
}

/** After every 4th focus session a long break is offered, otherwise a short one. */
export function nextModeAfter(completedFocusCount: number): FocusMode {
  return completedFocusCount > 0 && completedFocusCount % FOCUS_DEFAULTS.longBreakEvery === 0 ? 'long_break' : 'short_break';
}

export function clampMinutes(mode: FocusMode, minutes: number): number {
  const l = FOCUS_LIMITS[mode];
  return Math.min(l.max, Math.max(l.min, Math.round(minutes)));
}

/** When a running session reaches zero: start + planned + finished pauses. */
export function scheduledEnd(s: FocusSessionLike): string {
  return new Date(Date.parse(s.started_at) + (s.duration + (s.paused_total ?? 0)) * 1000).toISOString();
}

/** Focused seconds of a finished session: wall time minus pauses (what the reward rule checks). */
export function focusedSeconds(s: FocusSessionLike & { completed_at?: string | null }): number {
  const end = Date.parse(s.completed_at ?? '');
  const start = Date.parse(s.started_at);
  if (!Number.isFinite(end) || !Number.isFinite(start)) return 0;
  return Math.max(0, Math.floor((end - start) / 1000) - (s.paused_total ?? 0));
}

/** Fields that complete a session now (a paused one is resumed first); never later than its scheduled end. */
export function completeFields(s: FocusSessionLike, nowMs: number) {
  const resumed = { ...s, ...resumeFields(s, nowMs) } as FocusSessionLike;
  const end = Math.min(nowMs, Date.parse(scheduledEnd(resumed)));
  return { ...resumeFields(s, nowMs), status: 'completed', completed_at: new Date(end).toISOString() };
}

/**
 * What an active session needs when the app opens (or the timer reaches zero): a running one
 * past its end is completed at its scheduled end, even if the tab was closed then; one left
 * paused past its expiry is abandoned. Otherwise nothing.
 */
export function settleFocus(s: FocusSessionLike, nowMs: number): null | { status: 'completed' | 'abandoned'; completed_at: string | null; paused_at?: null } {
  if (s.status !== 'active') return null;
  const st = focusState(s, nowMs);
  if (!s.paused_at && st.isFinished) return { status: 'completed', completed_at: scheduledEnd(s) };
  if (st.isExpired) return { status: 'abandoned', completed_at: null, paused_at: null };
  return null;
}

/** "12:05" / "1:02:03" for the page title and the dial. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}
