import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadEnv } from '../src/env.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import type { AuthzEntry } from './authz/types.ts';
import { journal, pushOk } from './sync-helpers.ts';

/**
 * The authorization matrix: every route the app registers, called as anonymous, user A, user B,
 * a pending user and an admin. Entries come from every `authz/*.entries.ts`; a route without one fails.
 */
const here = dirname(fileURLToPath(import.meta.url));
const entryFiles = readdirSync(join(here, 'authz')).filter((f) => f.endsWith('.entries.ts')).sort();
const ENTRIES: Array<AuthzEntry & { file: string }> = [];
for (const file of entryFiles) {
  const mod = (await import(pathToFileURL(join(here, 'authz', file)).href)) as { default: AuthzEntry[] };
  for (const e of mod.default) ENTRIES.push({ ...e, file });
}
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** The routes as Hono registered them (one per method and path, middleware collapsed). */
function appRoutes(app = createApp({ db: null as never, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: ':memory:' }) })): string[] {
  const out = new Set<string>();
  for (const r of app.routes) {
    // `use('/api/*')` middleware, the /api catch-all and the static fallback are not routes of their own.
    if (r.path.endsWith('*')) continue;
    out.add(key(r.method, r.path));
  }
  return [...out].sort();
}
const ROUTES = appRoutes();
const byKey = new Map(ENTRIES.map((e) => [key(e.method, e.path), e]));
const covered = ENTRIES.filter((e) => ROUTES.includes(key(e.method, e.path)));

/** A concrete URL for a route pattern: every `:param` becomes an id nobody owns. */
const concrete = (path: string) => path.replace(/:[A-Za-z_]+(\{[^}]*\})?\??/g, '0190a8c4-0000-7000-8000-00000000dead');

describe('the authorization matrix covers every route', () => {
  it('has an entry for every route the app registers', () => {
    const missing = ROUTES.filter((k) => !byKey.has(k));
    expect(missing, `routes without an entry in sync-server/test/authz/*.entries.ts:\n${missing.join('\n')}`).toEqual([]);
  });

  it('would notice a route added without an entry', () => {
    const app = createApp({ db: null as never, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: ':memory:' }) });
    app.post('/api/user/brand-new-thing', (c) => c.json({}));
    expect(appRoutes(app).filter((k) => !byKey.has(k))).toContain('POST /api/user/brand-new-thing');
  });

  it('has no entries for routes that do not exist', () => {
    const stale = ENTRIES.filter((e) => !ROUTES.includes(key(e.method, e.path))).map((e) => `${key(e.method, e.path)} (${e.file})`);
    expect(stale, `entries for routes the app does not register:\n${stale.join('\n')}`).toEqual([]);
  });

  it('declares each route once', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const e of ENTRIES) {
      const k = key(e.method, e.path);
      if (seen.has(k)) dupes.push(`${k} (${seen.get(k)} and ${e.file})`);
      seen.set(k, e.file);
    }
    expect(dupes).toEqual([]);
  });
});

describe('who may call what', () => {
  let t: TestApp;
  const who = { a: '', b: '', pending: '', admin: '' };
  /** rows user A made for the `foreign` checks; B must never see them anywhere */
  const aRowIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ REQUIRE_APPROVAL: 'true', ADMIN_EMAILS: 'admin@matrix.example' });
    who.a = await t.signIn('a@matrix.example', 'Alice Matrix');
    who.b = await t.signIn('b@matrix.example', 'Bob Matrix');
    who.pending = await t.signIn('pending@matrix.example', 'Pat Pending');
    who.admin = await t.signIn('admin@matrix.example', 'Ada Admin');
    await t.db.execute("UPDATE users SET approved = 1 WHERE email IN ('a@matrix.example', 'b@matrix.example')");
    const j = journal('2026-11-20');
    await pushOk(t, who.a, [j.change], [j.event]);
    aRowIds.push(j.change.id, j.event.id);
  });
  afterAll(() => t.close());

  const call = (e: AuthzEntry, cookie?: string, path = concrete(e.path), body = e.body) =>
    t.req(path, { method: e.method, cookie, body: e.method === 'GET' ? undefined : (body ?? {}) });

  const guarded = covered.filter((e) => e.access !== 'public');
  it.each(guarded.map((e) => [key(e.method, e.path), e] as const))('%s refuses anonymous callers with 401', async (_k, e) => {
    const res = await call(e);
    expect(res.status, await res.clone().text()).toBe(401);
  });

  const adminOnly = covered.filter((e) => e.access === 'admin');
  it.each(adminOnly.map((e) => [key(e.method, e.path), e] as const))('%s refuses a normal user and a pending user with 403', async (_k, e) => {
    for (const cookie of [who.a, who.pending]) {
      const res = await call(e, cookie);
      expect(res.status, await res.clone().text()).toBe(403);
    }
  });

  const adminReads = adminOnly.filter((e) => e.method === 'GET' && !e.path.includes(':'));
  it.each(adminReads.map((e) => [key(e.method, e.path), e] as const))('%s answers an admin', async (_k, e) => {
    const res = await call(e, who.admin);
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  });

  const syncRoutes = covered.filter((e) => e.path.startsWith('/api/sync/'));
  it.each(syncRoutes.map((e) => [key(e.method, e.path), e] as const))('%s answers a pending user with the approval code', async (_k, e) => {
    const res = await call(e, who.pending);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('approval_pending');
  });

  it.each(covered.filter((e) => e.access === 'public').map((e) => [key(e.method, e.path), e] as const))('%s is open to anonymous callers without a server error', async (_k, e) => {
    const res = await call(e);
    expect(res.status).toBeLessThan(500);
  });

  const foreign = covered.filter((e) => e.foreign);
  /** Sends user A's row's request as someone else: a 4xx, A's row unchanged, none of its words in the reply. */
  async function refusesForeign(e: AuthzEntry, cookie: string) {
    const f = await e.foreign!(t, who.a);
    aRowIds.push(f.rowId);
    const snapshot = async () => JSON.stringify((await t.db.execute({ sql: `SELECT * FROM "${f.rowTable}" WHERE id = ?`, args: [f.rowId] })).rows[0] ?? null);
    const before = await snapshot();
    expect(before, `the foreign setup did not create ${f.rowTable}/${f.rowId}`).not.toBe('null');
    const res = await call(e, cookie, f.path, f.body);
    const text = await res.text();
    // 409 ("that id is taken") is a refusal too: it reveals no content, only that an id exists.
    expect([403, 404, 409], text).toContain(res.status);
    expect(await snapshot()).toBe(before);
    // None of A's row's own words travel in the refusal.
    const row = JSON.parse(before) as Record<string, unknown>;
    const words = Object.entries(row)
      .filter(([k, v]) => typeof v === 'string' && v.length >= 6 && !/(^id$|_id$|Id$|_at$|date|time)/.test(k) && !/^\d{4}-\d\d-\d\d/.test(v))
      .map(([, v]) => v as string);
    for (const w of words) expect(text).not.toContain(w);
  }
  it.each(foreign.map((e) => [key(e.method, e.path), e] as const))("%s never lets user B read or change user A's row", async (_k, e) => {
    await refusesForeign(e, who.b);
  });

  // Being an admin or waiting for approval gives no way into another person's rows through their routes either.
  it.each(foreign.map((e) => [key(e.method, e.path), e] as const))("%s never lets an admin or a pending user read or change user A's row", async (_k, e) => {
    await refusesForeign(e, who.admin);
    await refusesForeign(e, who.pending);
  });

  /** what a pending (or denied) user may still do: their account itself; every other signed-in route waits for approval */
  const PENDING_MAY = new Set(['POST /api/auth/logout-all', 'GET /api/auth/approval-status', 'POST /api/auth/verify-age', 'POST /api/auth/accept-tos', 'GET /api/user/export', 'POST /api/user/delete']);
  const pendingRefused = covered.filter((e) => e.access === 'user' && !PENDING_MAY.has(key(e.method, e.path)));
  it.each(pendingRefused.map((e) => [key(e.method, e.path), e] as const))('%s answers a pending user with the approval code and writes nothing', async (_k, e) => {
    const count = async () => Number((await t.db.execute("SELECT count(*) AS n FROM activity_events")).rows[0].n);
    const before = await count();
    const res = await call(e, who.pending);
    expect(res.status, await res.clone().text()).toBe(403);
    expect((await res.json()).error.code).toBe('approval_pending');
    expect(await count()).toBe(before);
  });

  it('keeps the list of what a pending user may call to real routes', () => {
    expect([...PENDING_MAY].filter((k) => !byKey.has(k))).toEqual([]);
  });

  // CSRF: every state-changing route, called with a signed-in cookie from a foreign page, is refused before it runs.
  const changing = covered.filter((e) => e.method !== 'GET');
  it.each(changing.map((e) => [key(e.method, e.path), e] as const))('%s refuses a foreign Origin', async (_k, e) => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:8788']) {
      const res = await t.req(concrete(e.path), { method: e.method, cookie: who.a, body: e.body ?? {}, headers: { origin } });
      expect(res.status, `${origin}: ${await res.clone().text()}`).toBe(403);
      expect((await res.json()).error.code).toBe('csrf_rejected');
    }
  });

  it("never shows user A's rows to user B, an admin or a pending user in any list, in pull or in an export", async () => {
    if (aRowIds.length <= 2) for (const e of foreign) aRowIds.push((await e.foreign!(t, who.a)).rowId);
    const lists = covered.filter((e) => e.method === 'GET' && e.access === 'user' && !e.path.includes(':'));
    for (const e of lists) {
      for (const [name, cookie] of [['B', who.b], ['an admin', who.admin], ['a pending user', who.pending]] as const) {
        const res = await call(e, cookie);
        const text = await res.text();
        for (const id of aRowIds) expect(text, `${key(e.method, e.path)} leaked ${id} to ${name}`).not.toContain(id);
      }
    }
  });
});
