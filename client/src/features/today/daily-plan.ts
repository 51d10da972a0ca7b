import { db, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal, userTimeZone } from '../../sync/outbox.ts';
import { addDays, localDate } from '@ignition/shared/dates.ts';
import type { QuestState } from '../../sync/quest-state.ts';
import { truthy } from '../../sync/quest-state.ts';

export interface PlanItem {
  id: string;
  kind: 'focus' | 'quest' | 'event' | 'workout' | 'task';
  title: string;
  href: string;
  ref?: string | null;
  done: boolean;
}

/** Today's plan: the newest `daily_plans` row for the date (two offline devices may each make one). */
export async function loadPlan(date = todayLocal()): Promise<Row | undefined> {
  const rows = await db.daily_plans.where('plan_date').equals(date).toArray();
  return rows.sort((a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')))[0];
}

export function planItems(plan: Row | undefined): PlanItem[] {
  const items = plan?.items;
  if (Array.isArray(items)) return items as PlanItem[];
  if (typeof items === 'string') {
    try {
      return JSON.parse(items) as PlanItem[];
    } catch {
      return [];
    }
  }
  return [];
}

/**
 * Today's planner events not yet done, earliest first: one-off events starting today and, when
 * there are recurring series, today's occurrences of them (moved ones where they now are). The
 * recurrence rules are loaded only when a series exists, so they stay out of the first screen's code.
 */
export async function todaysEvents(date = todayLocal()): Promise<Row[]> {
  const [rows, series] = await Promise.all([
    db.calendar_events.where('start_time').between(addDays(date, -1), `${addDays(date, 2)}\uffff`).toArray(),
    db.calendar_events.where('recurrence').above('').toArray(),
  ]);
  const tz = userTimeZone();
  if (series.length === 0)
    return rows
      .filter((r) => !r.recurrence && !truthy(r.completed) && localDate(String(r.start_time), tz) === date)
      .sort((a, b) => String(a.start_time).localeCompare(String(b.start_time)));
  const { expandEvents } = await import('@ignition/shared/rules/recurrence.ts');
  const byId = new Map([...rows, ...series].map((r) => [r.id, r]));
  return expandEvents([...byId.values()], date, addDays(date, 1), tz)
    .filter((o) => !o.completed && (o.recurring || localDate(o.start, tz) === date))
    .map((o) => o.row);
}

/** Open to-dos due today or earlier (overdue first), by the due-date index. */
export async function dueTasks(date = todayLocal()): Promise<Row[]> {
  const rows = await db.tasks.where('due_date').belowOrEqual(date).toArray();
  return rows
    .filter((t) => !t.completed_at && !t.archived)
    .sort((a, b) => String(a.due_date).localeCompare(String(b.due_date)) || String(a.due_time ?? '99:99').localeCompare(String(b.due_time ?? '99:99')) || Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0));
}

/**
 * A plan for today from what is already there: one focus block, up to three open quests (daily
 * first), today's planner events, a scheduled workout and up to five to-dos due (overdue first).
 * Nothing is invented beyond the focus block. A to-do's tick in the plan is the to-do's own.
 */
export function buildPlan(quests: QuestState[], events: Row[], tasks: Row[] = []): PlanItem[] {
  const items: PlanItem[] = [{ id: 'focus', kind: 'focus', title: 'One focus block (25 min)', href: '/focus', done: false }];
  const open = quests.filter((q) => !q.completed && q.type !== 'one_time').slice(0, 3);
  for (const q of open) items.push({ id: `quest:${q.quest.id}`, kind: 'quest', title: `${q.title} (${q.count}/${q.target})`, href: '/quests', ref: q.quest.id, done: false });
  const workout = events.find((e) => e.linked_workout_id || e.event_type === 'workout');
  for (const e of events.filter((x) => x !== workout).slice(0, 5))
    items.push({ id: `event:${e.id}`, kind: 'event', title: String(e.title ?? 'Planned event'), href: '/planner', ref: e.id, done: false });
  if (workout) items.push({ id: `workout:${workout.id}`, kind: 'workout', title: String(workout.title ?? 'Workout'), href: '/exercise', ref: workout.id, done: false });
  for (const t of tasks.slice(0, 5)) items.push({ id: `task:${t.id}`, kind: 'task', title: String(t.title ?? 'To-do'), href: '/tasks', ref: t.id, done: false });
  return items;
}

export async function savePlan(date: string, items: PlanItem[], existing?: Row) {
  const now = new Date().toISOString();
  await commit([{ table: 'daily_plans', id: existing?.id ?? newId(), fields: { plan_date: date, items, updated_at: now, ...(existing ? {} : { created_at: now }) } }]);
}

export async function toggleItem(plan: Row, itemId: string) {
  const items = planItems(plan).map((i) => (i.id === itemId ? { ...i, done: !i.done } : i));
  await savePlan(String(plan.plan_date), items, plan);
}
