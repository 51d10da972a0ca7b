import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { progressOf } from './sync-helpers.ts';

let t: TestApp;
let a: string;
let b: string;
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-11-24T12:00:00.000Z'));
  a = await t.signIn('goal-a@example.com');
  b = await t.signIn('goal-b@example.com');
});
afterEach(() => t.close());

const count = async (sql: string) => Number((await t.db.execute(sql)).rows[0].n);
const create = async (body: unknown, cookie = a) => {
  const res = await t.req('/api/goals', { cookie, body });
  expect(res.status).toBe(201);
  return (await res.json()).goal;
};

describe('/api/goals', () => {
  it('derives progress from milestones and rewards each milestone and the goal once', async () => {
    const g = await create({ title: 'Run a 10k', skill_id: 'guts', target_date: '2027-03-01', milestones: [{ title: '3k' }, { title: '5k', target_date: '2027-01-01' }] });
    expect(g).toMatchObject({ status: 'active', progress: 0, skill_id: 'guts' });
    expect(g.milestones.map((m: { title: string }) => m.title)).toEqual(['3k', '5k']);
    const [m1, m2] = g.milestones;
    const r1 = await (await t.req(`/api/goals/${g.id}/milestones/${m1.id}`, { cookie: a, method: 'PATCH', body: { completed: true } })).json();
    expect(r1.goal.progress).toBe(50);
    expect(r1.reward).toMatchObject({ accepted: true, xp: 40, coins: 20 });
    // un-completing and completing again earns nothing more
    await t.req(`/api/goals/${g.id}/milestones/${m1.id}`, { cookie: a, method: 'PATCH', body: { completed: false } });
    const again = await (await t.req(`/api/goals/${g.id}/milestones/${m1.id}`, { cookie: a, method: 'PATCH', body: { completed: true } })).json();
    expect(again.reward).toMatchObject({ accepted: false, code: 'already_rewarded' });
    const r2 = await (await t.req(`/api/goals/${g.id}/milestones/${m2.id}`, { cookie: a, method: 'PATCH', body: { completed: true } })).json();
    expect(r2.goal.progress).toBe(100);
    const done = await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'completed' } })).json();
    expect(done.reward).toMatchObject({ accepted: true, xp: 100, coins: 50 });
    expect(await progressOf(t, 'goal-a@example.com')).toMatchObject({ total_xp: 180, coins: 90 });
  });

  it('uses a hand-set progress until it is cleared, and adds and deletes milestones', async () => {
    const g = await create({ title: 'Learn Go' });
    const withM = (await (await t.req(`/api/goals/${g.id}/milestones`, { cookie: a, body: { title: 'Tour' } })).json()).goal;
    expect(withM.milestones).toHaveLength(1);
    expect((await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { progress: 30 } })).json()).goal).toMatchObject({ progress: 30, progress_manual: true });
    expect((await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { progress: null } })).json()).goal).toMatchObject({ progress: 0, progress_manual: false });
    expect((await t.req(`/api/goals/${g.id}/milestones/${withM.milestones[0].id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect((await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect(await count('SELECT COUNT(*) AS n FROM goals')).toBe(0);
  });

  it('abandons a goal without a reward, lists it by status, reopens it and pays its completion once', async () => {
    const g = await create({ title: 'Learn the cello' });
    const abandoned = await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'abandoned' } })).json();
    expect(abandoned.goal.status).toBe('abandoned');
    expect(abandoned.reward ?? null).toBeNull();
    expect((await (await t.req('/api/goals?status=abandoned', { cookie: a })).json()).goals.map((x: { id: string }) => x.id)).toEqual([g.id]);
    expect((await (await t.req('/api/goals?status=active', { cookie: a })).json()).goals).toEqual([]);
    await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'active' } });
    const done = await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'completed' } })).json();
    expect(done.reward).toMatchObject({ accepted: true, xp: 100, coins: 50 });
    await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'active' } });
    const again = await (await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: { status: 'completed' } })).json();
    expect(again.reward).toMatchObject({ accepted: false, code: 'already_rewarded' });
    expect(await progressOf(t, 'goal-a@example.com')).toMatchObject({ total_xp: 100, coins: 50 });
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    for (const body of [{ title: '' }, { title: 'x', status: 'done' }, { title: 'x', target_date: 'soon' }, { title: 'x', progress: 101 }, { title: 'x', milestones: [{ title: '' }] }])
      expect((await t.req('/api/goals', { cookie: a, body })).status).toBe(422);
    const g = await create({ title: 'Ok' });
    expect((await t.req(`/api/goals/${g.id}/milestones`, { cookie: a, body: { title: 'x', target_date: '2027-13-45x' } })).status).toBe(422);
    expect((await t.req(`/api/goals/${g.id}`, { cookie: a, method: 'PATCH', body: {} })).status).toBe(422);
    expect(await count('SELECT COUNT(*) AS n FROM goals')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM goal_milestones')).toBe(0);
  });

  it("answers 404 for another user's goal and milestone, changing nothing", async () => {
    const g = await create({ title: 'Secret', milestones: [{ title: 'Step' }] });
    const m = g.milestones[0];
    expect((await t.req(`/api/goals/${g.id}`, { cookie: b })).status).toBe(404);
    expect((await t.req(`/api/goals/${g.id}`, { cookie: b, method: 'PATCH', body: { status: 'completed' } })).status).toBe(404);
    expect((await t.req(`/api/goals/${g.id}/milestones`, { cookie: b, body: { title: 'Mine' } })).status).toBe(404);
    expect((await t.req(`/api/goals/${g.id}/milestones/${m.id}`, { cookie: b, method: 'PATCH', body: { completed: true } })).status).toBe(404);
    expect((await t.req(`/api/goals/${g.id}/milestones/${m.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await t.req(`/api/goals/${g.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await (await t.req('/api/goals', { cookie: b })).json()).goals).toEqual([]);
    expect(await count("SELECT COUNT(*) AS n FROM goals WHERE status = 'active'")).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM goal_milestones WHERE completed = 0')).toBe(1);
    expect(await progressOf(t, 'goal-b@example.com')).toMatchObject({ total_xp: 0 });
  });
});
