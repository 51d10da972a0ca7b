import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError } from '../errors.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { tasks, taskSubtasks } from '@ignition/shared/server/tables.ts';
import { localDate } from '@ignition/shared/dates.ts';
import { orm } from '../db/orm.ts';
import { isOverdue, nextSortOrder, orderByDue, orderTasks, parseQuickAdd, taskViewOf, type TaskView } from '@ignition/shared/rules/tasks.ts';
import { newRowId, rewardOf, writeThroughSync, type RestEvent, type RestOp } from './rest-write.ts';

export interface SubtaskInput {
  id?: string;
  title: string;
  completed?: boolean;
}
export interface TaskInput {
  title?: string;
  notes?: string | null;
  due_date?: string | null;
  due_time?: string | null;
  priority?: 'high' | 'medium' | 'low' | null;
  tags?: string[];
  goal_id?: string | null;
  sort_order?: number;
  archived?: boolean;
  completed?: boolean;
  /** the whole checklist: items without an id are added, items left out are removed */
  subtasks?: SubtaskInput[];
}
export type TaskListView = TaskView | 'done' | 'all';

type Task = typeof tasks.$inferSelect;
type Subtask = typeof taskSubtasks.$inferSelect;
const nowIso = (deps: AppDeps) => clockOf(deps).toISOString();
const todayOf = (deps: AppDeps, user: Asker) => localDate(clockOf(deps), user.timezone);

function tagsOf(v: unknown): string[] {
  try {
    const list = typeof v === 'string' ? JSON.parse(v) : v;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

async function subtasksOf(deps: AppDeps, taskIds: string[]): Promise<Subtask[]> {
  if (taskIds.length === 0) return [];
  return orm(deps.db).select().from(taskSubtasks).where(inArray(taskSubtasks.task_id, taskIds)).orderBy(asc(taskSubtasks.sort_order), asc(taskSubtasks.created_at), asc(taskSubtasks.id));
}

/** A task as the API answers it: tags as a list, booleans as booleans, its checklist, and whether it is overdue in the asker's day. */
function present(task: Task, subtasks: Subtask[], today: string) {
  return {
    ...task,
    tags: tagsOf(task.tags),
    archived: !!task.archived,
    completed: !!task.completed_at,
    overdue: isOverdue(task, today),
    subtasks: subtasks.filter((s) => s.task_id === task.id).map((s) => ({ id: s.id, title: s.title, completed: !!s.completed, sort_order: s.sort_order })),
  };
}

/** The asker's task, else 404 (another user's id looks exactly like a missing one). */
async function ownedTask(deps: AppDeps, userId: string, id: string): Promise<Task> {
  const [row] = await orm(deps.db).select().from(tasks).where(and(eq(tasks.id, id), eq(tasks.user_id, userId))).limit(1);
  if (!row) throw new ApiError(404, 'not_found', 'Task not found');
  return row;
}

export async function listTasks(deps: AppDeps, user: Asker, view: TaskListView = 'all') {
  const mine = await orm(deps.db).select().from(tasks).where(eq(tasks.user_id, user.id));
  const today = todayOf(deps, user);
  const chosen =
    view === 'all' ? mine.filter((t) => !t.archived) : view === 'done' ? mine.filter((t) => !!t.completed_at && !t.archived) : mine.filter((t) => taskViewOf(t, today) === view);
  const ordered = view === 'upcoming' || view === 'today' ? orderByDue(chosen) : orderTasks(chosen);
  const subs = await subtasksOf(deps, ordered.map((t) => t.id));
  return ordered.map((t) => present(t, subs, today));
}

export async function getTask(deps: AppDeps, user: Asker, id: string) {
  const task = await ownedTask(deps, user.id, id);
  return present(task, await subtasksOf(deps, [id]), todayOf(deps, user));
}

/** The row fields of an input (tags stored as JSON; `completed` becomes `completed_at`). */
function taskFields(deps: AppDeps, input: TaskInput, before?: Task): Record<string, unknown> {
  const { completed, subtasks: _subtasks, tags, ...rest } = input;
  const f: Record<string, unknown> = { ...rest, updated_at: nowIso(deps) };
  if (tags !== undefined) f.tags = tags;
  if (completed !== undefined) f.completed_at = completed ? (before?.completed_at ?? nowIso(deps)) : null;
  // A due time without a day means nothing: clearing the day clears the time.
  if (input.due_date === null) f.due_time = null;
  return f;
}

function subtaskOps(taskId: string, items: SubtaskInput[], existing: Subtask[], now: string): RestOp[] {
  const ops: RestOp[] = [];
  const keep = new Set<string>();
  items.forEach((s, i) => {
    const id = s.id ?? newRowId();
    keep.add(id);
    const fields: Record<string, unknown> = { task_id: taskId, title: s.title, sort_order: i + 1 };
    if (s.completed !== undefined || !s.id) fields.completed = s.completed ?? false;
    if (!s.id) fields.created_at = now;
    ops.push({ table: 'task_subtasks', id, fields });
  });
  for (const s of existing) if (!keep.has(s.id)) ops.push({ table: 'task_subtasks', id: s.id, delete: true });
  return ops;
}

/** A due time is a time on the due day: without a day it means nothing, so it is refused rather than kept dangling. */
function timeNeedsDay(input: TaskInput, before?: Task) {
  const day = input.due_date === undefined ? before?.due_date : input.due_date;
  if (input.due_time && !day) throw new ApiError(422, 'validation_failed', 'A due time needs a due date (due_time without due_date)');
}

const completionEvent = (id: string): RestEvent => ({ event_type: 'task_complete', entity_id: id });

export async function createTask(deps: AppDeps, user: Asker, input: TaskInput & { quick?: string }) {
  const { quick, ...rest } = input;
  const today = todayOf(deps, user);
  // "Buy chalk tomorrow !high": read in the asker's own day; fields given beside it win.
  const parsed = quick ? parseQuickAdd(quick, today) : null;
  const merged: TaskInput = parsed
    ? { title: parsed.title, due_date: parsed.due_date, due_time: parsed.due_time, priority: parsed.priority, ...(parsed.tags.length ? { tags: parsed.tags } : {}), ...rest }
    : rest;
  if (!merged.title?.trim()) throw new ApiError(422, 'validation_failed', 'A task needs a title (or quick text)');
  timeNeedsDay(merged);
  const id = newRowId();
  const now = nowIso(deps);
  const mine = await orm(deps.db).select({ sort_order: tasks.sort_order }).from(tasks).where(eq(tasks.user_id, user.id));
  const ops: RestOp[] = [
    { table: 'tasks', id, fields: { notes: null, due_date: null, due_time: null, priority: null, tags: [], goal_id: null, archived: false, sort_order: nextSortOrder(mine), ...taskFields(deps, merged), created_at: now } },
    ...subtaskOps(id, merged.subtasks ?? [], [], now),
  ];
  const res = await writeThroughSync(deps, user.id, ops, merged.completed ? [completionEvent(id)] : []);
  return { task: await getTask(deps, user, id), reward: merged.completed ? await rewardOf(deps.db, res) : null };
}

/** Completing a task earns task_complete once per task (the server decides); un-completing keeps what was earned. */
export async function updateTask(deps: AppDeps, user: Asker, id: string, input: TaskInput) {
  const before = await ownedTask(deps, user.id, id);
  timeNeedsDay(input, before);
  const ops: RestOp[] = [{ table: 'tasks', id, fields: taskFields(deps, input, before) }];
  if (input.subtasks) {
    const existing = await subtasksOf(deps, [id]);
    const known = new Set(existing.map((s) => s.id));
    const stranger = input.subtasks.find((s) => s.id && !known.has(s.id));
    if (stranger) throw new ApiError(404, 'not_found', `Subtask ${stranger.id} is not on this task`);
    ops.push(...subtaskOps(id, input.subtasks, existing, nowIso(deps)));
  }
  const events = input.completed && !before.completed_at ? [completionEvent(id)] : [];
  const res = await writeThroughSync(deps, user.id, ops, events);
  return { task: await getTask(deps, user, id), reward: events.length ? await rewardOf(deps.db, res) : null };
}

export async function deleteTask(deps: AppDeps, user: Asker, id: string) {
  await ownedTask(deps, user.id, id);
  await writeThroughSync(deps, user.id, [{ table: 'tasks', id, delete: true }]);
}
