import { db, type Row } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { focusState } from '../../../../shared-schema/src/rules/focus.ts';
import { loadPlan, planItems, todaysEvents } from './daily-plan.ts';

export type TodayKind = 'focus' | 'first_day' | 'returning' | 'plan' | 'streak' | 'default';

const AWAY_MS = 48 * 3_600_000;

/** Everything the Today page needs, read with indexes only: a year of events costs no more than a week. */
export async function loadToday(now = Date.now()) {
  const date = todayLocal(new Date(now));
  // One read-only transaction (on app start each one queues behind the others), and no
  // count of a year of events: only whether there is any, and the newest.
  const [focus, anyEvent, last, plan, events] = await db.transaction('r', [db.focus_sessions, db.activity_events, db.daily_plans, db.calendar_events], () =>
    Promise.all([
      db.focus_sessions.where('status').equals('active').first(),
      db.activity_events.limit(1).primaryKeys(),
      db.activity_events.orderBy('created_at').last(),
      loadPlan(date),
      todaysEvents(date),
    ]),
  );
  const eventCount = anyEvent.length;
  return { date, focus, eventCount, lastEventAt: last?.created_at ?? null, plan, events, now };
}
export type TodayData = Awaited<ReturnType<typeof loadToday>>;
// eventCount is 0 or 1: whether this device holds any event at all (all the first-day check needs).

/**
 * Which state applies, in the priority: an active focus session; the first day; back
 * after 48 h away; today's plan with items left; an active streak; otherwise the default.
 */
export function todayKind(d: Pick<TodayData, 'focus' | 'eventCount' | 'lastEventAt' | 'plan' | 'now'>, streak: number): TodayKind {
  if (d.focus && !focusMinutesLeft(d.focus, d.now).expired) return 'focus';
  if (d.eventCount === 0 && !d.plan) return 'first_day';
  if (d.lastEventAt && d.now - Date.parse(d.lastEventAt) > AWAY_MS) return 'returning';
  if (d.plan && planItems(d.plan).some((i) => !i.done)) return 'plan';
  if (streak > 0) return 'streak';
  return 'default';
}

/** Minutes left in an active focus session, from its timestamps (shared rules). */
export function focusMinutesLeft(s: Row, now: number): { minutes: number; paused: boolean; expired: boolean } {
  const st = focusState({ duration: Number(s.duration ?? 0), started_at: String(s.started_at), paused_at: (s.paused_at as string | null) ?? null, paused_total: Number(s.paused_total ?? 0), status: String(s.status) }, now);
  return { minutes: Math.ceil(st.remainingMs / 60_000), paused: st.isPaused, expired: st.isExpired };
}
