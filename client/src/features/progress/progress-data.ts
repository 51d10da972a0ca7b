import { db, type IgnitionDb, type LocalEvent } from '../../db/db.ts';
import { addDays, weekStart } from '@ignition/shared/dates.ts';
import { todayLocal } from '../../sync/outbox.ts';

export type Bucket = 'day' | 'week' | 'month';

/**
 * For the Progress page: the past year's events that still count (rejected ones earned nothing)
 * for the chart and the heatmap, and all-time totals, as the sets, pages and focus minutes beside
 * them are. Counts come from indexes without reading the rows: workouts and lessons from the
 * event_type index (less the few refused), cards as the card reviews stored (one per rating).
 */
export async function loadHistory(database: IgnitionDb = db) {
  const today = todayLocal();
  const since = addDays(today, -370);
  const countOf = (type: string) => database.activity_events.where('event_type').equals(type).count();
  const [events, streakRow, focus, sets, reading, workoutsAll, lessonsAll, rejected, cards] = await Promise.all([
    database.activity_events.where('local_date').aboveOrEqual(since).toArray(),
    database.user_streaks.where('streak_type').equals('daily').first(),
    database.focus_sessions.where('status').equals('completed').toArray(),
    database.workout_sets.count(),
    database.reading_sessions.toArray(),
    countOf('workout_complete'),
    countOf('lesson_complete'),
    database.activity_events.where('sync_status').equals('rejected').toArray(),
    database.flashcard_reviews.count(),
  ]);
  const counted = events.filter((e) => e.sync_status !== 'rejected');
  const refused = (type: string) => rejected.filter((e) => e.event_type === type).length;
  const focusMinutes = focus
    .filter((s) => s.mode === 'focus' && s.completed_at)
    .reduce((m, s) => m + Math.max(0, Math.round((Date.parse(String(s.completed_at)) - Date.parse(String(s.started_at))) / 60000 - Number(s.paused_total ?? 0) / 60)), 0);
  const totals = {
    focusMinutes,
    workouts: workoutsAll - refused('workout_complete'),
    sets,
    pages: reading.reduce((m, r) => m + Number(r.pages_read ?? 0), 0),
    cards,
    lessons: lessonsAll - refused('lesson_complete'),
  };
  const history = (Array.isArray(streakRow?.history) ? (streakRow!.history as Array<{ start: string; end: string; length: number }>) : []).slice().reverse();
  return { today, events: counted, totals, streakHistory: history };
}

/**
 * The wins feed's page: the newest `n` events of all time, refused ones included (they say why),
 * newest first by the created_at index, plus one more to tell whether older ones remain.
 */
export async function loadWins(n: number, database: IgnitionDb = db): Promise<{ events: LocalEvent[]; more: boolean }> {
  const rows = await database.activity_events.orderBy('created_at').reverse().limit(n + 1).toArray();
  return { events: rows.slice(0, n), more: rows.length > n };
}

export function bucketOf(date: string, b: Bucket): string {
  if (b === 'week') return weekStart(date);
  if (b === 'month') return `${date.slice(0, 7)}-01`;
  return date;
}

/** XP summed per day, week or month over the shown range (day: 30 days, week: 26 weeks, month: 12 months). */
export function xpSeries(events: LocalEvent[], b: Bucket, today: string) {
  const from = b === 'day' ? addDays(today, -29) : b === 'week' ? weekStart(addDays(today, -7 * 25)) : `${addDays(today, -335).slice(0, 7)}-01`;
  const sums = new Map<string, number>();
  for (const e of events) if (e.local_date >= from && (e.xp_earned || 0) > 0) sums.set(bucketOf(e.local_date, b), (sums.get(bucketOf(e.local_date, b)) ?? 0) + e.xp_earned);
  const keys: string[] = [];
  for (let d = bucketOf(from, b); d <= today; ) {
    keys.push(d);
    d = b === 'day' ? addDays(d, 1) : b === 'week' ? addDays(d, 7) : nextMonth(d);
  }
  return { x: keys.map((k) => Date.parse(`${k}T00:00:00Z`) / 1000), values: keys.map((k) => sums.get(k) ?? 0) };
}

function nextMonth(d: string): string {
  const [y, m] = d.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function activityByDay(events: LocalEvent[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) if ((e.xp_earned || 0) > 0) m.set(e.local_date, (m.get(e.local_date) ?? 0) + 1);
  return m;
}
