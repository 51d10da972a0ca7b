import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, push, pushOk } from './sync-helpers.ts';
import { addDays } from '@ignition/shared/dates.ts';

/**
 * Habits that fit real lives (issue 23): schedules beyond per day / per week, skipped days and
 * vacations, through REST and through the sync push, with the server's streaks and rewards
 * following them. 2026-11-02 is a Monday.
 */
let t: TestApp;
let a: string;
let b: string;
beforeEach(async () => {
  t = await createTestApp();
  on('2026-11-06');
  a = await t.signIn('sched-a@example.com');
  b = await t.signIn('sched-b@example.com');
});
afterEach(() => t.close());

function on(date: string) {
  t.setNow(new Date(`${date}T12:00:00.000Z`));
}
const MWF = 1 | 4 | 16;
const create = async (body: unknown, cookie = a) => {
  const res = await t.req('/api/habits', { cookie, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).habit;
};
const listed = async (habitId: string, cookie = a) => ((await (await t.req('/api/habits', { cookie })).json()).habits as Array<Record<string, unknown>>).find((h) => h.id === habitId)!;
const logOn = (habitId: string, date: string) => t.req(`/api/habits/${habitId}/logs`, { cookie: a, body: { date } });
const storedStreak = async (habitId: string) => {
  const r = (await t.db.execute({ sql: "SELECT current_streak, best_streak FROM user_streaks WHERE streak_type = 'habit:' || ?", args: [habitId] })).rows[0];
  return r && { current: Number(r.current_streak), best: Number(r.best_streak) };
};

describe('habit schedules over REST', () => {
  it('creates a Mon/Wed/Fri habit; the days between neither break nor count, and the list says what is due', async () => {
    const h = await create({ name: 'Climb', schedule: 'weekdays', schedule_days: MWF });
    expect(h).toMatchObject({ frequency: 'daily', schedule: 'weekdays', schedule_days: MWF, schedule_every: null });
    for (const d of ['2026-11-02', '2026-11-04', '2026-11-06']) expect((await logOn(h.id, d)).status).toBe(201);
    on('2026-11-08'); // Sunday: not due, the run still stands
    expect(await listed(h.id)).toMatchObject({ streak_current: 3, streak_best: 3, due_today: false });
    on('2026-11-09'); // Monday, not yet done: still standing
    expect(await listed(h.id)).toMatchObject({ streak_current: 3, due_today: true });
    on('2026-11-10'); // Tuesday, Monday missed
    expect(await listed(h.id)).toMatchObject({ streak_current: 0, streak_best: 3 });
  });

  it('an every-3-days habit starts today unless told, and N times a week is a weekly habit with its target', async () => {
    const e = await create({ name: 'Water plants', schedule: 'every_n_days', schedule_every: 3 });
    expect(e).toMatchObject({ schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-11-06' });
    const w = await create({ name: 'Run', frequency: 'weekly', target_count: 3 });
    expect(w).toMatchObject({ frequency: 'weekly', target_count: 3, schedule: null });
    // Changed to weekdays: the every-N fields are cleared by the caller, and the streak follows.
    const res = await t.req(`/api/habits/${e.id}`, { cookie: a, method: 'PATCH', body: { schedule: 'weekdays', schedule_days: 2, schedule_every: null, schedule_start: null } });
    expect(res.status).toBe(200);
    expect((await res.json()).habit).toMatchObject({ schedule: 'weekdays', schedule_days: 2, schedule_every: null });
  });

  it.each([
    [{ name: 'x', schedule: 'weekdays' }, 422],
    [{ name: 'x', schedule: 'weekdays', schedule_days: 0 }, 422],
    [{ name: 'x', schedule: 'weekdays', schedule_days: 128 }, 422],
    [{ name: 'x', schedule: 'weekdays', schedule_days: 1.5 }, 422],
    [{ name: 'x', schedule: 'every_n_days' }, 422],
    [{ name: 'x', schedule: 'every_n_days', schedule_every: 1 }, 422],
    [{ name: 'x', schedule: 'every_n_days', schedule_every: 366 }, 422],
    [{ name: 'x', schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-02-30' }, 422],
    [{ name: 'x', schedule: 'hourly' }, 422],
    [{ name: 'x', frequency: 'weekly', schedule: 'weekdays', schedule_days: 1 }, 422],
    [{ name: 'x', schedule_days: '1,3,5' }, 422],
  ])('refuses a bad schedule %j with a 4xx JSON error', async (body, status) => {
    const res = await t.req('/api/habits', { cookie: a, body });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBeTruthy();
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n)).toBe(0);
  });

  it('refuses an update that would leave a schedule without what it needs', async () => {
    const h = await create({ name: 'Read' });
    const res = await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'PATCH', body: { schedule: 'weekdays' } });
    expect(res.status).toBe(422);
    expect((await listed(h.id)).schedule).toBeNull();
  });
});

describe('skips and vacations over REST', () => {
  it('a skipped day neither breaks nor extends the streak; undo brings the miss back', async () => {
    const h = await create({ name: 'Meditate' });
    for (const d of ['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-06']) await logOn(h.id, d);
    expect(await listed(h.id)).toMatchObject({ streak_current: 2, streak_best: 2 });
    const res = await t.req(`/api/habits/${h.id}/skips`, { cookie: a, body: { date: '2026-11-04', reason: 'sick' } });
    expect(res.status).toBe(201);
    const { skips } = await res.json();
    expect(skips).toMatchObject([{ habit_id: h.id, date: '2026-11-04', reason: 'sick' }]);
    expect(await listed(h.id)).toMatchObject({ streak_current: 4, streak_best: 4 });
    // The same day again adds nothing.
    expect((await (await t.req(`/api/habits/${h.id}/skips`, { cookie: a, body: { date: '2026-11-04' } })).json()).skips).toHaveLength(1);
    expect((await t.req(`/api/habits/${h.id}/skips/${skips[0].id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect(await listed(h.id)).toMatchObject({ streak_current: 2, streak_best: 2 });
    expect((await (await t.req(`/api/habits/${h.id}/skips`, { cookie: a })).json()).skips).toEqual([]);
  });

  it('a vacation range skips every day of it, planned ahead too, and can be undone by day', async () => {
    const h = await create({ name: 'Stretch' });
    const res = await t.req(`/api/habits/${h.id}/skips`, { cookie: a, body: { from: '2026-11-05', to: '2026-11-12', reason: 'vacation' } });
    expect(res.status).toBe(201);
    expect(((await res.json()).skips as Array<{ date: string }>).map((k) => k.date)).toEqual(Array.from({ length: 8 }, (_, i) => addDays('2026-11-05', i)));
    expect(await listed(h.id)).toMatchObject({ skipped_today: true });
    expect((await t.req(`/api/habits/${h.id}/skips?date=2026-11-06`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect(await listed(h.id)).toMatchObject({ skipped_today: false });
    expect((await (await t.req(`/api/habits/${h.id}/skips?from=2026-11-01&to=2026-11-30`, { cookie: a })).json()).skips).toHaveLength(7);
  });

  it.each([
    [{}, 422],
    [{ date: '2026-11-31' }, 422],
    [{ date: '2026-11-04', from: '2026-11-01' }, 422],
    [{ from: '2026-11-10', to: '2026-11-01' }, 422],
    [{ from: '2026-01-01', to: '2026-12-31' }, 422],
    [{ date: '2028-01-01' }, 422],
    [{ date: '2026-11-04', reason: 'x'.repeat(201) }, 422],
    [{ date: '2026-11-04', user_id: 'someone' }, 422],
  ])('refuses a bad skip %j', async (body, status) => {
    const h = await create({ name: 'Read' });
    const res = await t.req(`/api/habits/${h.id}/skips`, { cookie: a, body });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBeTruthy();
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habit_skips')).rows[0].n)).toBe(0);
  });

  it("another person's habit and skips look missing", async () => {
    const h = await create({ name: 'Mine' });
    const skip = (await (await t.req(`/api/habits/${h.id}/skips`, { cookie: a, body: { date: '2026-11-04' } })).json()).skips[0];
    expect((await t.req(`/api/habits/${h.id}/skips`, { cookie: b, body: { date: '2026-11-05' } })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}/skips`, { cookie: b })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}/skips/${skip.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habit_skips')).rows[0].n)).toBe(1);
  });
});

describe('schedules and skips through the sync push, as a hostile client', () => {
  const habitChange = (habitId: string, fields: Record<string, unknown>) => ({ table: 'habits', id: habitId, op: 'upsert', fields, hlc: hlc() });

  it("refuses a skip of another person's habit, and one naming no habit", async () => {
    const mine = id();
    await pushOk(t, a, [habitChange(mine, { name: 'A', frequency: 'daily', target_count: 1 })]);
    const skipId = id();
    const r = await (await push(t, b, [{ table: 'habit_skips', id: skipId, op: 'upsert', fields: { habit_id: mine, date: '2026-11-04' }, hlc: hlc() }])).json();
    expect(r.changeErrors).toHaveLength(1);
    const r2 = await (await push(t, b, [{ table: 'habit_skips', id: id(), op: 'upsert', fields: { date: '2026-11-04' }, hlc: hlc() }])).json();
    expect(r2.changeErrors).toHaveLength(1);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habit_skips')).rows[0].n)).toBe(0);
    // Nor can B delete or move A's skip.
    await pushOk(t, a, [{ table: 'habit_skips', id: skipId, op: 'upsert', fields: { habit_id: mine, date: '2026-11-04' }, hlc: hlc() }]);
    const r3 = await (await push(t, b, [{ table: 'habit_skips', id: skipId, op: 'upsert', fields: { date: '2026-11-05' }, hlc: hlc() }, { table: 'habit_skips', id: skipId, op: 'delete', hlc: hlc() }])).json();
    expect(r3.changeErrors.length).toBeGreaterThan(0);
    expect((await t.db.execute('SELECT date, user_id FROM habit_skips')).rows.map((r) => ({ ...r }))).toMatchObject([{ date: '2026-11-04' }]);
  });

  it.each([
    { schedule: 'hourly' },
    { schedule_days: 0 },
    { schedule_days: 200 },
    { schedule_days: '21' },
    { schedule_every: 1 },
    { schedule_every: 10_000 },
    { schedule_start: 'tomorrow' },
  ])('refuses a bad schedule field %j pushed by a device', async (fields) => {
    const h = id();
    const r = await (await push(t, a, [habitChange(h, { name: 'x', frequency: 'daily', target_count: 1, ...fields })])).json();
    expect(r.changeErrors).toHaveLength(1);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n)).toBe(0);
  });

  it.each([
    [{ date: 'yesterday' }],
    [{ date: '2026-11-04', reason: 'x'.repeat(201) }],
    [{ date: '2026-11-04', count: 5 }],
  ])('refuses a bad skip row %j', async (fields) => {
    const h = id();
    await pushOk(t, a, [habitChange(h, { name: 'x', frequency: 'daily', target_count: 1 })]);
    const r = await (await push(t, a, [{ table: 'habit_skips', id: id(), op: 'upsert', fields: { habit_id: h, ...fields }, hlc: hlc() }])).json();
    expect(r.changeErrors).toHaveLength(1);
  });

  it('pays the 7-day milestone by the schedule: seven Mon/Wed/Fri in a row, and skips earn nothing', async () => {
    const h = id();
    await pushOk(t, a, [habitChange(h, { name: 'Gym', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5, schedule: 'weekdays', schedule_days: MWF })]);
    const due = Array.from({ length: 20 }, (_, i) => addDays('2026-11-02', i)).filter((d) => [1, 3, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    on('2026-11-20');
    // An offline stretch pushed at once: the seven due days, one of them skipped instead of done, then one more.
    const days = due.slice(0, 8);
    const changes: unknown[] = [];
    const events: unknown[] = [];
    for (const d of days) {
      if (d === days[3]) {
        changes.push({ table: 'habit_skips', id: id(), op: 'upsert', fields: { habit_id: h, date: d, reason: 'sick' }, hlc: hlc() });
        continue;
      }
      const logId = id();
      changes.push({ table: 'habit_logs', id: logId, op: 'upsert', fields: { habit_id: h, date: d, count: 1 }, hlc: hlc() });
      events.push({ id: id(), event_type: 'habit_complete', entity_id: logId, created_at: `${d}T18:00:00.000Z`, local_date: d });
    }
    const r = await pushOk(t, a, changes, events);
    expect(r.rejected).toEqual([]);
    // Seven completions of 10 XP, and the 7-day bonus once the seventh due day done is reached.
    expect(await progressOf(t, 'sched-a@example.com')).toMatchObject({ total_xp: 7 * 10 + 7, coins: 7 * 5 });
    expect(await storedStreak(h)).toEqual({ current: 7, best: 7 });
    expect(await listed(h)).toMatchObject({ streak_current: 7, streak_best: 7 });
  });
});
