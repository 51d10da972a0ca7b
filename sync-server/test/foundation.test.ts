import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { createApp } from '../src/app.ts';
import { loadEnv, EnvError } from '../src/env.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { LATEST_VERSION } from '../src/db/migrate.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: '4096' });
});
afterAll(() => t.close());

describe('the API basics', () => {
  it('answers health with the database version', async () => {
    const res = await t.req('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, dbVersion: LATEST_VERSION });
  });

  it('answers an unknown API route with the one error shape', async () => {
    const res = await t.req('/api/nope');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(typeof body.error.message).toBe('string');
  });

  it('refuses malformed JSON with a 400 and the error shape', async () => {
    const res = await t.req('/api/auth/dev-login', { body: '{"email": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toMatch(/invalid_json|bad_request/);
  });

  it('refuses wrong types and unknown fields with 422 and the issues', async () => {
    const res = await t.req('/api/auth/dev-login', { body: { email: 42 } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Array.isArray(body.error.details)).toBe(true);
    const extra = await t.req('/api/auth/dev-login', { body: { email: 'a@b.co', admin: true } });
    expect(extra.status).toBe(422);
    const users = await t.db.execute('SELECT COUNT(*) AS n FROM users');
    expect(Number(users.rows[0].n)).toBe(0);
  });

  it('refuses an oversized body with 413 and writes nothing', async () => {
    const res = await t.req('/api/auth/dev-login', { body: { email: 'big@example.com', name: 'x'.repeat(10_000) } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    const users = await t.db.execute("SELECT COUNT(*) AS n FROM users WHERE email = 'big@example.com'");
    expect(Number(users.rows[0].n)).toBe(0);
  });

  it('refuses a state-changing request from a foreign origin', async () => {
    const res = await t.req('/api/auth/dev-login', { body: { email: 'csrf@example.com' }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_rejected');
  });

  it('requires a session for sync', async () => {
    const res = await t.req('/api/sync/pull');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });
});

describe('serving the PWA', () => {
  const dist = mkdtempSync(join(tmpdir(), 'ignition-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Ignition</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  const app = () => createApp({ db: t.db, env: t.env }, { distDir: dist });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('marks hashed assets immutable', async () => {
    const res = await app().request('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
  });

  it('never lets index.html or sw.js be cached without revalidation', async () => {
    for (const p of ['/', '/index.html', '/sw.js']) {
      const res = await app().request(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('falls back to index.html for client routes but not for missing files or API routes', async () => {
    const page = await app().request('/habits/123');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Ignition</title>');
    expect((await app().request('/missing.png')).status).toBe(404);
    expect((await app().request('/api/unknown')).status).toBe(404);
  });

  it('does not serve files outside dist', async () => {
    const res = await app().request('/../package.json');
    expect(await res.text()).not.toContain('"name": "ignition"');
  });
});

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ REQUIRE_APPROVAL: 'maybe' }, /REQUIRE_APPROVAL/],
    [{ AUTH_DEV_LOGIN: 'true', HOST: '0.0.0.0' }, /AUTH_DEV_LOGIN/],
    [{ AUTH_DEV_LOGIN: 'true', NODE_ENV: 'production' }, /AUTH_DEV_LOGIN/],
    [{ GOOGLE_CLIENT_ID: 'x' }, /GOOGLE_CLIENT_SECRET/],
  ])('rejects %o with one line naming the variable', (env, re) => {
    expect(() => loadEnv(env)).toThrow(EnvError);
    try {
      loadEnv(env);
    } catch (e) {
      expect((e as Error).message).toMatch(re);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('turns dev login on by default only on loopback without OAuth', () => {
    expect(loadEnv({}).AUTH_DEV_LOGIN).toBe(true);
    expect(loadEnv({ HOST: '0.0.0.0' }).AUTH_DEV_LOGIN).toBe(false);
    expect(loadEnv({ OIDC_ISSUER: 'http://127.0.0.1:9/x', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }).AUTH_DEV_LOGIN).toBe(false);
  });
});

describe('starting the server process', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'sync-server/src/start.ts'], {
      env: { ...process.env, SKIP_BUILD: '1', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('stops with one clear line when the database path is not writable', () => {
    // A regular file where a folder should be: unwritable even for root.
    const dir = mkdtempSync(join(tmpdir(), 'ignition-ro-'));
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = run({ DATABASE_URL: `file:${join(dir, 'not-a-folder', 'x.db')}`, PORT: '0' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATABASE_URL .* not writable/);
  });

  it('stops with one clear line when the folder cannot be created (a read-only virtual file system)', () => {
    const r = run({ DATABASE_URL: 'file:/proc/ignition-nope/data/x.db', PORT: '0' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATABASE_URL file:\/proc\/ignition-nope\/data\/x\.db is not writable/);
  });

  it('stops with one clear line for a malformed DATABASE_URL', () => {
    const r = run({ DATABASE_URL: 'mysql://nope' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATABASE_URL/);
  });

  it('stops with one clear line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'ignition-port-'));
    const r = run({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'x.db')}` });
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`Port ${port} .*in use`));
  });
});
