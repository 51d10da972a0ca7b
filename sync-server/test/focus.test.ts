import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';
import { FOCUS_RANGE_SQL } from '../src/services/focus-service.ts';
import { REWARDED_FOCUS_SQL } from '../src/services/sync/focus-overlap.ts';

let t: TestApp;
let a: string;
let b: string;
const NOW = '2026-11-24T10:00:00.000Z';
const at = (min: number) => new Date(Date.parse(NOW) + min * 60_000);
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(at(0));
  a = await t.signIn('focus-a@example.com');
  b = await t.signIn('focus-b@example.com');
});
afterEach(() => t.close());

const count = async (sql: string) => Number((await t.db.execute(sql)).rows[0].n);
/** XP of the accepted focus events alone (quests such as Deep Focus add their own). */
const focusXp = () => count("SELECT COALESCE(SUM(xp_earned), 0) AS n FROM activity_events WHERE event_type = 'focus_complete'");
const start = async (cookie: string, body: unknown = { mode: 'focus', minutes: 25 }) => {
  const res = await t.req('/api/focus', { cookie, body });
  expect(res.status).toBe(201);
  return (await res.json()).session;
};

describe('POST /api/focus starts a session', () => {
  it('starts with the default 25 minutes and shows it as the active session', async () => {
    const s = await start(a, { mode: 'focus' });
    expect(s).toMatchObject({ mode: 'focus', duration: 1500, status: 'active', remaining_ms: 1500_000, expires_at: '2026-11-24T10:50:00.000Z' });
    const active = await (await t.req('/api/focus/active', { cookie: a })).json();
    expect(active.session.id).toBe(s.id);
  });

  it('refuses minutes outside the limits, an unknown mode and extra fields, writing nothing', async () => {
    for (const body of [{ mode: 'focus', minutes: 121 }, { mode: 'short_break', minutes: 61 }, { mode: 'nap' }, { mode: 'focus', minutes: 0 }, { mode: 'focus', user_id: 'x' }]) {
      const res = await t.req('/api/focus', { cookie: a, body });
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect(await count('SELECT COUNT(*) AS n FROM focus_sessions')).toBe(0);
  });

  it('keeps one active session: starting again abandons the running one', async () => {
    const first = await start(a);
    t.setNow(at(3));
    const second = await start(a);
    const rows = (await t.db.execute('SELECT id, status FROM focus_sessions ORDER BY started_at')).rows;
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [first.id, 'abandoned'],
      [second.id, 'active'],
    ]);
  });

  it('resolves two devices starting at once through sync: the later start wins', async () => {
    const phone = id();
    const laptop = id();
    const row = (startedAt: string) => ({ mode: 'focus', duration: 1500, status: 'active', started_at: startedAt, paused_total: 0 });
    await Promise.all([
      pushOk(t, a, [{ table: 'focus_sessions', id: phone, op: 'upsert', fields: row('2026-11-24T10:00:01.000Z'), hlc: hlc() }]),
      pushOk(t, a, [{ table: 'focus_sessions', id: laptop, op: 'upsert', fields: row('2026-11-24T10:00:02.000Z'), hlc: hlc() }]),
    ]);
    const rows = Object.fromEntries((await t.db.execute('SELECT id, status FROM focus_sessions')).rows.map((r) => [r.id, r.status]));
    expect(rows).toEqual({ [phone]: 'abandoned', [laptop]: 'active' });
    // the loser's device learns it from the pull
    const pulled = await (await t.req('/api/sync/pull', { cookie: a })).json();
    expect(pulled.changes.find((c: { id: string }) => c.id === phone).row.status).toBe('abandoned');
  });
});

describe('pause, resume, complete and abandon', () => {
  it('does not count a pause as focus, and rewards the focused minutes on completion', async () => {
    const s = await start(a);
    t.setNow(at(10));
    expect((await (await t.req(`/api/focus/${s.id}/pause`, { cookie: a, method: 'POST' })).json()).session.remaining_ms).toBe(15 * 60_000);
    t.setNow(at(20));
    expect((await t.req(`/api/focus/${s.id}/pause`, { cookie: a, method: 'POST' })).status).toBe(409);
    const resumed = (await (await t.req(`/api/focus/${s.id}/resume`, { cookie: a, method: 'POST' })).json()).session;
    expect(resumed).toMatchObject({ paused_total: 600, remaining_ms: 15 * 60_000, expires_at: '2026-11-24T11:00:00.000Z' });
    t.setNow(at(40));
    const done = await (await t.req(`/api/focus/${s.id}/complete`, { cookie: a, method: 'POST' })).json();
    expect(done.session).toMatchObject({ status: 'completed', completed_at: '2026-11-24T10:35:00.000Z' });
    expect(done.reward).toMatchObject({ accepted: true, xp: 25, coins: 10 });
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 25, coins: 10 });
    expect((await t.req(`/api/focus/${s.id}/complete`, { cookie: a, method: 'POST' })).status).toBe(409);
  });

  it('completes a session the tab missed at its scheduled end when the active session is asked for', async () => {
    const s = await start(a, { mode: 'focus', minutes: 30 });
    t.setNow(at(200));
    expect((await (await t.req('/api/focus/active', { cookie: a })).json()).session).toBeNull();
    const row = (await t.db.execute({ sql: 'SELECT status, completed_at FROM focus_sessions WHERE id = ?', args: [s.id] })).rows[0];
    expect({ ...row }).toEqual({ status: 'completed', completed_at: '2026-11-24T10:30:00.000Z' });
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 30 });
  });

  it('gives a too-short session and a break no XP, and abandons on request', async () => {
    const s = await start(a);
    t.setNow(at(2));
    const done = await (await t.req(`/api/focus/${s.id}/complete`, { cookie: a, method: 'POST' })).json();
    expect(done.reward).toMatchObject({ accepted: false, code: 'focus_too_short' });
    const brk = await start(a, { mode: 'short_break' });
    const abandoned = await (await t.req(`/api/focus/${brk.id}/abandon`, { cookie: a, method: 'POST' })).json();
    expect(abandoned.session.status).toBe('abandoned');
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 0 });
  });

  it("answers 404 for another user's session and changes nothing", async () => {
    const s = await start(a);
    for (const action of ['pause', 'resume', 'complete', 'abandon']) {
      const res = await t.req(`/api/focus/${s.id}/${action}`, { cookie: b, method: 'POST' });
      expect(res.status).toBe(404);
    }
    expect((await (await t.req('/api/focus', { cookie: b })).json()).sessions).toEqual([]);
    const row = (await t.db.execute({ sql: 'SELECT status, paused_at FROM focus_sessions WHERE id = ?', args: [s.id] })).rows[0];
    expect({ ...row }).toEqual({ status: 'active', paused_at: null });
  });

  it('reads history by date range from the (user, started_at) index', async () => {
    const plan = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${FOCUS_RANGE_SQL}`, args: ['u', '2026-11-01', '2026-11-08', 50] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(plan).toMatch(/SEARCH focus_sessions USING INDEX idx_focus_user \(user_id=\? AND started_at>\? AND started_at<\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('needs a signed-in user and a well-formed id', async () => {
    expect((await t.req('/api/focus')).status).toBe(401);
    expect((await t.req('/api/focus/bad%20id!/pause', { cookie: a, method: 'POST' })).status).toBe(422);
  });
});

describe('focus rewards pushed through sync', () => {
  /** A completed focus session row made offline and its event, as the client pushes them. */
  const offline = (startMin: number, endMin: number, pausedMin = 0, planned = 50) => {
    const sid = id();
    const completedAt = at(endMin).toISOString();
    return {
      sid,
      change: {
        table: 'focus_sessions',
        id: sid,
        op: 'upsert',
        fields: { mode: 'focus', duration: planned * 60, status: 'completed', started_at: at(startMin).toISOString(), completed_at: completedAt, paused_total: pausedMin * 60 },
        hlc: hlc(),
      },
      event: { id: id(), event_type: 'focus_complete', entity_id: sid, created_at: completedAt, local_date: '2026-11-24', xp_earned: 60 },
    };
  };
  const send = (...items: ReturnType<typeof offline>[]) =>
    pushOk(
      t,
      a,
      items.map((i) => i.change),
      items.map((i) => i.event),
    );

  it('rewards back-to-back sessions, and refuses one laid over a session already rewarded, in the same push or a later one', async () => {
    t.setNow(at(300));
    const first = offline(0, 25);
    const next = offline(25, 50); // starts as the first ends
    const forged = offline(10, 35); // shares 15 minutes with the first
    const r1 = await send(first, next, forged);
    expect(r1.accepted).toEqual([first.event.id, next.event.id]);
    expect(r1.rejected).toEqual([{ id: forged.event.id, code: 'focus_overlap', message: expect.stringContaining('overlaps') }]);
    expect(await focusXp()).toBe(50);
    // Deep Focus (2 sessions a day) adds 50 XP and 25 coins
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 100, coins: 45 });
    // another device, later: the same hour again
    const later = offline(5, 30);
    const r2 = await send(later);
    expect(r2.rejected.map((r: { code: string }) => r.code)).toEqual(['focus_overlap']);
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 100, coins: 45 });
    // the answer is kept: the retried push gets the same rejection and no reward
    expect((await send(later)).rejected.map((r: { code: string }) => r.code)).toEqual(['focus_overlap']);
  });

  it('lets a session through that ran while another was paused, and a minute of clock difference between devices', async () => {
    t.setNow(at(300));
    const phone = offline(0, 60, 30); // 30 focused minutes, paused from 10 to 40
    const laptop = offline(12, 37); // 25 minutes inside the phone's pause
    const skewed = offline(59, 84); // starts a minute before the phone's session ends
    const r = await send(phone, laptop, skewed);
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toHaveLength(3);
    expect(await focusXp()).toBe(30 + 25 + 25);
  });

  it('places a session from a clock hours ahead as if it had just ended, so it cannot block the real hours later', async () => {
    t.setNow(at(0));
    const ahead = offline(180, 205); // a device three hours fast: "10 o'clock" reads 13:00
    const r0 = await send(ahead);
    expect(r0.rejected).toEqual([]);
    expect(r0.accepted).toEqual([ahead.event.id]);
    t.setNow(at(205));
    // the real session at 13:00–13:25 is not the fast device's; it is rewarded
    const real = offline(180, 205);
    expect((await send(real)).accepted).toEqual([real.event.id]);
    // but a second session over the minutes the fast one was placed at (09:35–10:00) is refused
    const over = offline(-25, 0);
    expect((await send(over)).rejected.map((x: { code: string }) => x.code)).toEqual(['focus_overlap']);
  });

  it('finds the overlap by the sessions’ own times, whatever day the event claims', async () => {
    t.setNow(at(7 * 24 * 60));
    const real = offline(0, 25);
    expect((await send(real)).accepted).toEqual([real.event.id]);
    // The same minutes again, with the event dated three days later (as an offline backlog would be).
    const laid = offline(5, 30);
    laid.event = { ...laid.event, created_at: at(3 * 24 * 60).toISOString(), local_date: '2026-11-27' };
    expect((await send(laid)).rejected.map((r: { code: string }) => r.code)).toEqual(['focus_overlap']);
  });

  it('reads the sessions near a pushed one by indexes: (user, started_at), and (user, date) for moved ones', async () => {
    const plan = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${REWARDED_FOCUS_SQL}`, args: ['u', '2026-11-24T08:00:00.000Z', '2026-11-24T10:00:00.000Z', '2026-11-23', '2026-11-25'] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(plan).toMatch(/SEARCH f USING INDEX idx_focus_user \(user_id=\? AND started_at>\? AND started_at<\?\)/);
    expect(plan).toMatch(/SEARCH e USING INDEX idx_activity_events_entity \(user_id=\? AND entity_id=\?\)/);
    expect(plan).toMatch(/SEARCH e USING INDEX idx_activity_events_user_date \(user_id=\? AND local_date>\? AND local_date<\?\)/);
    expect(plan).not.toMatch(/idx_activity_events_user_type/);
  });

  it('gives no focus time to a session whose times make no sense, and answers without a 500', async () => {
    t.setNow(at(300));
    const cases = [
      ['1969-12-31T23:30:00.000Z', '1969-12-31T23:55:00.000Z'],
      ['2026-11-24T10:25:00.000Z', '2026-11-24T10:00:00.000Z'], // ends before it starts
    ];
    for (const [started, completed] of cases) {
      const s = offline(0, 25);
      s.change.fields = { ...s.change.fields, started_at: started, completed_at: completed };
      const r = await send(s);
      expect(r.rejected.map((x: { code: string }) => x.code), started).toEqual(['focus_too_short']);
    }
    // Times outside four-digit years are not ISO-8601 times the row contract takes: the row is
    // refused (invalid_field) and its event names nothing.
    for (const [started, completed] of [
      ['-271821-04-20T00:00:00.000Z', '-271821-04-20T00:25:00.000Z'], // the first date JavaScript has
      ['+275760-09-12T23:00:00.000Z', '+275760-09-12T23:25:00.000Z'], // the last
    ]) {
      const s = offline(0, 25);
      s.change.fields = { ...s.change.fields, started_at: started, completed_at: completed };
      const r = await send(s);
      expect(r.changeErrors.map((x: { code: string }) => x.code), started).toEqual(['invalid_field']);
      expect(r.rejected.map((x: { code: string }) => x.code), started).toEqual(['unknown_entity']);
    }
    expect(await focusXp()).toBe(0);
  });

  it('rewards at most 16 focus sessions a day, each for its own focused minutes', async () => {
    t.setNow(at(23 * 60));
    const sessions = Array.from({ length: 17 }, (_, i) => offline(i * 30, i * 30 + 25, 0, 25));
    const r = await send(...sessions);
    expect(r.accepted).toHaveLength(16);
    expect(r.rejected).toEqual([{ id: sessions[16].event.id, code: 'daily_cap_reached', message: expect.any(String) }]);
    expect(await focusXp()).toBe(16 * 25);
    // with Deep Focus (50 XP, 25 coins) and Focus Master (10 in a week: 200 XP, 100 coins)
    expect(await progressOf(t, 'focus-a@example.com')).toMatchObject({ total_xp: 16 * 25 + 50 + 200, coins: 16 * 10 + 25 + 100 });
  });
});
