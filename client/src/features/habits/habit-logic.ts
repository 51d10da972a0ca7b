import { db as defaultDb, type IgnitionDb, type LocalEvent, type Row } from '../../db/db.ts';
import { computeHabitStreak } from '@ignition/shared/rules/streaks.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { habitScheduleOf, habitStrength, isHabitDueOn, WEEKDAY_BITS, type HabitDay, type HabitSchedule } from '@ignition/shared/rules/habits.ts';
import { addDays, weekStart } from '@ignition/shared/dates.ts';

export type Freq = 'daily' | 'weekly';

export function habitFreq(h: Row): Freq {
  return h.frequency === 'weekly' ? 'weekly' : 'daily';
}

export function logsOf(habit: Row, logs: Row[]) {
  return logs.filter((l) => l.habit_id === habit.id).map((l) => ({ date: String(l.date), count: Number(l.count ?? 1) }));
}

/** The local dates [from, to] of the period (the day, or its ISO week) that `date` falls in. */
export function periodRange(habit: Row, date: string): { from: string; to: string } {
  if (habitFreq(habit) === 'daily') return { from: date, to: date };
  const from = weekStart(date);
  return { from, to: addDays(from, 6) };
}

/** The habit completions recorded on the device for the period `date` falls in (by index: just that period). */
export function periodEvents(habit: Row, date: string, database: IgnitionDb = defaultDb): Promise<LocalEvent[]> {
  const { from, to } = periodRange(habit, date);
  return database.activity_events.where('[event_type+local_date]').between(['habit_complete', from], ['habit_complete', to], true, true).toArray();
}

/** How much of the current period's target is done (today, or this ISO week). */
export function periodCount(habit: Row, logs: Row[], today: string): number {
  const { from, to } = periodRange(habit, today);
  return logsOf(habit, logs)
    .filter((l) => l.date >= from && l.date <= to)
    .reduce((a, l) => a + l.count, 0);
}

/** A habit's skipped days as the streak rule takes them. */
export function skipsOf(habit: Row, skips: Row[]): HabitDay[] {
  return skips.filter((k) => k.habit_id === habit.id).map((k) => ({ date: String(k.date), count: 0, skip: true }));
}

/** The streak by the habit's schedule, skipped days neither breaking nor extending it (the server's rule). */
export function habitStreak(habit: Row, logs: Row[], today: string, skips: Row[] = []) {
  return computeHabitStreak([...logsOf(habit, logs), ...skipsOf(habit, skips)], habitScheduleOf(habit), Number(habit.target_count ?? 1), today);
}

/** The habit's strength (0..1) and its course, for the number and the small chart. */
export function strengthOf(habit: Row, logs: Row[], skips: Row[], today: string) {
  const created = typeof habit.created_at === 'string' ? habit.created_at.slice(0, 10) : today;
  return habitStrength([...logsOf(habit, logs), ...skipsOf(habit, skips)], habitScheduleOf(habit), Number(habit.target_count ?? 1), created > today ? today : created, today);
}

const DAY_NAMES: Array<[keyof typeof WEEKDAY_BITS, string]> = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
];
export const WEEKDAYS = DAY_NAMES.map(([k, label]) => ({ bit: WEEKDAY_BITS[k], label }));

/** The schedule in words: "Every day", "Mon, Wed, Fri", "3 times a week", "Every 3 days". */
export function scheduleWords(habit: Row): string {
  const s: HabitSchedule = habitScheduleOf(habit);
  const target = Number(habit.target_count ?? 1);
  const times = target > 1 ? ` · ${target}×` : '';
  switch (s.kind) {
    case 'weekly':
      return `${target} time${target === 1 ? '' : 's'} a week`;
    case 'weekdays':
      return WEEKDAYS.filter((d) => s.days & d.bit).map((d) => d.label).join(', ') + times;
    case 'every_n_days':
      return `Every ${s.every} days${times}`;
    default:
      return `Every day${times}`;
  }
}

export { isHabitDueOn };

type HabitEvent = Pick<LocalEvent, 'event_type' | 'entity_id' | 'metadata' | 'local_date' | 'xp_earned' | 'coins_earned' | 'sync_status'>;

/**
 * How much of the period of `date` was already paid, read from this habit's reward events (as the
 * server does): a paid log that was undone still counts, so logging again is not paid twice. An
 * event not yet sent whose log is gone (given `logIds`) will be refused by the server, so it does not count.
 */
export function paidInPeriod(habit: Row, events: HabitEvent[], date: string, logIds?: Set<string>): number {
  const { from, to } = periodRange(habit, date);
  let n = 0;
  for (const e of events) {
    if (e.event_type !== 'habit_complete' || e.sync_status === 'rejected' || !(Number(e.xp_earned) > 0 || Number(e.coins_earned) > 0)) continue;
    if (logIds && e.sync_status === 'pending' && !logIds.has(String(e.entity_id))) continue;
    const meta = (typeof e.metadata === 'string' ? safeJson(e.metadata) : e.metadata) ?? {};
    if (meta.habit_id !== habit.id) continue;
    const d = typeof meta.log_date === 'string' ? meta.log_date : String(e.local_date);
    if (d >= from && d <= to) n += Number(meta.count ?? 1) || 1;
  }
  return n;
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The optimistic reward of logging now, from the same rule the server applies. */
export function optimisticHabitReward(habit: Row, logs: Row[], today: string, count: number, date = today, events: HabitEvent[] = [], skips: Row[] = []) {
  const before = habitStreak(habit, logs, today, skips);
  const after = computeHabitStreak([...logsOf(habit, logs), ...skipsOf(habit, skips), { date, count }], habitScheduleOf(habit), Number(habit.target_count ?? 1), today);
  const r = computeReward({
    type: 'habit_complete',
    habit: { xp_reward: habit.xp_reward as number | null, coin_reward: habit.coin_reward as number | null, skill_id: habit.skill_id as string | null },
    countInPeriodBefore: Math.max(periodCount(habit, logs, date), paidInPeriod(habit, events, date, new Set(logs.map((l) => String(l.id))))),
    count,
    target_count: Number(habit.target_count ?? 1),
    streakBefore: before.current,
    streakAfter: after.current,
  });
  return 'rejected' in r ? { xp: 0, coins: 0, skill: null } : r;
}
