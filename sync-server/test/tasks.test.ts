import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, push, pushOk } from './sync-helpers.ts';
import { TASK_DAILY_CAP } from '@ignition/shared/rules/tasks.ts';

let t: TestApp;
let a: string;
let b: string;
beforeEach(async () => {
  t = await createTestApp();
  // 2026-11-24 is a Tuesday.
  t.setNow(new Date('2026-11-24T12:00:00.000Z'));
  a = await t.signIn('task-a@example.com');
  b = await t.signIn('task-b@example.com');
});
afterEach(() => t.close());

const count = async (sql: string) => Number((await t.db.execute(sql)).rows[0].n);
const create = async (body: unknown, cookie = a) => {
  const res = await t.req('/api/tasks', { cookie, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).task;
};
const patch = (taskId: string, body: unknown, cookie = a) => t.req(`/api/tasks/${taskId}`, { cookie, method: 'PATCH', body });
const list = async (view?: string, cookie = a) => (await (await t.req(`/api/tasks${view ? `?view=${view}` : ''}`, { cookie })).json()).tasks as Array<Record<string, unknown>>;

/** A task row change and its completion event, as a device (or a hostile client) pushes them. */
const taskChange = (taskId: string, fields: Record<string, unknown>) => ({ table: 'tasks', id: taskId, op: 'upsert', fields, hlc: hlc() });
const completion = (taskId: string, over: Record<string, unknown> = {}) => ({
  id: id(),
  event_type: 'task_complete',
  entity_id: taskId,
  created_at: '2026-11-24T11:00:00.000Z',
  local_date: '2026-11-24',
  xp_earned: 1_000_000,
  coins_earned: 1_000_000,
  ...over,
});

describe('/api/tasks', () => {
  it('creates from quick text in the asker\'s own day, lists inbox / today / upcoming, and shows overdue honestly', async () => {
    // 12:00 UTC on Tuesday is already 01:00 Wednesday in Auckland: "tomorrow" is Thursday there.
    await t.db.execute("UPDATE users SET timezone = 'Pacific/Auckland' WHERE email = 'task-a@example.com'");
    const chalk = await create({ quick: 'Buy chalk tomorrow !high #gym' });
    expect(chalk).toMatchObject({ title: 'Buy chalk', due_date: '2026-11-26', priority: 'high', tags: ['gym'], completed: false, overdue: false, subtasks: [] });
    const inbox = await create({ title: 'Someday: learn the banjo' });
    const late = await create({ title: 'Renew licence', due_date: '2026-11-20', notes: 'bring a photo' });
    const today = await create({ title: 'Stretch', due_date: '2026-11-25', due_time: '07:30', priority: 'low' });
    expect(late.overdue).toBe(true);
    expect((await list('inbox')).map((x) => x.id)).toEqual([inbox.id]);
    expect((await list('today')).map((x) => x.id)).toEqual([late.id, today.id]);
    expect((await list('upcoming')).map((x) => x.id)).toEqual([chalk.id]);
    expect((await list()).map((x) => x.id)).toEqual([chalk.id, inbox.id, late.id, today.id]);
    expect(await list('today', b)).toEqual([]);
  });

  it('keeps a checklist of subtasks, reorders, archives and deletes with its subtasks', async () => {
    const task = await create({ title: 'Pack', subtasks: [{ title: 'Socks' }, { title: 'Passport' }] });
    expect(task.subtasks.map((s: { title: string }) => s.title)).toEqual(['Socks', 'Passport']);
    const [socks, passport] = task.subtasks;
    const res = await patch(task.id, { subtasks: [{ id: passport.id, title: 'Passport', completed: true }, { id: socks.id, title: 'Wool socks' }, { title: 'Charger' }] });
    expect(res.status).toBe(200);
    const after = (await res.json()).task;
    expect(after.subtasks.map((s: { title: string; completed: boolean }) => [s.title, s.completed])).toEqual([
      ['Passport', true],
      ['Wool socks', false],
      ['Charger', false],
    ]);
    // dropping an item removes it
    const fewer = (await (await patch(task.id, { subtasks: [{ id: passport.id, title: 'Passport' }] })).json()).task;
    expect(fewer.subtasks).toHaveLength(1);
    // a subtask id from another task is not this task's
    const other = await create({ title: 'Other', subtasks: [{ title: 'x' }] });
    expect((await patch(task.id, { subtasks: [{ id: other.subtasks[0].id, title: 'stolen' }] })).status).toBe(404);
    const second = await create({ title: 'Second' });
    expect((await patch(second.id, { sort_order: -5 })).status).toBe(200);
    expect((await list())[0].id).toBe(second.id);
    expect((await (await patch(other.id, { archived: true })).json()).task.archived).toBe(true);
    expect((await list()).map((x) => x.id)).not.toContain(other.id);
    expect((await t.req(`/api/tasks/${task.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect(await count(`SELECT COUNT(*) AS n FROM task_subtasks WHERE task_id = '${task.id}'`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM tasks WHERE id = '${task.id}'`)).toBe(0);
  });

  it('pays task_complete once per task: un-completing and completing again earns nothing more', async () => {
    const task = await create({ title: 'Buy chalk', due_date: '2026-11-24' });
    const done = await (await patch(task.id, { completed: true })).json();
    expect(done.task).toMatchObject({ completed: true, overdue: false });
    expect(done.reward).toMatchObject({ accepted: true, xp: 5, coins: 2, skill: 'proficiency' });
    expect((await (await patch(task.id, { completed: false })).json()).task.completed_at).toBeNull();
    const again = await (await patch(task.id, { completed: true })).json();
    expect(again.reward).toMatchObject({ accepted: false, code: 'already_rewarded' });
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 5, coins: 2 });
    // created already done pays too, once
    const born = await (await t.req('/api/tasks', { cookie: a, body: { title: 'Done already', completed: true } })).json();
    expect(born.reward).toMatchObject({ accepted: true, xp: 5 });
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 10, coins: 4 });
  });

  it('refuses bad input with a 4xx JSON error and writes nothing', async () => {
    const bodies = [
      {},
      { title: '' },
      { title: 'x', priority: 'urgent' },
      { title: 'x', due_date: '2026-02-30' },
      { title: 'x', due_time: '25:00' },
      { title: 'x', tags: 'gym' },
      { title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { title: 'x', sort_order: 1e13 },
      { title: 'x'.repeat(201) },
      { title: 'x', user_id: 'someone' },
      { title: 'x', subtasks: [{ title: '' }] },
      { title: 'x', goal_id: 'not a valid id!' },
    ];
    for (const body of bodies) {
      const res = await t.req('/api/tasks', { cookie: a, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    const task = await create({ title: 'ok' });
    expect((await patch(task.id, {})).status).toBe(422);
    expect((await patch(task.id, { completed: 'yes' })).status).toBe(422);
    expect((await patch(task.id, { due_time: '09:00' })).status).toBe(422);
    expect((await t.req('/api/tasks', { cookie: a, body: { title: 'x', due_time: '09:00' } })).status).toBe(422);
    expect((await patch(task.id, { due_time: '09:00', due_date: '2026-11-25' })).status).toBe(200);
    expect((await t.req('/api/tasks?view=later', { cookie: a })).status).toBe(422);
    expect(await count('SELECT COUNT(*) AS n FROM tasks')).toBe(1);
  });

  it("answers 404 for another user's task, and will not link another user's goal", async () => {
    const task = await create({ title: 'Mine' });
    expect((await patch(task.id, { title: 'Theirs now' }, b)).status).toBe(404);
    expect((await patch(task.id, { completed: true }, b)).status).toBe(404);
    expect((await t.req(`/api/tasks/${task.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await t.req('/api/tasks/no-such-task', { cookie: a, method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
    const goal = (await (await t.req('/api/goals', { cookie: b, body: { title: "B's goal" } })).json()).goal;
    expect((await patch(task.id, { goal_id: goal.id })).status).toBe(404);
    const own = (await (await t.req('/api/goals', { cookie: a, body: { title: 'My goal' } })).json()).goal;
    expect((await (await patch(task.id, { goal_id: own.id })).json()).task.goal_id).toBe(own.id);
    expect((await t.req('/api/tasks', { cookie: '' })).status).toBe(401);
    const [row] = (await t.db.execute(`SELECT title, completed_at FROM tasks WHERE id = '${task.id}'`)).rows;
    expect(row).toMatchObject({ title: 'Mine', completed_at: null });
  });
});

describe('task_complete through /api/sync/push (a hostile client)', () => {
  it('ignores claimed XP and pays the rule, once per task, and caps a day', async () => {
    const taskId = id();
    const res = await pushOk(t, a, [taskChange(taskId, { title: 'Chalk', completed_at: '2026-11-24T10:59:00.000Z', sort_order: 1 })], [completion(taskId)]);
    expect(res.rejected).toEqual([]);
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 5, coins: 2 });
    // the same task again (a second event), and after uncomplete + recomplete
    const twice = await pushOk(t, a, [], [completion(taskId)]);
    expect(twice.rejected[0].code).toBe('already_rewarded');
    await pushOk(t, a, [taskChange(taskId, { completed_at: null })]);
    const redo = await pushOk(t, a, [taskChange(taskId, { completed_at: '2026-11-24T11:30:00.000Z' })], [completion(taskId)]);
    expect(redo.rejected[0].code).toBe('already_rewarded');
    // one push completing many tasks on one day: only the cap is paid
    const changes = [];
    const events = [];
    for (let i = 0; i < TASK_DAILY_CAP + 3; i++) {
      const tid = id();
      changes.push(taskChange(tid, { title: `t${i}`, completed_at: '2026-11-24T10:00:00.000Z' }));
      events.push(completion(tid));
    }
    const many = await pushOk(t, a, changes, events);
    expect(many.accepted).toHaveLength(TASK_DAILY_CAP - 1);
    expect(many.rejected.map((r: { code: string }) => r.code)).toEqual(Array(4).fill('daily_cap_reached'));
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 5 * TASK_DAILY_CAP, coins: 2 * TASK_DAILY_CAP });
    // a retried push is answered the same and pays nothing more
    const retry = await pushOk(t, a, changes, events);
    expect(retry.accepted).toHaveLength(TASK_DAILY_CAP - 1);
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 5 * TASK_DAILY_CAP });
  });

  it('refuses a task that is not done, unknown, or another user\'s', async () => {
    const open = id();
    const r1 = await pushOk(t, a, [taskChange(open, { title: 'Open' })], [completion(open)]);
    expect(r1.rejected[0].code).toBe('not_completed');
    const r2 = await pushOk(t, a, [], [completion(id())]);
    expect(r2.rejected[0].code).toBe('unknown_entity');
    const r3 = await pushOk(t, a, [], [completion(null as unknown as string)]);
    expect(r3.rejected[0].code).toBe('unknown_entity');
    const theirs = id();
    await pushOk(t, b, [taskChange(theirs, { title: "B's", completed_at: '2026-11-24T10:00:00.000Z' })]);
    const r4 = await pushOk(t, a, [], [completion(theirs)]);
    expect(r4.rejected[0].code).toBe('unknown_entity');
    // nor may A write B's task or hang a subtask on it
    const r5 = await pushOk(t, a, [taskChange(theirs, { title: 'mine now' }), { table: 'task_subtasks', id: id(), op: 'upsert', fields: { task_id: theirs, title: 'x' }, hlc: hlc() }]);
    expect(r5.changeErrors.map((e: { code: string }) => e.code).sort()).toEqual(['forbidden', 'unknown_reference']);
    // an archived task does not pay
    const archived = id();
    const r6 = await pushOk(t, a, [taskChange(archived, { title: 'A', archived: true, completed_at: '2026-11-24T10:00:00.000Z' })], [completion(archived)]);
    expect(r6.rejected[0].code).toBe('not_completed');
    expect(await progressOf(t, 'task-a@example.com')).toMatchObject({ total_xp: 0, coins: 0 });
    expect(await progressOf(t, 'task-b@example.com')).toMatchObject({ total_xp: 0, coins: 0 });
  });

  it('refuses task rows that break the contract', async () => {
    const bad = [
      { priority: 'urgent' },
      { due_time: '7pm' },
      { tags: 'gym' },
      { sort_order: Number.MAX_VALUE },
      { title: 'x'.repeat(201) },
      { completed_at: 'yesterday' },
    ];
    for (const fields of bad) {
      const res = await push(t, a, [taskChange(id(), { title: 'x', ...fields })]);
      expect(res.status).toBe(200);
      expect((await res.json()).changeErrors[0]?.code, JSON.stringify(fields)).toMatch(/invalid_field|invalid_row/);
    }
    expect(await count('SELECT COUNT(*) AS n FROM tasks')).toBe(0);
  });
});

describe('tasks in backups and exports', () => {
  it('a backup holds tasks and subtasks, a restore brings them back (pullable by their owner), and the export lists them', async () => {
    const task = await create({ title: 'Chalk for the crag', notes: 'the blocky kind', due_date: '2026-11-25', priority: 'high', tags: ['climb'], subtasks: [{ title: 'Find a shop' }] });
    await t.db.execute("UPDATE users SET role = 'admin' WHERE email = 'task-b@example.com'");
    const admin = b;
    const backup = await t.req('/api/admin/backup', { cookie: admin, method: 'POST' });
    expect(backup.status).toBe(200);
    const text = await backup.text();
    const doc = JSON.parse(text);
    expect(doc.tables.tasks.map((r: { id: string }) => r.id)).toEqual([task.id]);
    expect(doc.tables.task_subtasks.map((r: { title: string }) => r.title)).toEqual(['Find a shop']);

    const other = await createTestApp({ ADMIN_EMAILS: 'boss@example.com' });
    try {
      const boss = await other.signIn('boss@example.com');
      const res = await other.req('/api/admin/restore', { cookie: boss, body: text, headers: { 'content-type': 'application/json' } });
      expect(res.status, await res.clone().text()).toBe(200);
      const rows = (await other.db.execute('SELECT title, notes, due_date, priority, tags FROM tasks')).rows.map((r) => ({ ...r }));
      expect(rows).toEqual([{ title: 'Chalk for the crag', notes: 'the blocky kind', due_date: '2026-11-25', priority: 'high', tags: '["climb"]' }]);
      expect(Number((await other.db.execute('SELECT COUNT(*) AS n FROM task_subtasks')).rows[0].n)).toBe(1);
      const log = (await other.db.execute("SELECT table_name FROM sync_rows WHERE table_name IN ('tasks', 'task_subtasks') ORDER BY 1")).rows.map((r) => r.table_name);
      expect(log).toEqual(['task_subtasks', 'tasks']);
    } finally {
      other.close();
    }

    const exported = await (await t.req('/api/user/export', { cookie: a })).json();
    expect(exported.tables.tasks.map((r: { id: string }) => r.id)).toEqual([task.id]);
    expect(exported.tables.task_subtasks.map((r: { title: string }) => r.title)).toEqual(['Find a shop']);
    const theirs = await (await t.req('/api/user/export', { cookie: b })).json();
    expect(theirs.tables.tasks).toBeUndefined();
  });
});
