import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashToken } from '../src/auth/session.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { journal, push, pushOk } from './sync-helpers.ts';

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const userRow = async (t: TestApp, email: string) =>
  (await t.db.execute({ sql: 'SELECT * FROM users WHERE email = ?', args: [email] })).rows[0] as unknown as Record<string, unknown>;

describe('the seed account flows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAILS: 'boss@example.com', REQUIRE_APPROVAL: 'true' });
  });
  afterAll(() => t.close());

  it('makes ADMIN_EMAILS admins, approved, with the terms accepted', async () => {
    const cookie = await t.signIn('Boss@Example.com');
    const u = await userRow(t, 'boss@example.com');
    expect(u).toMatchObject({ role: 'admin', approved: 1, tos_accepted: 1, tos_version: t.env.TOS_VERSION });
    expect(u.tos_accepted_at).toBeTruthy();
    expect((await json(await t.req('/api/auth/approval-status', { cookie }))).body).toEqual({ status: 'approved', denial_reason: null });
  });

  it('keeps new users pending under REQUIRE_APPROVAL; sync answers approval_pending, local use is unaffected', async () => {
    const cookie = await t.signIn('newbie@example.com');
    expect((await json(await t.req('/api/auth/approval-status', { cookie }))).body).toEqual({ status: 'pending', denial_reason: null });
    const pushed = await json(await push(t, cookie, [journal('2026-11-20').change]));
    expect(pushed.status).toBe(403);
    expect(pushed.body.error.code).toBe('approval_pending');
    const pulled = await json(await t.req('/api/sync/pull', { cookie }));
    expect(pulled.body.error.code).toBe('approval_pending');
    // The session itself still works: the app can show the state.
    expect((await json(await t.req('/api/auth/me', { cookie }))).body.user.email).toBe('newbie@example.com');
  });

  it('tells a denied user the reason, and sync answers approval_denied', async () => {
    const cookie = await t.signIn('spam@example.com');
    await t.db.execute({ sql: "UPDATE users SET approved = 0, denial_reason = 'Unknown to the club' WHERE email = ?", args: ['spam@example.com'] });
    expect((await json(await t.req('/api/auth/approval-status', { cookie }))).body).toEqual({ status: 'denied', denial_reason: 'Unknown to the club' });
    expect((await json(await t.req('/api/sync/pull', { cookie }))).body.error).toMatchObject({ code: 'approval_denied', message: expect.stringContaining('Unknown to the club') });
  });

  it('lets an approved user sync', async () => {
    const cookie = await t.signIn('approved@example.com');
    await t.db.execute({ sql: 'UPDATE users SET approved = 1 WHERE email = ?', args: ['approved@example.com'] });
    expect((await t.req('/api/sync/pull', { cookie })).status).toBe(200);
  });

  it('answers approval-status only to a signed-in user', async () => {
    expect((await t.req('/api/auth/approval-status')).status).toBe(401);
  });
});

describe('age verification and terms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a person under 16 with a clear message and records nothing', async () => {
    const cookie = await t.signIn('young@example.com');
    t.setNow(new Date('2026-11-26T12:00:00Z'));
    const res = await json(await t.req('/api/auth/verify-age', { cookie, body: { birth_date: '2010-11-27' } }));
    t.setNow(undefined);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'under_minimum_age', message: expect.stringContaining('16 or older') });
    expect(await userRow(t, 'young@example.com')).toMatchObject({ age_verified: 0, age_verified_at: null });
  });

  it('verifies a person who turns 16 today', async () => {
    const cookie = await t.signIn('sixteen@example.com');
    t.setNow(new Date('2026-11-26T12:00:00Z'));
    const res = await json(await t.req('/api/auth/verify-age', { cookie, body: { birth_date: '2010-11-26' } }));
    t.setNow(undefined);
    expect(res).toEqual({ status: 200, body: { ok: true, age_verified: true } });
    expect(await userRow(t, 'sixteen@example.com')).toMatchObject({ age_verified: 1, age_verified_at: '2026-11-26T12:00:00.000Z', birth_date: '2010-11-26' });
  });

  it.each([['2010-02-30'], ['yesterday'], ['1800-01-01'], ['2999-01-01']])('refuses the birth date %s with a 4xx', async (birth_date) => {
    const cookie = await t.signIn('dates@example.com');
    const res = await t.req('/api/auth/verify-age', { cookie, body: { birth_date } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await userRow(t, 'dates@example.com')).toMatchObject({ age_verified: 0 });
  });

  it('asks for the newer terms when the server’s version moved on, and syncs once they are accepted', async () => {
    const cookie = await t.signIn('terms@example.com');
    await t.db.execute({ sql: "UPDATE users SET tos_version = '2025-01-01' WHERE email = ?", args: ['terms@example.com'] });
    const blocked = await json(await t.req('/api/sync/pull', { cookie }));
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toMatchObject({ code: 'tos_required', details: { version: t.env.TOS_VERSION } });

    const stale = await json(await t.req('/api/auth/accept-tos', { cookie, body: { version: '2025-01-01' } }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('tos_version_mismatch');

    const ok = await json(await t.req('/api/auth/accept-tos', { cookie, body: { version: t.env.TOS_VERSION } }));
    expect(ok).toEqual({ status: 200, body: { ok: true, tos_version: t.env.TOS_VERSION } });
    expect(await userRow(t, 'terms@example.com')).toMatchObject({ tos_accepted: 1, tos_version: t.env.TOS_VERSION });
    expect((await t.req('/api/sync/pull', { cookie })).status).toBe(200);
  });

  it('updates last_activity_at on authenticated requests at most every few minutes', async () => {
    const at = (iso: string) => t.setNow(new Date(iso));
    at('2030-01-01T09:00:00Z');
    const cookie = await t.signIn('active@example.com');
    at('2030-01-01T10:00:00Z');
    await t.req('/api/auth/me', { cookie });
    expect((await userRow(t, 'active@example.com')).last_activity_at).toBe('2030-01-01T10:00:00.000Z');
    at('2030-01-01T10:03:00Z');
    await t.req('/api/auth/me', { cookie });
    expect((await userRow(t, 'active@example.com')).last_activity_at).toBe('2030-01-01T10:00:00.000Z');
    at('2030-01-01T10:06:00Z');
    await t.req('/api/auth/me', { cookie });
    expect((await userRow(t, 'active@example.com')).last_activity_at).toBe('2030-01-01T10:06:00.000Z');
    t.setNow(undefined);
  });
});

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const sessionRow = async (cookie: string) =>
    (await t.db.execute({ sql: 'SELECT * FROM sessions WHERE sessionToken = ?', args: [await hashToken(cookie.split('=')[1])] })).rows[0];

  it('uses random 256-bit tokens stored only as SHA-256 hashes', async () => {
    const a = await t.signIn('tok@example.com');
    const b = await t.signIn('tok@example.com');
    const token = a.split('=')[1];
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(await sessionRow(a)).toBeTruthy();
    const raw = await t.db.execute({ sql: 'SELECT count(*) AS n FROM sessions WHERE sessionToken = ?', args: [token] });
    expect(Number(raw.rows[0].n)).toBe(0);
  });

  it('slides the 30-day expiry, refreshed at most once a day', async () => {
    const start = new Date('2031-03-01T08:00:00Z');
    t.setNow(start);
    const cookie = await t.signIn('slide@example.com');
    expect((await sessionRow(cookie))!.expires).toBe('2031-03-31T08:00:00.000Z');
    t.setNow(new Date('2031-03-01T20:00:00Z'));
    const sameDay = await t.req('/api/auth/me', { cookie });
    expect(sameDay.headers.get('set-cookie')).toBeNull();
    expect((await sessionRow(cookie))!.expires).toBe('2031-03-31T08:00:00.000Z');
    t.setNow(new Date('2031-03-25T09:00:00Z'));
    const later = await t.req('/api/auth/me', { cookie });
    expect(later.headers.get('set-cookie')).toMatch(/Max-Age=2592000/);
    expect((await sessionRow(cookie))!.expires).toBe('2031-04-24T09:00:00.000Z');
    t.setNow(undefined);
  });

  it('ends an expired session (401 on sync) and cleans expired sessions away', async () => {
    t.setNow(new Date('2032-01-01T00:00:00Z'));
    const cookie = await t.signIn('expire@example.com');
    const other = await t.signIn('expire-other@example.com');
    t.setNow(new Date('2032-03-01T00:00:00Z'));
    expect((await t.req('/api/sync/pull', { cookie })).status).toBe(401);
    expect(await sessionRow(cookie)).toBeUndefined();
    // Any sign-in sweeps every expired session, not only the caller's.
    await t.signIn('sweeper@example.com');
    expect(await sessionRow(other)).toBeUndefined();
    t.setNow(undefined);
  });

  it('signs out one session, or every session of the user', async () => {
    const phone = await t.signIn('many@example.com');
    const laptop = await t.signIn('many@example.com');
    const tablet = await t.signIn('many@example.com');
    const out = await t.req('/api/auth/logout', { cookie: phone, body: {} });
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await sessionRow(phone)).toBeUndefined();
    expect(await sessionRow(laptop)).toBeTruthy();
    await t.req('/api/auth/logout-all', { cookie: laptop, body: {} });
    expect(await sessionRow(tablet)).toBeUndefined();
    expect((await t.req('/api/sync/pull', { cookie: tablet })).status).toBe(401);
  });
});

describe('dev login and request safety', () => {
  it('is off when disabled: the route answers 404', async () => {
    const t = await createTestApp({ AUTH_DEV_LOGIN: 'false' });
    try {
      const res = await t.req('/api/auth/dev-login', { body: { email: 'x@example.com' } });
      expect(res.status).toBe(404);
      expect((await (await t.req('/api/auth/providers')).json()).devLogin).toBe(false);
    } finally {
      t.close();
    }
  });

  it('refuses to start the server with dev login on a non-loopback host', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'sync-server/src/start.ts'], {
      env: { ...process.env, SKIP_BUILD: '1', AUTH_DEV_LOGIN: 'true', HOST: '0.0.0.0', PORT: '0', DATABASE_URL: ':memory:' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/AUTH_DEV_LOGIN.*loopback/);
  });

  it('refuses state-changing requests with a foreign Origin on every account route', async () => {
    const t = await createTestApp();
    try {
      const cookie = await t.signIn('csrf@example.com');
      for (const path of ['/api/auth/logout', '/api/auth/logout-all', '/api/auth/accept-tos', '/api/auth/verify-age', '/api/user/delete', '/api/sync/push']) {
        const res = await t.req(path, { cookie, body: { confirm: 'DELETE' }, headers: { origin: 'https://evil.example' } });
        expect(res.status, path).toBe(403);
        expect((await res.json()).error.code).toBe('csrf_rejected');
      }
      expect((await t.req('/api/auth/me', { cookie })).status).toBe(200);
      expect(await userRow(t, 'csrf@example.com')).toBeTruthy();
    } finally {
      t.close();
    }
  });

  it('rate-limits dev login with a clear 429 shared by every instance on the database', async () => {
    const t = await createTestApp();
    try {
      const other = createApp({ db: t.db, env: t.env });
      const headers = { 'x-forwarded-for': '198.51.100.9', origin: 'http://127.0.0.1:8787', 'content-type': 'application/json' };
      const call = (app: typeof other) => app.request('/api/auth/dev-login', { method: 'POST', headers, body: JSON.stringify({ email: 'rl@example.com' }) });
      for (let i = 0; i < 30; i++) expect((await call(i % 2 ? other : t.app)).status).toBe(200);
      const refused = await call(other);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect((await refused.json()).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('Too many sign-in attempts') });
    } finally {
      t.close();
    }
  });

  it('ignores an invented X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
    const t = await createTestApp({ TRUST_PROXY: 'false' });
    try {
      const call = (i: number) =>
        t.app.request('/api/auth/dev-login', {
          method: 'POST',
          headers: { 'x-forwarded-for': `192.0.2.${i}`, origin: 'http://127.0.0.1:8787', 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'spoof@example.com' }),
        });
      for (let i = 0; i < 30; i++) expect((await call(i)).status).toBe(200);
      expect((await call(99)).status).toBe(429);
    } finally {
      t.close();
    }
  });

  it('keeps pushing possible for a normal signed-in user', async () => {
    const t = await createTestApp();
    try {
      const cookie = await t.signIn('normal@example.com');
      await pushOk(t, cookie, [journal('2026-11-20').change]);
    } finally {
      t.close();
    }
  });
});
