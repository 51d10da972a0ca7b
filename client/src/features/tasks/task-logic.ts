import { db, type IgnitionDb, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal, type NewEvent } from '../../sync/outbox.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { nextSortOrder, orderByDue, orderTasks, parseQuickAdd, sortOrderForMove, taskViewOf, TASK_LIMITS, type TaskLike, type TaskView } from '@ignition/shared/rules/tasks.ts';

export type TaskRow = Row & TaskLike;

/** Tags as a list, whatever form the row holds them in (a pulled row may hold JSON text). */
export function tagsOf(task: Row): string[] {
  const v = task.tags;
  try {
    const list = typeof v === 'string' ? JSON.parse(v) : v;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** The open tasks of a view, in the order it shows them: inbox by hand-made order, today and upcoming by due date. */
export function tasksInView(tasks: Row[], view: TaskView, today: string): TaskRow[] {
  const mine = (tasks as TaskRow[]).filter((t) => taskViewOf(t, today) === view);
  return view === 'inbox' ? orderTasks(mine) : orderByDue(mine);
}

/** Done tasks, the latest first. */
export const doneTasks = (tasks: Row[]) => (tasks as TaskRow[]).filter((t) => t.completed_at && !t.archived).sort((a, b) => String(b.completed_at).localeCompare(String(a.completed_at)));

/** Open tasks due from `from` to `to` (inclusive): the planner's and Today's. */
export const tasksDueBetween = (tasks: Row[], from: string, to: string) =>
  orderByDue((tasks as TaskRow[]).filter((t) => !t.completed_at && !t.archived && t.due_date && t.due_date >= from && t.due_date <= to));

/** Adds a task from a quick-add line ("Buy chalk tomorrow !high #gym"), read in the person's own day. */
export async function quickAdd(line: string, all: Row[], database: IgnitionDb = db, today = todayLocal()): Promise<TaskRow | null> {
  if (!line.trim()) return null;
  const q = parseQuickAdd(line, today);
  return addTask({ title: q.title, due_date: q.due_date, due_time: q.due_time, priority: q.priority, tags: q.tags }, all, database);
}

export async function addTask(fields: Record<string, unknown>, _shown: Row[], database: IgnitionDb = db): Promise<TaskRow> {
  const now = new Date().toISOString();
  // The stored list, not the one on screen: two tasks added in quick succession each go last.
  const all = await database.tasks.toArray();
  const row = {
    id: newId(),
    title: String(fields.title ?? '').slice(0, TASK_LIMITS.title),
    notes: null,
    due_date: null,
    due_time: null,
    priority: null,
    tags: [],
    goal_id: null,
    archived: false,
    sort_order: nextSortOrder(all as TaskRow[]),
    ...fields,
    created_at: now,
    updated_at: now,
  };
  const { id, ...rest } = row;
  await commit([{ table: 'tasks', id, fields: rest }], [], database);
  return row as TaskRow;
}

/** Has this task already earned its reward (here, pending, or confirmed)? Once per task ever. */
async function alreadyRewarded(taskId: string, database: IgnitionDb) {
  return (await database.activity_events.where('event_type').equals('task_complete').filter((e) => e.entity_id === taskId && e.sync_status !== 'rejected').count()) > 0;
}

/**
 * Completes (or reopens) a task. Completing records `task_complete` with the shared rule's
 * optimistic guess (5 XP, once per task, at most 10 a day); the server's answer replaces it.
 * Returns the XP guessed.
 */
export async function setTaskDone(task: Row, done: boolean, database: IgnitionDb = db): Promise<number> {
  const fields = { completed_at: done ? new Date().toISOString() : null, updated_at: new Date().toISOString() };
  if (!done) {
    await commit([{ table: 'tasks', id: task.id, fields }], [], database);
    return 0;
  }
  const today = todayLocal();
  const rewardedToday = await database.activity_events.where('[event_type+local_date]').equals(['task_complete', today]).filter((e) => e.sync_status !== 'rejected' && e.xp_earned > 0).count();
  const r = computeReward({ type: 'task_complete', completed: true, alreadyRewarded: await alreadyRewarded(task.id, database), rewardedToday });
  const ev: NewEvent | null = 'rejected' in r ? null : { event_type: 'task_complete', entity_id: task.id, skill_id: r.skill, xp: r.xp, coins: r.coins, metadata: { title: String(task.title ?? '').slice(0, 80) } };
  await commit([{ table: 'tasks', id: task.id, fields }], ev ? [ev] : [], database);
  return ev?.xp ?? 0;
}

const dueKey = (t: Row) => `${String(t.due_date ?? '')} ${String(t.due_time ?? '')}`;

/**
 * Whether the task at `from` can move to `to` in the list as shown. In the dated views (Today,
 * Upcoming) the list is ordered by due date and time, so a task moves only among the tasks due
 * when it is; to move it to another day, give it another date.
 */
export function canMove(list: Row[], from: number, to: number, byDue: boolean): boolean {
  if (from === to || to < 0 || to >= list.length || from < 0 || from >= list.length) return false;
  return !byDue || dueKey(list[from]) === dueKey(list[to]);
}

/** Moves the task at `from` to `to` in the list as shown: one field of one row changes. */
export async function moveTask(list: Row[], from: number, to: number, database: IgnitionDb = db, byDue = false) {
  if (!canMove(list, from, to, byDue)) return;
  // Within its own due day the hand-made order decides; sort orders elsewhere in the list do not matter.
  const group = byDue ? list.filter((t) => dueKey(t) === dueKey(list[from])) : list;
  const order = sortOrderForMove(group as TaskRow[], group.indexOf(list[from]), group.indexOf(list[to]));
  if (order === null) return;
  await commit([{ table: 'tasks', id: list[from].id, fields: { sort_order: order } }], [], database);
}

/** Subtasks of a task, in order. */
export const subtasksOf = (subtasks: Row[], taskId: string) =>
  subtasks.filter((s) => s.task_id === taskId).sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0) || String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) || a.id.localeCompare(b.id));

export async function addSubtask(taskId: string, title: string, existing: Row[], database: IgnitionDb = db) {
  const t = title.trim().slice(0, TASK_LIMITS.subtaskTitle);
  if (!t) return;
  await commit([{ table: 'task_subtasks', id: newId(), fields: { task_id: taskId, title: t, completed: false, sort_order: nextSortOrder(existing as Array<{ sort_order?: number | null }>), created_at: new Date().toISOString() } }], [], database);
}

export const setSubtaskDone = (s: Row, done: boolean, database: IgnitionDb = db) => commit([{ table: 'task_subtasks', id: s.id, fields: { completed: done } }], [], database);
export const removeSubtask = (s: Row, database: IgnitionDb = db) => commit([{ table: 'task_subtasks', id: s.id, delete: true }], [], database);

/**
 * Delete with undo: the task is hidden at once (archived) and deleted for good when the undo
 * window closes. A deleted row is final everywhere (its tombstone wins), so undo must come before
 * the delete, not after it. Returns the undo.
 */
export function deleteWithUndo(task: Row, windowMs: number, database: IgnitionDb = db): { undo: () => Promise<void>; done: Promise<void> } {
  let cancelled = false;
  const wasArchived = !!task.archived;
  pending.set(task.id, Date.now() + windowMs);
  const hidden = commit([{ table: 'tasks', id: task.id, fields: { archived: true } }], [], database);
  const done = new Promise<void>((resolve) => {
    setTimeout(() => {
      void hidden.then(async () => {
        if (!cancelled) await commit([{ table: 'tasks', id: task.id, delete: true }], [], database);
        pending.remove(task.id);
        resolve();
      });
    }, windowMs);
  });
  return {
    undo: async () => {
      cancelled = true;
      pending.remove(task.id);
      await hidden;
      await commit([{ table: 'tasks', id: task.id, fields: { archived: wasArchived } }], [], database);
    },
    done,
  };
}

/**
 * Deletes waiting out their undo window, kept in localStorage: a tab closed inside the window
 * would otherwise leave the task hidden (archived) for good instead of deleted.
 */
const PENDING_KEY = 'ignition.tasks.pending-deletes';
const pending = {
  read(): Record<string, number> {
    try {
      return JSON.parse(globalThis.localStorage?.getItem(PENDING_KEY) ?? '{}') as Record<string, number>;
    } catch {
      return {};
    }
  },
  write(v: Record<string, number>) {
    try {
      globalThis.localStorage?.setItem(PENDING_KEY, JSON.stringify(v));
    } catch {
      // private mode or no storage: the timer still deletes while the tab lives
    }
  },
  set(id: string, at: number) {
    this.write({ ...this.read(), [id]: at });
  },
  remove(id: string) {
    const v = this.read();
    delete v[id];
    this.write(v);
  },
};

/** Finishes deletes whose undo window closed while the app was not running (called when the list opens). */
export async function finishPendingDeletes(now = Date.now(), database: IgnitionDb = db) {
  for (const [id, at] of Object.entries(pending.read())) {
    if (at > now) continue;
    pending.remove(id);
    const row = await database.tasks.get(id);
    if (row?.archived) await commit([{ table: 'tasks', id, delete: true }], [], database);
  }
}
