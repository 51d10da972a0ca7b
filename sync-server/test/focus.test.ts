import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';

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

  it('needs a signed-in user and a well-formed id', async () => {
    expect((await t.req('/api/focus')).status).toBe(401);
    expect((await t.req('/api/focus/bad%20id!/pause', { cookie: a, method: 'POST' })).status).toBe(422);
  });
});
