import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';
import { HABIT_PAID_IN_PERIOD_SQL } from '../src/services/sync/reconcile-events.ts';
import { HABIT_LOGS_SQL } from '../src/services/sync/habit-streaks.ts';

let t: TestApp;
let a: string;
let b: string;
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-11-24T12:00:00.000Z'));
  a = await t.signIn('habit-a@example.com');
  b = await t.signIn('habit-b@example.com');
});
afterEach(() => t.close());

const count = async (sql: string) => Number((await t.db.execute(sql)).rows[0].n);
const create = async (body: unknown, cookie = a) => {
  const res = await t.req('/api/habits', { cookie, body });
  expect(res.status).toBe(201);
  return (await res.json()).habit;
};

describe('/api/habits', () => {
  it('creates a habit, logs it on two days and shows the streak and the rewards', async () => {
    const h = await create({ name: 'Stretch', description: '10 minutes', skill_id: 'guts', xp_reward: 12, coin_reward: 4 });
    expect(h).toMatchObject({ name: 'Stretch', frequency: 'daily', target_count: 1, skill_id: 'guts' });
    const first = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: { date: '2026-11-23', notes: 'morning' } })).json();
    expect(first.log).toMatchObject({ date: '2026-11-23', count: 1, notes: 'morning' });
    expect(first.reward).toMatchObject({ accepted: true, xp: 12, coins: 4 });
    const second = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: {} })).json();
    expect(second.log.date).toBe('2026-11-24');
    // over the daily target: logged, but not rewarded again
    const third = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: { count: 2 } })).json();
    expect(third.reward).toMatchObject({ accepted: false, code: 'period_target_reached' });
    const list = (await (await t.req('/api/habits', { cookie: a })).json()).habits;
    expect(list[0]).toMatchObject({ streak_current: 2, streak_best: 2, period_count: 3 });
    expect(await progressOf(t, 'habit-a@example.com')).toMatchObject({ total_xp: 24, coins: 8 });
    // the back-dated log's reward belongs to the day it was done on, as when the app logs it
    const events = (await t.db.execute("SELECT entity_id, local_date FROM activity_events WHERE event_type = 'habit_complete' ORDER BY local_date")).rows.map((r) => ({ ...r }));
    expect(events).toEqual([
      { entity_id: first.log.id, local_date: '2026-11-23' },
      { entity_id: second.log.id, local_date: '2026-11-24' },
    ]);
  });

  it('counts a weekly habit toward its target count for the week', async () => {
    const h = await create({ name: 'Run', frequency: 'weekly', target_count: 3 });
    for (const date of ['2026-11-23', '2026-11-24']) await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: { date } });
    const res = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: { date: '2026-11-24', count: 1 } })).json();
    expect(res.reward.accepted).toBe(true);
    const fourth = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: {} })).json();
    expect(fourth.reward.code).toBe('period_target_reached');
    expect((await (await t.req('/api/habits', { cookie: a })).json()).habits[0]).toMatchObject({ streak_current: 1, period_count: 4 });
  });

  it('undoes a log, archives and deletes', async () => {
    const h = await create({ name: 'Read' });
    const { log } = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: {} })).json();
    expect((await t.req(`/api/habits/${h.id}/logs/${log.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect((await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a })).json()).logs).toEqual([]);
    expect((await (await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'PATCH', body: { archived: true } })).json()).habit.archived).toBe(1);
    expect((await (await t.req('/api/habits', { cookie: a })).json()).habits).toEqual([]);
    expect((await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: {} })).status).toBe(409);
    expect((await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect(await count('SELECT COUNT(*) AS n FROM habits')).toBe(0);
  });

  it('does not pay a period twice when a rewarded log is undone and logged again', async () => {
    const daily = await create({ name: 'Floss' });
    const first = await (await t.req(`/api/habits/${daily.id}/logs`, { cookie: a, body: {} })).json();
    expect(first.reward).toMatchObject({ accepted: true, xp: 10 });
    expect((await t.req(`/api/habits/${daily.id}/logs/${first.log.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    const again = await (await t.req(`/api/habits/${daily.id}/logs`, { cookie: a, body: {} })).json();
    expect(again.reward).toMatchObject({ accepted: false, code: 'period_target_reached' });
    // another day is its own period
    const yesterday = await (await t.req(`/api/habits/${daily.id}/logs`, { cookie: a, body: { date: '2026-11-23' } })).json();
    expect(yesterday.reward).toMatchObject({ accepted: true, xp: 10 });

    // a weekly target of 2: two paid logs, one undone, a third is still over the target
    const weekly = await create({ name: 'Swim', frequency: 'weekly', target_count: 2 });
    const w1 = await (await t.req(`/api/habits/${weekly.id}/logs`, { cookie: a, body: { date: '2026-11-23' } })).json();
    await t.req(`/api/habits/${weekly.id}/logs`, { cookie: a, body: {} });
    await t.req(`/api/habits/${weekly.id}/logs/${w1.log.id}`, { cookie: a, method: 'DELETE' });
    const w3 = await (await t.req(`/api/habits/${weekly.id}/logs`, { cookie: a, body: {} })).json();
    expect(w3.reward).toMatchObject({ accepted: false, code: 'period_target_reached' });
    expect(await progressOf(t, 'habit-a@example.com')).toMatchObject({ total_xp: 40, coins: 20 });
  });

  it('counts rewards paid before events recorded their log date (placed by their log row), and only in the period', async () => {
    const weekly = await create({ name: 'Climb', frequency: 'weekly', target_count: 2 });
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'habit-a@example.com'")).rows[0].id);
    // Two logs paid by an older server: the event names the habit but not the log's date or count.
    for (const [date, paidOn] of [
      ['2026-11-23', '2026-11-23'],
      ['2026-11-16', '2026-11-24'], // last week's log, paid this week: it belongs to last week
    ]) {
      const log = id();
      await t.db.execute({ sql: 'INSERT INTO habit_logs (id, user_id, habit_id, date, count) VALUES (?, ?, ?, ?, 1)', args: [log, uid, weekly.id, date] });
      await t.db.execute({
        sql: "INSERT INTO activity_events (id, user_id, event_type, entity_id, xp_earned, coins_earned, metadata, created_at, local_date) VALUES (?, ?, 'habit_complete', ?, 10, 5, ?, ?, ?)",
        args: [id(), uid, log, JSON.stringify({ habit_id: weekly.id }), `${paidOn}T10:00:00.000Z`, paidOn],
      });
    }
    // One paid this week so far: a second is paid, a third is over the target.
    expect((await (await t.req(`/api/habits/${weekly.id}/logs`, { cookie: a, body: {} })).json()).reward).toMatchObject({ accepted: true });
    expect((await (await t.req(`/api/habits/${weekly.id}/logs`, { cookie: a, body: {} })).json()).reward).toMatchObject({ accepted: false, code: 'period_target_reached' });
  });

  it("reads a period's paid logs by the (user, habit, log date) index, not every habit reward the person has, and a habit's logs from an index", async () => {
    const detail = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${HABIT_PAID_IN_PERIOD_SQL}`, args: ['u', 'h', '2026-11-23', '2026-11-29'] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(detail).toMatch(/USING INDEX idx_activity_events_habit_period \(user_id=\? AND <expr>=\? AND <expr>>\? AND <expr><\?\)/);
    expect(detail).not.toMatch(/idx_activity_events_user_type/);
    // and a habit's logs for its streak from the index alone, from a day on
    const logs = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${HABIT_LOGS_SQL}`, args: ['h', 'u', '2026-11-23'] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(logs).toMatch(/USING COVERING INDEX idx_habit_logs_habit \(habit_id=\? AND user_id=\? AND date>\?\)/);
  });

  it("refuses a habit pushed through sync with a reward or target past the limits the routes allow", async () => {
    const h = id();
    const res = await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', fields: { name: 'Greedy', frequency: 'daily', target_count: 1_000_000, xp_reward: 100_000, coin_reward: 100_000 }, hlc: hlc() }]);
    expect(res.changeErrors.map((e: { code: string }) => e.code)).toEqual(['invalid_field']);
    expect(res.changeErrors[0].details).toEqual({ field: 'target_count', reason: expect.stringMatching(/from 1 to 100/) });
    expect((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM habits WHERE id = ?', args: [h] })).rows[0].n).toBe(0);
  });

  it("caps a habit's own reward and target at payout, for a habit stored before the limits (written straight to the database)", async () => {
    const h = id();
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'habit-a@example.com'")).rows[0].id);
    await t.db.execute({ sql: "INSERT INTO habits (id, user_id, name, frequency, target_count, xp_reward, coin_reward) VALUES (?, ?, 'Greedy', 'daily', 1000000, 100000, 100000)", args: [h, uid] });
    await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('habits', ?, ?, '{}', 0)", args: [h, uid] });
    const logs = [id(), id(), id()];
    const res = await pushOk(
      t,
      a,
      // one log of 100 reaches the largest target a habit may have; later logs that day are over it
      logs.map((l, i) => ({ table: 'habit_logs', id: l, op: 'upsert', fields: { habit_id: h, date: '2026-11-24', count: i === 0 ? 100 : 1 }, hlc: hlc() })),
      logs.map((l, i) => ({ id: id(), event_type: 'habit_complete', entity_id: l, created_at: `2026-11-24T11:0${i}:00.000Z`, local_date: '2026-11-24', xp_earned: 100_000, coins_earned: 100_000 })),
    );
    expect(res.accepted).toHaveLength(1);
    expect(res.rejected.map((r: { code: string }) => r.code)).toEqual(['period_target_reached', 'period_target_reached']);
    expect(await progressOf(t, 'habit-a@example.com')).toMatchObject({ total_xp: 100, coins: 50 });
  });

  it("pages a habit's logs newest first by the next cursor, over days with several logs, and within a range of days", async () => {
    const h = await create({ name: 'Water', target_count: 8 });
    // 3 logs a day for 90 days, two of them made in the same millisecond.
    const rows: string[] = [];
    for (let d = 0; d < 90; d++) {
      const date = new Date(Date.UTC(2026, 7, 1 + d)).toISOString().slice(0, 10);
      rows.push(`('l${d}a', '${h.id}', (SELECT user_id FROM habits WHERE id = '${h.id}'), '${date}', 1, '${date}T07:00:00.000Z')`);
      for (const k of ['b', 'c']) rows.push(`('l${d}${k}', '${h.id}', (SELECT user_id FROM habits WHERE id = '${h.id}'), '${date}', 1, '${date}T08:00:00.000Z')`);
    }
    await t.db.execute(`INSERT INTO habit_logs (id, habit_id, user_id, date, count, created_at) VALUES ${rows.join(', ')}`);
    const all: Array<{ id: string; date: string }> = [];
    const pages: number[] = [];
    let next: string | null = null;
    do {
      const res = await t.req(`/api/habits/${h.id}/logs?limit=40${next ? `&before=${next}` : ''}`, { cookie: a });
      expect(res.status).toBe(200);
      const page = await res.json();
      all.push(...page.logs);
      pages.push(page.logs.length);
      next = page.next;
    } while (next);
    expect(pages).toEqual([40, 40, 40, 40, 40, 40, 30]);
    expect(new Set(all.map((l) => l.id)).size).toBe(270);
    expect(all.map((l) => l.date)).toEqual([...all.map((l) => l.date)].sort().reverse());
    expect(all.slice(0, 3).map((l) => l.id)).toEqual(['l89c', 'l89b', 'l89a']);
    const range = await (await t.req(`/api/habits/${h.id}/logs?from=2026-08-10&to=2026-08-11`, { cookie: a })).json();
    expect(range.logs.map((l: { id: string }) => l.id)).toEqual(['l10c', 'l10b', 'l10a', 'l9c', 'l9b', 'l9a']);
    expect(range.next).toBeNull();
    for (const q of ['limit=0', 'limit=1001', 'before=not-a-cursor', `before=${Buffer.from('[1,2]').toString('base64url')}`, 'to=2026-02-30', 'page=2']) {
      const res = await t.req(`/api/habits/${h.id}/logs?${q}`, { cookie: a });
      expect(res.status, q).toBe(422);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const bad = [{ name: '' }, { name: 'x', frequency: 'hourly' }, { name: 'x', target_count: 0 }, { name: 'x', xp_reward: 1000 }, { name: 'x', skill_id: 'magic' }, { name: 'x', user_id: 'u' }];
    for (const body of bad) expect((await t.req('/api/habits', { cookie: a, body })).status).toBe(422);
    const h = await create({ name: 'Walk' });
    for (const body of [{ count: 0 }, { date: '24/11/2026' }, { notes: 'x'.repeat(600) }]) expect((await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body })).status).toBe(422);
    expect((await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: { date: '2026-12-01' } })).status).toBe(422);
    expect((await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'PATCH', body: {} })).status).toBe(422);
    expect(await count('SELECT COUNT(*) AS n FROM habits')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM habit_logs')).toBe(0);
  });

  it("answers 404 for another user's habit and log, changing nothing", async () => {
    const h = await create({ name: 'Private' });
    const { log } = await (await t.req(`/api/habits/${h.id}/logs`, { cookie: a, body: {} })).json();
    expect((await t.req(`/api/habits/${h.id}`, { cookie: b, method: 'PATCH', body: { name: 'Mine now' } })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}/logs`, { cookie: b, body: {} })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}/logs`, { cookie: b })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}/logs/${log.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await t.req(`/api/habits/${h.id}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await (await t.req('/api/habits', { cookie: b })).json()).habits).toEqual([]);
    expect(await count("SELECT COUNT(*) AS n FROM habits WHERE name = 'Private'")).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM habit_logs')).toBe(1);
  });
});
