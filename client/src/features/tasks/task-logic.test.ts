import { beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { db, dexieSchemaV1, dexieSchemaV2, dexieSchemaV3, dexieSchemaV4, dexieSchemaV7, openIgnitionDb } from '../../db/db.ts';
import { setTimeZone, todayLocal } from '../../sync/outbox.ts';
import { addSubtask, addTask, canMove, deleteWithUndo, finishPendingDeletes, moveTask, quickAdd, setSubtaskDone, setTaskDone, subtasksOf, tasksDueBetween, tasksInView } from './task-logic.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { TASK_DAILY_CAP } from '@ignition/shared/rules/tasks.ts';

beforeEach(async () => {
  setTimeZone(undefined);
  await Promise.all(db.tables.map((t) => t.clear()));
});

const all = () => db.tasks.toArray();

describe('tasks on the device', () => {
  it('has its Dexie stores from version 7', () => {
    expect(dexieSchemaV7()).toEqual({ tasks: 'id, due_date', task_subtasks: 'id, task_id' });
    expect(db.verno).toBeGreaterThanOrEqual(7);
  });

  it('upgrades a version-4 database: rows kept, the to-do stores appear with their indexes', async () => {
    const name = `upgrade-v4-tasks-${Date.now()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores(dexieSchemaV1());
    v4.version(2).stores(dexieSchemaV2());
    v4.version(3).stores(dexieSchemaV3());
    v4.version(4).stores(dexieSchemaV4());
    await v4.open();
    expect(v4.tables.map((t) => t.name)).not.toContain('tasks');
    await v4.table('habits').put({ id: 'h1', name: 'Read' });
    v4.close();
    const up = openIgnitionDb(name);
    await up.open();
    expect((await up.habits.get('h1'))?.name).toBe('Read');
    await up.tasks.put({ id: 't1', title: 'Chalk', due_date: '2026-12-08' });
    await up.task_subtasks.put({ id: 's1', task_id: 't1', title: 'Shop' });
    expect((await up.tasks.where('due_date').equals('2026-12-08').first())?.title).toBe('Chalk');
    expect((await up.task_subtasks.where('task_id').equals('t1').first())?.title).toBe('Shop');
    up.close();
    await Dexie.delete(name);
  });

  it('quick-adds "Buy chalk tomorrow !high" into Upcoming, with an outbox change', async () => {
    const today = todayLocal();
    const t = await quickAdd('Buy chalk tomorrow !high #climb', await all());
    expect(t).toMatchObject({ title: 'Buy chalk', due_date: addDays(today, 1), priority: 'high', tags: ['climb'] });
    expect(tasksInView(await all(), 'upcoming', today).map((x) => x.title)).toEqual(['Buy chalk']);
    expect(tasksInView(await all(), 'today', today)).toEqual([]);
    const out = await db.outbox_changes.toArray();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ table: 'tasks', op: 'upsert', fields: expect.objectContaining({ title: 'Buy chalk', priority: 'high' }) });
    expect(await quickAdd('   ', await all())).toBeNull();
  });

  it('reads the quick-add day in the person\'s chosen time zone', async () => {
    setTimeZone('Pacific/Kiritimati'); // UTC+14: most of the time a day ahead of UTC
    const t = await quickAdd('Call home today', await all());
    expect(t?.due_date).toBe(todayLocal());
  });

  it('puts overdue and due-today tasks in Today, undated ones in the Inbox, and lists tasks due in a range', async () => {
    const today = todayLocal();
    await addTask({ title: 'late', due_date: addDays(today, -2) }, await all());
    await addTask({ title: 'now', due_date: today }, await all());
    await addTask({ title: 'someday' }, await all());
    await addTask({ title: 'next week', due_date: addDays(today, 7) }, await all());
    expect(tasksInView(await all(), 'today', today).map((x) => x.title)).toEqual(['late', 'now']);
    expect(tasksInView(await all(), 'inbox', today).map((x) => x.title)).toEqual(['someday']);
    expect(tasksDueBetween(await all(), today, addDays(today, 7)).map((x) => x.title)).toEqual(['now', 'next week']);
  });

  it('completing pays once per task (a guess the server confirms), and never past the daily cap', async () => {
    const t = await addTask({ title: 'x', due_date: todayLocal() }, await all());
    expect(await setTaskDone(t, true)).toBe(5);
    expect(await setTaskDone(t, false)).toBe(0);
    expect(await setTaskDone(t, true)).toBe(0);
    const events = await db.activity_events.toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: 'task_complete', entity_id: t.id, xp_earned: 5, coins_earned: 2, sync_status: 'pending' });
    for (let i = 1; i < TASK_DAILY_CAP + 2; i++) await setTaskDone(await addTask({ title: `t${i}` }, await all()), true);
    expect(await db.activity_events.count()).toBe(TASK_DAILY_CAP);
    expect((await db.tasks.get(t.id))?.completed_at).toBeTruthy();
  });

  it('reorders by writing one task\'s sort order', async () => {
    for (const title of ['a', 'b', 'c']) await addTask({ title }, await all());
    const today = todayLocal();
    await db.outbox_changes.clear();
    await moveTask(tasksInView(await all(), 'inbox', today), 2, 0);
    expect(tasksInView(await all(), 'inbox', today).map((x) => x.title)).toEqual(['c', 'a', 'b']);
    const out = await db.outbox_changes.toArray();
    expect(out.map((o) => Object.keys(o.fields ?? {}))).toEqual([['sort_order']]);
    await moveTask(tasksInView(await all(), 'inbox', today), 0, 1);
    expect(tasksInView(await all(), 'inbox', today).map((x) => x.title)).toEqual(['a', 'c', 'b']);
  });

  it('in the dated views, moves a task only among those due when it is', async () => {
    const today = todayLocal();
    // sort orders that disagree with the dates: a move must still land where it was dropped
    await addTask({ title: 'a', due_date: addDays(today, -1), sort_order: 5 }, await all());
    await addTask({ title: 'b', due_date: addDays(today, -1), sort_order: 6 }, await all());
    await addTask({ title: 'c', due_date: today, sort_order: 1 }, await all());
    const view = async () => tasksInView(await all(), 'today', today);
    expect((await view()).map((x) => x.title)).toEqual(['a', 'b', 'c']);
    expect(canMove(await view(), 2, 1, true)).toBe(false);
    await moveTask(await view(), 2, 1, db, true);
    expect((await view()).map((x) => x.title)).toEqual(['a', 'b', 'c']);
    await moveTask(await view(), 0, 1, db, true);
    expect((await view()).map((x) => x.title)).toEqual(['b', 'a', 'c']);
  });

  it('keeps a subtask checklist as rows of their own', async () => {
    const t = await addTask({ title: 'Pack' }, await all());
    await addSubtask(t.id, 'Socks', []);
    await addSubtask(t.id, 'Passport', await db.task_subtasks.toArray());
    const subs = subtasksOf(await db.task_subtasks.toArray(), t.id);
    expect(subs.map((s) => s.title)).toEqual(['Socks', 'Passport']);
    await setSubtaskDone(subs[1], true);
    expect((await db.task_subtasks.get(subs[1].id))?.completed).toBe(true);
  });

  it('deletes with undo: hidden at once, gone after the window unless undone', async () => {
    const t = await addTask({ title: 'Oops' }, await all());
    await addSubtask(t.id, 'child', []);
    const kept = deleteWithUndo(t, 20);
    await kept.undo();
    await kept.done;
    expect((await db.tasks.get(t.id))?.archived).toBe(false);
    const gone = deleteWithUndo(t, 10);
    await new Promise((r) => setTimeout(r, 0));
    expect((await db.tasks.get(t.id))?.archived).toBe(true);
    await gone.done;
    expect(await db.tasks.get(t.id)).toBeUndefined();
    expect(await db.task_subtasks.count()).toBe(0);
    expect((await db.outbox_changes.toArray()).at(-1)).toMatchObject({ table: 'tasks', op: 'delete', row_id: t.id });
  });

  it('finishes a delete whose undo window closed while the tab was gone', async () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) });
    const t = await addTask({ title: 'Closed the tab' }, await all());
    deleteWithUndo(t, 60_000); // the timer never fires in this test
    await new Promise((r) => setTimeout(r, 0));
    await finishPendingDeletes(Date.now());
    expect((await db.tasks.get(t.id))?.archived).toBe(true); // still inside the window
    await finishPendingDeletes(Date.now() + 61_000);
    expect(await db.tasks.get(t.id)).toBeUndefined();
    expect(JSON.parse(store.get('ignition.tasks.pending-deletes') ?? '{}')).toEqual({});
    vi.unstubAllGlobals();
  });
});
