import type { Row } from '../../db/db.ts';
import { focusState } from '@ignition/shared/rules/focus.ts';
import { planItems } from './daily-plan.ts';
import type { TodayData } from './today-data.ts';

export { loadToday, type TodayData } from './today-data.ts';

export type TodayKind = 'focus' | 'first_day' | 'returning' | 'plan' | 'streak' | 'default';

const AWAY_MS = 48 * 3_600_000;

/**
 * Which state applies, in the priority: an active focus session; the first day; back
 * after 48 h away; today's plan with items left; an active streak; otherwise the default.
 * `streak` is the economy's current streak; before the economy is read, a stored streak still
 * running is enough to know it is the streak state, otherwise the answer waits (undefined).
 */
export function todayKind(d: Pick<TodayData, 'focus' | 'eventCount' | 'lastEventAt' | 'plan' | 'now'> & Partial<Pick<TodayData, 'storedStreak'>>, streak: number | undefined): TodayKind | undefined {
  if (d.focus && !focusMinutesLeft(d.focus, d.now).expired) return 'focus';
  if (d.eventCount === 0 && !d.plan) return 'first_day';
  if (d.lastEventAt && d.now - Date.parse(d.lastEventAt) > AWAY_MS) return 'returning';
  if (d.plan && planItems(d.plan).some((i) => !i.done)) return 'plan';
  const current = streak ?? (d.storedStreak && d.storedStreak.current > 0 ? d.storedStreak.current : undefined);
  if (current === undefined) return undefined;
  if (current > 0) return 'streak';
  return 'default';
}

/** Minutes left in an active focus session, from its timestamps (shared rules). */
export function focusMinutesLeft(s: Row, now: number): { minutes: number; paused: boolean; expired: boolean } {
  const st = focusState({ duration: Number(s.duration ?? 0), started_at: String(s.started_at), paused_at: (s.paused_at as string | null) ?? null, paused_total: Number(s.paused_total ?? 0), status: String(s.status) }, now);
  return { minutes: Math.ceil(st.remainingMs / 60_000), paused: st.isPaused, expired: st.isExpired };
}
