import { db, type LocalEvent } from '../../db/db.ts';
import { addDays, weekStart } from '../../../../shared-schema/src/dates.ts';
import { todayLocal } from '../../sync/outbox.ts';

export type Bucket = 'day' | 'week' | 'month';

/** Every event that still counts (rejected ones earned nothing), once, for the Progress page. */
export async function loadHistory() {
  const today = todayLocal();
  const since = addDays(today, -370);
  const [events, streakRow, focus, sets, reading] = await Promise.all([
    db.activity_events.where('local_date').aboveOrEqual(since).toArray(),
    db.user_streaks.where('streak_type').equals('daily').first(),
    db.focus_sessions.where('status').equals('completed').toArray(),
    db.workout_sets.count(),
    db.reading_sessions.toArray(),
  ]);
  const counted = events.filter((e) => e.sync_status !== 'rejected');
  const focusMinutes = focus
    .filter((s) => s.mode === 'focus' && s.completed_at)
    .reduce((m, s) => m + Math.max(0, Math.round((Date.parse(String(s.completed_at)) - Date.parse(String(s.started_at))) / 60000 - Number(s.paused_total ?? 0) / 60)), 0);
  const count = (type: string) => counted.filter((e) => e.event_type === type).length;
  const totals = {
    focusMinutes,
    workouts: count('workout_complete'),
    sets,
    pages: reading.reduce((m, r) => m + Number(r.pages_read ?? 0), 0),
    cards: counted.filter((e) => e.event_type === 'review_complete').reduce((m, e) => m + Number(e.metadata?.cards ?? (Array.isArray(e.metadata?.card_ids) ? (e.metadata!.card_ids as unknown[]).length : 0)), 0),
    lessons: count('lesson_complete'),
  };
  const history = (Array.isArray(streakRow?.history) ? (streakRow!.history as Array<{ start: string; end: string; length: number }>) : []).slice().reverse();
  return { today, events: counted, totals, streakHistory: history };
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
