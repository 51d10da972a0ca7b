import { randomUUID } from 'node:crypto';
import type { Row } from '@libsql/client';
import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { addDays, localDate, weekStart } from '@ignition/shared/dates.ts';
import { habitStillToDo, type HabitScheduleLike } from '@ignition/shared/rules/habit-due.ts';
import { nextDailyFire, inQuietHours, type QuietHours } from '@ignition/shared/rules/reminders.ts';
import { expandEvents } from '@ignition/shared/rules/recurrence.ts';
import { scheduledEnd } from '@ignition/shared/rules/focus.ts';
import { sendToUser, type PushPayload } from './push-service.ts';

/**
 * Reminders: each person's settings (server-only: reminders are sent by the server, so the
 * settings live where they are used and are changed over REST), and the due reminders they
 * become, one row per kind in `push_reminders` holding its next fire time.
 *
 * - `habits`, `flashcards`, `streak`: daily, at a wall-clock time in the person's zone.
 * - `watch`: every minute while planner or focus reminders are on, it looks at the window since
 *   its last run for planner events starting in N minutes and focus sessions ending.
 * - `snooze`: one-off, a notification shown again after a few minutes.
 *
 * Any instance fires them (push-scheduler.ts claims them with a lease); nothing is held in memory.
 */
export interface ReminderSettings {
  habits_enabled: boolean;
  habits_time: string;
  planner_enabled: boolean;
  planner_minutes: number;
  flashcards_enabled: boolean;
  flashcards_time: string;
  focus_enabled: boolean;
  streak_enabled: boolean;
  streak_time: string;
  quiet_enabled: boolean;
  quiet_start: string;
  quiet_end: string;
}

export const DEFAULT_SETTINGS: ReminderSettings = {
  habits_enabled: true,
  habits_time: '09:00',
  planner_enabled: true,
  planner_minutes: 10,
  flashcards_enabled: true,
  flashcards_time: '18:00',
  focus_enabled: true,
  streak_enabled: false,
  streak_time: '20:00',
  quiet_enabled: true,
  quiet_start: '22:00',
  quiet_end: '07:00',
};

const BOOLS = ['habits_enabled', 'planner_enabled', 'flashcards_enabled', 'focus_enabled', 'streak_enabled', 'quiet_enabled'] as const;
const COLUMNS = Object.keys(DEFAULT_SETTINGS) as Array<keyof ReminderSettings>;

/** How often the watch reminder looks again, and how far back a late run looks at most. */
export const WATCH_STEP_MS = 60_000;
const WATCH_MAX_WINDOW_MS = 10 * 60_000;
/** A daily reminder more than this late (the servers were down) is skipped, not sent late. */
export const STALE_AFTER_MS = 60 * 60_000;
/** The most snoozed notifications one person may have waiting. */
const MAX_SNOOZED = 20;
/** The most habit notifications one reminder sends (each has its own "Done"). */
const MAX_HABIT_NOTIFICATIONS = 5;

function fromRow(r: Row | undefined): ReminderSettings {
  if (!r) return { ...DEFAULT_SETTINGS };
  const out = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
  for (const c of COLUMNS) out[c] = (BOOLS as readonly string[]).includes(c) ? !!r[c] : c === 'planner_minutes' ? Number(r[c]) : String(r[c]);
  return out as unknown as ReminderSettings;
}

export async function getSettings(deps: AppDeps, userId: string): Promise<ReminderSettings> {
  return fromRow((await deps.db.execute({ sql: 'SELECT * FROM reminder_settings WHERE user_id = ?', args: [userId] })).rows[0]);
}

export async function saveSettings(deps: AppDeps, userId: string, input: Partial<ReminderSettings>): Promise<ReminderSettings> {
  const next = { ...(await getSettings(deps, userId)), ...input };
  const values = COLUMNS.map((c) => (typeof next[c] === 'boolean' ? (next[c] ? 1 : 0) : next[c]));
  await deps.db.execute({
    sql: `INSERT INTO reminder_settings (user_id, ${COLUMNS.join(', ')}, updated_at) VALUES (?, ${COLUMNS.map(() => '?').join(', ')}, ?)
          ON CONFLICT(user_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`,
    args: [userId, ...values, clockOf(deps).toISOString()],
  });
  await scheduleReminders(deps, userId);
  return next;
}

const quietOf = (s: ReminderSettings): QuietHours => ({ enabled: s.quiet_enabled, start: s.quiet_start, end: s.quiet_end });

async function timeZoneOf(deps: AppDeps, userId: string): Promise<string> {
  const r = (await deps.db.execute({ sql: 'SELECT timezone FROM users WHERE id = ?', args: [userId] })).rows[0];
  return String(r?.timezone ?? 'UTC') || 'UTC';
}

type DailyKind = 'habits' | 'flashcards' | 'streak';
const DAILY: Record<DailyKind, { enabled: keyof ReminderSettings; time: keyof ReminderSettings }> = {
  habits: { enabled: 'habits_enabled', time: 'habits_time' },
  flashcards: { enabled: 'flashcards_enabled', time: 'flashcards_time' },
  streak: { enabled: 'streak_enabled', time: 'streak_time' },
};

/**
 * What a daily reminder's fire time was computed from (zone, time, quiet hours). Kept in the row,
 * so a reminder whose person has since moved zone or changed the time (on any path: settings,
 * the synced time zone) is not sent at the old time but rescheduled by the new one.
 */
export function dailySignature(kind: DailyKind, s: ReminderSettings, tz: string): string {
  return JSON.stringify({ tz, time: s[DAILY[kind].time], quiet: s.quiet_enabled ? [s.quiet_start, s.quiet_end] : null });
}

/** When a daily reminder fires next after `after`, by the current settings and zone. */
export function nextFireOf(kind: DailyKind, s: ReminderSettings, tz: string, after: Date): Date {
  return nextDailyFire(String(s[DAILY[kind].time]), tz, after, quietOf(s));
}

/**
 * Brings the person's due reminders in line with their settings and devices: a row per enabled
 * kind while at least one device is subscribed, none otherwise. Called when either changes.
 */
export async function scheduleReminders(deps: AppDeps, userId: string) {
  const now = clockOf(deps);
  const subscribed = Number((await deps.db.execute({ sql: 'SELECT COUNT(*) AS n FROM push_subscriptions WHERE user_id = ? AND enabled = 1', args: [userId] })).rows[0].n) > 0;
  const s = await getSettings(deps, userId);
  const tz = await timeZoneOf(deps, userId);
  const wanted = new Map<string, { next: Date; window: string | null; signature: string | null }>();
  if (subscribed) {
    for (const kind of Object.keys(DAILY) as DailyKind[]) if (s[DAILY[kind].enabled]) wanted.set(kind, { next: nextFireOf(kind, s, tz, now), window: null, signature: dailySignature(kind, s, tz) });
    if (s.planner_enabled || s.focus_enabled) wanted.set('watch', { next: now, window: now.toISOString(), signature: null });
  }
  const existing = (await deps.db.execute({ sql: "SELECT kind FROM push_reminders WHERE user_id = ? AND kind <> 'snooze'", args: [userId] })).rows.map((r) => String(r.kind));
  const stmts = [];
  for (const kind of existing) if (!wanted.has(kind)) stmts.push({ sql: "DELETE FROM push_reminders WHERE user_id = ? AND kind = ? AND entity_id = ''", args: [userId, kind] });
  for (const [kind, w] of wanted) {
    // The watch keeps its window when it already runs (a settings change must not re-send what it sent).
    const keep = kind === 'watch' && existing.includes('watch');
    stmts.push({
      sql: `INSERT INTO push_reminders (id, user_id, kind, entity_id, payload, next_fire, window_start, attempts) VALUES (?, ?, ?, '', ?, ?, ?, 0)
            ON CONFLICT(user_id, kind, entity_id) DO UPDATE SET ${keep ? 'next_fire = next_fire' : 'payload = excluded.payload, next_fire = excluded.next_fire, window_start = excluded.window_start'}`,
      args: [randomUUID(), userId, kind, w.signature, w.next.toISOString(), w.window],
    });
  }
  if (stmts.length) await deps.db.batch(stmts, 'write');
}

export interface SnoozeInput {
  minutes: number;
  notification: Omit<PushPayload, 'kind'> & { kind: PushPayload['kind'] };
}

/** Shows a notification again after a few minutes, on every device of the person's. */
export async function snooze(deps: AppDeps, userId: string, input: SnoozeInput) {
  const waiting = Number((await deps.db.execute({ sql: "SELECT COUNT(*) AS n FROM push_reminders WHERE user_id = ? AND kind = 'snooze'", args: [userId] })).rows[0].n);
  if (waiting >= MAX_SNOOZED) throw new ApiError(429, 'rate_limited', `At most ${MAX_SNOOZED} snoozed notifications may wait at once`);
  const fireAt = new Date(clockOf(deps).getTime() + input.minutes * 60_000);
  const payload: PushPayload = { ...input.notification, actions: input.notification.habitId ? ['done', 'snooze'] : ['snooze'] };
  await deps.db.execute({
    sql: "INSERT INTO push_reminders (id, user_id, kind, entity_id, payload, next_fire, attempts) VALUES (?, ?, 'snooze', ?, ?, ?, 0)",
    args: [randomUUID(), userId, randomUUID(), JSON.stringify(payload), fireAt.toISOString()],
  });
  return { fire_at: fireAt.toISOString() };
}

/** What firing a reminder did: the row's next fire (and window), or null when the row is done with. */
export type FireOutcome = { next: string; window: string | null; signature?: string } | null;

/** Builds and sends what a due reminder says, and says when it fires next. */
export async function fireReminder(deps: AppDeps, row: Row, now: Date, send = true): Promise<FireOutcome> {
  const userId = String(row.user_id);
  const kind = String(row.kind);
  const s = await getSettings(deps, userId);
  const tz = await timeZoneOf(deps, userId);
  const quiet = inQuietHours(now, tz, quietOf(s));
  if (kind === 'snooze') {
    const payload = JSON.parse(String(row.payload ?? '{}')) as PushPayload;
    if (send && !(payload.habitId && payload.date && !(await habitStillDue(deps, userId, payload.habitId, payload.date)))) await sendToUser(deps, userId, [payload]);
    return null;
  }
  if (kind === 'watch') {
    const from = new Date(Math.max(Date.parse(String(row.window_start ?? '')) || 0, now.getTime() - WATCH_MAX_WINDOW_MS));
    if (send && !quiet) await sendToUser(deps, userId, await watchPayloads(deps, userId, s, tz, from, now));
    return { next: new Date(now.getTime() + WATCH_STEP_MS).toISOString(), window: now.toISOString() };
  }
  if (!(kind in DAILY)) return null;
  const dk = kind as DailyKind;
  if (!s[DAILY[dk].enabled]) return null;
  const late = now.getTime() - Date.parse(String(row.next_fire)) > STALE_AFTER_MS;
  const signature = dailySignature(dk, s, tz);
  // Scheduled by another zone or time than the person's now: not sent, rescheduled below.
  const moved = row.payload != null && String(row.payload) !== signature;
  if (send && !late && !quiet && !moved) {
    const today = localDate(now, tz);
    const payloads = dk === 'habits' ? await habitPayloads(deps, userId, today) : dk === 'flashcards' ? await flashcardPayloads(deps, userId, now) : await streakPayloads(deps, userId, today);
    await sendToUser(deps, userId, payloads);
  }
  return { next: nextFireOf(dk, s, tz, now).toISOString(), window: null, signature };
}

async function habitLogs(deps: AppDeps, userId: string, from: string, to: string, habitId?: string) {
  const rows = (
    await deps.db.execute({
      sql: `SELECT habit_id, date, count FROM habit_logs WHERE user_id = ? AND date BETWEEN ? AND ? ${habitId ? 'AND habit_id = ?' : ''}`,
      args: habitId ? [userId, from, to, habitId] : [userId, from, to],
    })
  ).rows;
  return rows.map((r) => ({ habit_id: String(r.habit_id), date: String(r.date), count: Number(r.count ?? 1) }));
}

async function habitStillDue(deps: AppDeps, userId: string, habitId: string, date: string) {
  const habit = (await deps.db.execute({ sql: 'SELECT * FROM habits WHERE id = ? AND user_id = ?', args: [habitId, userId] })).rows[0];
  if (!habit) return false;
  return habitStillToDo(habit as HabitScheduleLike, await habitLogs(deps, userId, weekStart(date), date, habitId), date);
}

/** One notification per habit due today and not yet done (with "Done" and "Snooze"). */
export async function habitPayloads(deps: AppDeps, userId: string, today: string): Promise<PushPayload[]> {
  const habits = (await deps.db.execute({ sql: 'SELECT * FROM habits WHERE user_id = ? AND archived = 0 ORDER BY created_at, id', args: [userId] })).rows;
  const logs = await habitLogs(deps, userId, weekStart(today), today);
  const todo = habits.filter((h) => habitStillToDo(h as HabitScheduleLike, logs.filter((l) => l.habit_id === h.id), today));
  const out: PushPayload[] = todo.slice(0, MAX_HABIT_NOTIFICATIONS).map((h) => ({
    kind: 'habit',
    title: String(h.name),
    body: h.frequency === 'weekly' ? 'Still open this week — tap Done when it’s done.' : 'Time for this one today — tap Done when it’s done.',
    url: '/habits',
    tag: `habit-${h.id}`,
    habitId: String(h.id),
    date: today,
    actions: ['done', 'snooze'],
  }));
  if (todo.length > MAX_HABIT_NOTIFICATIONS)
    out.push({ kind: 'habit', title: `${todo.length - MAX_HABIT_NOTIFICATIONS} more habits today`, body: 'Open Ignition to see them all.', url: '/habits', tag: 'habits-more' });
  return out;
}

/** The flashcards due now, counted as the app counts them (no date, or a date at or before now). */
export async function flashcardPayloads(deps: AppDeps, userId: string, now: Date): Promise<PushPayload[]> {
  const n = Number(
    (
      await deps.db.execute({
        sql: `SELECT COUNT(*) AS n FROM flashcards f JOIN flashcard_decks d ON d.id = f.deck_id
              WHERE d.user_id = ? AND (f.next_review IS NULL OR f.next_review <= ?)`,
        args: [userId, now.toISOString()],
      })
    ).rows[0].n,
  );
  if (n === 0) return [];
  return [{ kind: 'flashcards', title: n === 1 ? '1 flashcard is due' : `${n} flashcards are due`, body: 'A few minutes of review keeps them fresh.', url: '/learn', tag: 'flashcards-due', actions: ['snooze'] }];
}

/** A gentle word when yesterday kept the daily streak going and today has nothing yet. */
export async function streakPayloads(deps: AppDeps, userId: string, today: string): Promise<PushPayload[]> {
  const st = (await deps.db.execute({ sql: "SELECT current_streak, last_active_date FROM user_streaks WHERE user_id = ? AND streak_type = 'daily' ORDER BY current_streak DESC LIMIT 1", args: [userId] })).rows[0];
  if (!st || Number(st.current_streak) <= 0 || String(st.last_active_date) !== addDays(today, -1)) return [];
  const n = Number(st.current_streak);
  return [
    {
      kind: 'streak',
      title: `Your ${n}-day streak is still open today`,
      body: 'One small thing keeps it going, if you feel like it. Rest days are fine too.',
      url: '/',
      tag: 'streak-evening',
    },
  ];
}

/** Planner events starting in N minutes and focus sessions ending, within the window (from, to]. */
async function watchPayloads(deps: AppDeps, userId: string, s: ReminderSettings, tz: string, from: Date, to: Date): Promise<PushPayload[]> {
  const out: PushPayload[] = [];
  const inWindow = (ms: number) => ms > from.getTime() && ms <= to.getTime();
  if (s.planner_enabled) {
    const lead = s.planner_minutes * 60_000;
    const today = localDate(to, tz);
    const lo = new Date(from.getTime() + lead - 86_400_000).toISOString();
    const hi = new Date(to.getTime() + lead + 86_400_000).toISOString();
    const rows = (
      await deps.db.execute({
        sql: `SELECT * FROM calendar_events WHERE user_id = ? AND ((recurrence IS NOT NULL AND recurrence <> '') OR recurrence_parent_id IS NOT NULL OR start_time BETWEEN ? AND ?)`,
        args: [userId, lo, hi],
      })
    ).rows.map((r) => ({ ...(r as Record<string, unknown>), id: String(r.id) }));
    for (const o of expandEvents(rows, addDays(today, -1), addDays(today, 2), tz)) {
      if (o.allDay || o.completed || !inWindow(Date.parse(o.start) - lead)) continue;
      out.push({
        kind: 'planner',
        title: String((o.row as Record<string, unknown>).title || 'Planner event'),
        body: s.planner_minutes === 0 ? 'Starting now' : `Starts in ${s.planner_minutes} min`,
        url: '/planner',
        tag: `event-${o.key}`,
        actions: ['snooze'],
      });
    }
  }
  if (s.focus_enabled) {
    const sessions = (await deps.db.execute({ sql: "SELECT * FROM focus_sessions WHERE user_id = ? AND status = 'active' AND paused_at IS NULL", args: [userId] })).rows;
    for (const f of sessions) {
      const end = Date.parse(scheduledEnd({ duration: Number(f.duration), started_at: String(f.started_at), paused_total: Number(f.paused_total ?? 0), status: String(f.status) }));
      if (!inWindow(end)) continue;
      const focus = f.mode === 'focus';
      // The same tag as the open app's own notification: one replaces the other, never two.
      out.push({ kind: 'focus', title: focus ? 'Focus session complete' : 'Break is over', body: focus ? 'Nice work. Open Ignition to log it and take a break.' : 'Ready for the next session?', url: '/focus', tag: 'focus-end' });
    }
  }
  return out;
}
