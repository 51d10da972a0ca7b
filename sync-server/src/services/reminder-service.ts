import { randomUUID } from 'node:crypto';
import { and, asc, between, count, desc, eq, inArray, isNotNull, isNull, lte, ne, notInArray, or } from 'drizzle-orm';
import { calendarEvents, flashcardDecks, flashcards, focusSessions, habitLogs as habitLogsTable, habitSkips, habits, pushReminders, pushSubscriptions, reminderSettings, users, userStreaks } from '@ignition/shared/server/tables.ts';
import { orm, type RowOfTable } from '../db/orm.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { addDays, localDate } from '@ignition/shared/dates.ts';
import { habitPeriodStart, habitStillToDo } from '@ignition/shared/rules/habit-due.ts';
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

/** How often the watch reminder looks again, and how far back a late run looks at most. */
export const WATCH_STEP_MS = 60_000;
const WATCH_MAX_WINDOW_MS = 10 * 60_000;
/** A daily reminder more than this late (the servers were down) is skipped, not sent late. */
export const STALE_AFTER_MS = 60 * 60_000;
/** The most snoozed notifications one person may have waiting. */
const MAX_SNOOZED = 20;
/** The most habit notifications one reminder sends (each has its own "Done"). */
const MAX_HABIT_NOTIFICATIONS = 5;

/** A due reminder's row, as the scheduler claims it. */
export type ReminderRow = RowOfTable<typeof pushReminders>;
type SettingsRow = RowOfTable<typeof reminderSettings>;

function fromRow(r: SettingsRow | undefined): ReminderSettings {
  if (!r) return { ...DEFAULT_SETTINGS };
  return {
    habits_enabled: !!r.habits_enabled,
    habits_time: r.habits_time,
    planner_enabled: !!r.planner_enabled,
    planner_minutes: r.planner_minutes,
    flashcards_enabled: !!r.flashcards_enabled,
    flashcards_time: r.flashcards_time,
    focus_enabled: !!r.focus_enabled,
    streak_enabled: !!r.streak_enabled,
    streak_time: r.streak_time,
    quiet_enabled: !!r.quiet_enabled,
    quiet_start: r.quiet_start,
    quiet_end: r.quiet_end,
  };
}

/** The settings as the table stores them (booleans as 0/1). */
function toRow(s: ReminderSettings): Omit<SettingsRow, 'user_id' | 'updated_at'> {
  return {
    ...s,
    habits_enabled: s.habits_enabled ? 1 : 0,
    planner_enabled: s.planner_enabled ? 1 : 0,
    flashcards_enabled: s.flashcards_enabled ? 1 : 0,
    focus_enabled: s.focus_enabled ? 1 : 0,
    streak_enabled: s.streak_enabled ? 1 : 0,
    quiet_enabled: s.quiet_enabled ? 1 : 0,
  };
}

export async function getSettings(deps: AppDeps, userId: string): Promise<ReminderSettings> {
  const [row] = await orm(deps.db).select().from(reminderSettings).where(eq(reminderSettings.user_id, userId));
  return fromRow(row);
}

export async function saveSettings(deps: AppDeps, userId: string, input: Partial<ReminderSettings>): Promise<ReminderSettings> {
  const next = { ...(await getSettings(deps, userId)), ...input };
  const values = { ...toRow(next), updated_at: clockOf(deps).toISOString() };
  await orm(deps.db)
    .insert(reminderSettings)
    .values({ user_id: userId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.user_id, set: values });
  await scheduleReminders(deps, userId);
  return next;
}

const quietOf = (s: ReminderSettings): QuietHours => ({ enabled: s.quiet_enabled, start: s.quiet_start, end: s.quiet_end });

async function timeZoneOf(deps: AppDeps, userId: string): Promise<string> {
  const [r] = await orm(deps.db).select({ timezone: users.timezone }).from(users).where(eq(users.id, userId));
  return r?.timezone || 'UTC';
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
  const o = orm(deps.db);
  const [{ n }] = await o
    .select({ n: count() })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.user_id, userId), eq(pushSubscriptions.enabled, 1)));
  const subscribed = n > 0;
  const s = await getSettings(deps, userId);
  const tz = await timeZoneOf(deps, userId);
  const wanted = new Map<string, { next: Date; window: string | null; signature: string | null }>();
  if (subscribed) {
    for (const kind of Object.keys(DAILY) as DailyKind[]) if (s[DAILY[kind].enabled]) wanted.set(kind, { next: nextFireOf(kind, s, tz, now), window: null, signature: dailySignature(kind, s, tz) });
    if (s.planner_enabled || s.focus_enabled) wanted.set('watch', { next: now, window: now.toISOString(), signature: null });
  }
  const existing = (
    await o
      .select({ kind: pushReminders.kind })
      .from(pushReminders)
      .where(and(eq(pushReminders.user_id, userId), notInArray(pushReminders.kind, ONE_OFF_KINDS)))
  ).map((r) => r.kind);
  const unwanted = existing.filter((kind) => !wanted.has(kind));
  if (!unwanted.length && !wanted.size) return;
  // One write transaction, as the batch it replaces: the person's rows change all together or not at all.
  await withWriteTransaction(deps.db, async (db) => {
    const tx = orm(db);
    if (unwanted.length)
      await tx.delete(pushReminders).where(and(eq(pushReminders.user_id, userId), inArray(pushReminders.kind, unwanted), eq(pushReminders.entity_id, '')));
    for (const [kind, w] of wanted) {
      const fire = { payload: w.signature, next_fire: w.next.toISOString(), window_start: w.window };
      const insert = tx.insert(pushReminders).values({ id: randomUUID(), user_id: userId, kind, entity_id: '', ...fire, attempts: 0 });
      // The watch keeps its window when it already runs (a settings change must not re-send what it sent).
      if (kind === 'watch' && existing.includes('watch')) await insert.onConflictDoNothing({ target: [pushReminders.user_id, pushReminders.kind, pushReminders.entity_id] });
      else await insert.onConflictDoUpdate({ target: [pushReminders.user_id, pushReminders.kind, pushReminders.entity_id], set: fire });
    }
  });
}

export interface SnoozeInput {
  minutes: number;
  notification: Omit<PushPayload, 'kind'> & { kind: PushPayload['kind'] };
}

/** Shows a notification again after a few minutes, on every device of the person's. */
export async function snooze(deps: AppDeps, userId: string, input: SnoozeInput) {
  const o = orm(deps.db);
  const [{ waiting }] = await o
    .select({ waiting: count() })
    .from(pushReminders)
    .where(and(eq(pushReminders.user_id, userId), eq(pushReminders.kind, 'snooze')));
  if (waiting >= MAX_SNOOZED) throw new ApiError(429, 'rate_limited', `At most ${MAX_SNOOZED} snoozed notifications may wait at once`);
  const fireAt = new Date(clockOf(deps).getTime() + input.minutes * 60_000);
  const payload: PushPayload = { ...input.notification, actions: input.notification.habitId ? ['done', 'snooze'] : ['snooze'] };
  await o.insert(pushReminders).values({ id: randomUUID(), user_id: userId, kind: 'snooze', entity_id: randomUUID(), payload: JSON.stringify(payload), next_fire: fireAt.toISOString(), attempts: 0 });
  return { fire_at: fireAt.toISOString() };
}

/** Reminders that fire once and are gone: snoozes, and timers an open screen set (a recipe step). */
const ONE_OFF_KINDS = ['snooze', 'timer'];
/** How far ahead a timer may be set (a recipe step's timer is minutes, at most hours). */
export const MAX_TIMER_AHEAD_MS = 24 * 3_600_000;
/** How many timers one person may have waiting. */
const MAX_TIMERS = 20;

export interface TimerInput {
  fire_at: string;
  notification: { title: string; body: string; url: string };
}

/**
 * A timer the app set while it was open (a recipe step's), told to the server so it rings on the
 * phone even when the app is closed or the phone locked: one reminder per `tag` (setting it again
 * moves it), sent once at `fire_at` and gone. The device's own chime still rings when it is open.
 */
export async function setTimer(deps: AppDeps, userId: string, tag: string, input: TimerInput) {
  const nowMs = clockOf(deps).getTime();
  const fireMs = Date.parse(input.fire_at);
  if (!(fireMs > nowMs)) throw new ApiError(422, 'validation_failed', 'fire_at must be in the future');
  if (fireMs - nowMs > MAX_TIMER_AHEAD_MS) throw new ApiError(422, 'validation_failed', 'A timer may be set at most 24 hours ahead');
  const o = orm(deps.db);
  const mine = and(eq(pushReminders.user_id, userId), eq(pushReminders.kind, 'timer'));
  const [{ waiting }] = await o.select({ waiting: count() }).from(pushReminders).where(and(mine, ne(pushReminders.entity_id, tag)));
  if (waiting >= MAX_TIMERS) throw new ApiError(429, 'rate_limited', `At most ${MAX_TIMERS} timers may wait at once`);
  const payload: PushPayload = { kind: 'timer', ...input.notification, tag };
  const fireAt = new Date(fireMs).toISOString();
  await o
    .insert(pushReminders)
    .values({ id: randomUUID(), user_id: userId, kind: 'timer', entity_id: tag, payload: JSON.stringify(payload), next_fire: fireAt, attempts: 0 })
    .onConflictDoUpdate({
      target: [pushReminders.user_id, pushReminders.kind, pushReminders.entity_id],
      set: { payload: JSON.stringify(payload), next_fire: fireAt, attempts: 0, lease_until: null, lease_owner: null },
    });
  return { fire_at: fireAt };
}

/** Cancels a timer (paused, finished, or the run left); nothing to cancel is fine. */
export async function cancelTimer(deps: AppDeps, userId: string, tag: string) {
  await orm(deps.db)
    .delete(pushReminders)
    .where(and(eq(pushReminders.user_id, userId), eq(pushReminders.kind, 'timer'), eq(pushReminders.entity_id, tag)));
}

/** What firing a reminder did: the row's next fire (and window), or null when the row is done with. */
export type FireOutcome = { next: string; window: string | null; signature?: string } | null;

/** Builds and sends what a due reminder says, and says when it fires next. */
export async function fireReminder(deps: AppDeps, row: ReminderRow, now: Date, send = true): Promise<FireOutcome> {
  const userId = row.user_id;
  const kind = row.kind;
  const s = await getSettings(deps, userId);
  const tz = await timeZoneOf(deps, userId);
  const quiet = inQuietHours(now, tz, quietOf(s));
  if (kind === 'timer') {
    // A timer rings even in quiet hours: the person set it a moment ago.
    if (send) await sendToUser(deps, userId, [JSON.parse(row.payload ?? '{}') as PushPayload]);
    return null;
  }
  if (kind === 'snooze') {
    const payload = JSON.parse(row.payload ?? '{}') as PushPayload;
    if (send && !(payload.habitId && payload.date && !(await habitStillDue(deps, userId, payload.habitId, payload.date)))) await sendToUser(deps, userId, [payload]);
    return null;
  }
  if (kind === 'watch') {
    const from = new Date(Math.max(Date.parse(row.window_start ?? '') || 0, now.getTime() - WATCH_MAX_WINDOW_MS));
    if (send && !quiet) await sendToUser(deps, userId, await watchPayloads(deps, userId, s, tz, from, now));
    return { next: new Date(now.getTime() + WATCH_STEP_MS).toISOString(), window: now.toISOString() };
  }
  if (!(kind in DAILY)) return null;
  const dk = kind as DailyKind;
  if (!s[DAILY[dk].enabled]) return null;
  const late = now.getTime() - Date.parse(row.next_fire) > STALE_AFTER_MS;
  const signature = dailySignature(dk, s, tz);
  // Scheduled by another zone or time than the person's now: not sent, rescheduled below.
  const moved = row.payload != null && row.payload !== signature;
  if (send && !late && !quiet && !moved) {
    const today = localDate(now, tz);
    const payloads = dk === 'habits' ? await habitPayloads(deps, userId, today) : dk === 'flashcards' ? await flashcardPayloads(deps, userId, now) : await streakPayloads(deps, userId, today);
    await sendToUser(deps, userId, payloads);
  }
  return { next: nextFireOf(dk, s, tz, now).toISOString(), window: null, signature };
}

/** The person's habit logs dated from..to (one habit's, when named). */
async function habitLogs(deps: AppDeps, userId: string, from: string, to: string, habitId?: string) {
  return orm(deps.db)
    .select({ habit_id: habitLogsTable.habit_id, date: habitLogsTable.date, count: habitLogsTable.count })
    .from(habitLogsTable)
    .where(and(eq(habitLogsTable.user_id, userId), between(habitLogsTable.date, from, to), habitId ? eq(habitLogsTable.habit_id, habitId) : undefined));
}

/** The habits (ids) the person skipped on a date (one habit's, when named). */
async function habitsSkippedOn(deps: AppDeps, userId: string, date: string, habitId?: string): Promise<Set<string>> {
  const rows = await orm(deps.db)
    .select({ habit_id: habitSkips.habit_id })
    .from(habitSkips)
    .where(and(eq(habitSkips.user_id, userId), eq(habitSkips.date, date), habitId ? eq(habitSkips.habit_id, habitId) : undefined));
  return new Set(rows.map((r) => r.habit_id));
}

/** Whether a habit is still to do on a date (its period's logs and that day's skip looked at). */
async function habitStillDue(deps: AppDeps, userId: string, habitId: string, date: string) {
  const [habit] = await orm(deps.db)
    .select()
    .from(habits)
    .where(and(eq(habits.id, habitId), eq(habits.user_id, userId)));
  if (!habit) return false;
  const logs = await habitLogs(deps, userId, habitPeriodStart(habit, date), date, habitId);
  const skipped = (await habitsSkippedOn(deps, userId, date, habitId)).has(habitId) ? [date] : [];
  return habitStillToDo(habit, logs, date, skipped);
}

/** One notification per habit due today, not skipped and not yet done (with "Done" and "Snooze"). */
export async function habitPayloads(deps: AppDeps, userId: string, today: string): Promise<PushPayload[]> {
  const mine = await orm(deps.db)
    .select()
    .from(habits)
    .where(and(eq(habits.user_id, userId), eq(habits.archived, 0)))
    .orderBy(asc(habits.created_at), asc(habits.id));
  if (!mine.length) return [];
  // From the earliest start of any habit's current period (a week, or N days), so each period is whole.
  const from = mine.reduce((lo, h) => {
    const start = habitPeriodStart(h, today);
    return start < lo ? start : lo;
  }, today);
  const logs = await habitLogs(deps, userId, from, today);
  const skipped = await habitsSkippedOn(deps, userId, today);
  const todo = mine.filter((h) =>
    habitStillToDo(
      h,
      logs.filter((l) => l.habit_id === h.id),
      today,
      skipped.has(h.id) ? [today] : [],
    ),
  );
  const out: PushPayload[] = todo.slice(0, MAX_HABIT_NOTIFICATIONS).map((h) => ({
    kind: 'habit',
    title: h.name,
    body: h.frequency === 'weekly' ? 'Still open this week — tap Done when it’s done.' : 'Time for this one today — tap Done when it’s done.',
    url: '/habits',
    tag: `habit-${h.id}`,
    habitId: h.id,
    date: today,
    actions: ['done', 'snooze'],
  }));
  if (todo.length > MAX_HABIT_NOTIFICATIONS)
    out.push({ kind: 'habit', title: `${todo.length - MAX_HABIT_NOTIFICATIONS} more habits today`, body: 'Open Ignition to see them all.', url: '/habits', tag: 'habits-more' });
  return out;
}

/** The flashcards due now, counted as the app counts them (no date, or a date at or before now). */
export async function flashcardPayloads(deps: AppDeps, userId: string, now: Date): Promise<PushPayload[]> {
  const [{ n }] = await orm(deps.db)
    .select({ n: count() })
    .from(flashcards)
    .innerJoin(flashcardDecks, eq(flashcardDecks.id, flashcards.deck_id))
    .where(and(eq(flashcardDecks.user_id, userId), or(isNull(flashcards.next_review), lte(flashcards.next_review, now.toISOString()))));
  if (n === 0) return [];
  return [{ kind: 'flashcards', title: n === 1 ? '1 flashcard is due' : `${n} flashcards are due`, body: 'A few minutes of review keeps them fresh.', url: '/learn', tag: 'flashcards-due', actions: ['snooze'] }];
}

/** A gentle word when yesterday kept the daily streak going and today has nothing yet. */
export async function streakPayloads(deps: AppDeps, userId: string, today: string): Promise<PushPayload[]> {
  const [st] = await orm(deps.db)
    .select({ current_streak: userStreaks.current_streak, last_active_date: userStreaks.last_active_date })
    .from(userStreaks)
    .where(and(eq(userStreaks.user_id, userId), eq(userStreaks.streak_type, 'daily')))
    .orderBy(desc(userStreaks.current_streak))
    .limit(1);
  if (!st || st.current_streak <= 0 || st.last_active_date !== addDays(today, -1)) return [];
  const n = st.current_streak;
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
    const rows = await orm(deps.db)
      .select()
      .from(calendarEvents)
      .where(
        and(
          eq(calendarEvents.user_id, userId),
          or(and(isNotNull(calendarEvents.recurrence), ne(calendarEvents.recurrence, '')), isNotNull(calendarEvents.recurrence_parent_id), between(calendarEvents.start_time, lo, hi)),
        ),
      );
    for (const o of expandEvents(rows, addDays(today, -1), addDays(today, 2), tz)) {
      if (o.allDay || o.completed || !inWindow(Date.parse(o.start) - lead)) continue;
      out.push({
        kind: 'planner',
        title: o.row.title || 'Planner event',
        body: s.planner_minutes === 0 ? 'Starting now' : `Starts in ${s.planner_minutes} min`,
        url: '/planner',
        tag: `event-${o.key}`,
        actions: ['snooze'],
      });
    }
  }
  if (s.focus_enabled) {
    const sessions = await orm(deps.db)
      .select()
      .from(focusSessions)
      .where(and(eq(focusSessions.user_id, userId), eq(focusSessions.status, 'active'), isNull(focusSessions.paused_at)));
    for (const f of sessions) {
      const end = Date.parse(scheduledEnd({ duration: f.duration, started_at: f.started_at, paused_total: f.paused_total, status: f.status }));
      if (!inWindow(end)) continue;
      const focus = f.mode === 'focus';
      // The same tag as the open app's own notification: one replaces the other, never two.
      out.push({ kind: 'focus', title: focus ? 'Focus session complete' : 'Break is over', body: focus ? 'Nice work. Open Ignition to log it and take a break.' : 'Ready for the next session?', url: '/focus', tag: 'focus-end' });
    }
  }
  return out;
}
