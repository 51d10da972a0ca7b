import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { recomputeCurrent } from '../../sync/progress.ts';
import { dueTasks, loadPlan, todaysEvents } from './daily-plan.ts';

// Today's reads, and their early start (today-state.ts decides what the page shows).

/** Everything the Today page needs, read with indexes only: a year of events costs no more than a week. */
export async function loadToday(now = Date.now()) {
  const date = todayLocal(new Date(now));
  // No count of a year of events: only whether there is any, and the newest. (Plain reads, not
  // one transaction: a transaction resolves only once committed, a round trip later.)
  const [focus, anyEvent, last, plan, events, streakRow, tasks] = await Promise.all([
    db.focus_sessions.where('status').equals('active').first(),
    db.activity_events.limit(1).primaryKeys(),
    db.activity_events.orderBy('created_at').last(),
    loadPlan(date),
    todaysEvents(date),
    db.user_streaks.where('streak_type').equals('daily').first(),
    dueTasks(date),
  ]);
  return {
    date,
    focus,
    /** 0 or 1: whether this device holds any event at all (all the first-day check needs) */
    eventCount: anyEvent.length,
    lastEventAt: last?.created_at ?? null,
    plan,
    events,
    /** open to-dos due today or overdue, for the plan */
    tasks,
    /** the stored daily streak as of today: the economy's streak is never below it */
    storedStreak: { current: streakRow ? recomputeCurrent(streakRow, date) : 0, shields: Number(streakRow?.shields ?? 0) },
    now,
  };
}
export type TodayData = Awaited<ReturnType<typeof loadToday>>;

/**
 * Today's reads started before the page renders (as its chunk loads, which main.tsx starts at
 * app start), alongside the economy's. The first page to mount takes the result; its live
 * query then keeps it current.
 */
type Prefetch = { at: number; promise: Promise<TodayData | undefined>; value?: TodayData };
let early: Prefetch | undefined;

export function prefetchToday() {
  if (early) return;
  const e: Prefetch = { at: Date.now(), promise: loadToday().catch(() => undefined) };
  void e.promise.then((v) => void (e.value = v));
  early = e;
}

/** The prefetched result if it is in (else undefined), and a promise of it; taking it ends the prefetch. */
export function prefetchedToday(): { value?: TodayData; promise?: Promise<TodayData | undefined> } {
  const e = early;
  if (!e || Date.now() - e.at > 5_000) return {}; // not a stale first look on a much later visit
  void e.promise.then(() => {
    if (early === e) early = undefined; // used once: a later visit reads afresh
  });
  return { value: e.value, promise: e.promise };
}
