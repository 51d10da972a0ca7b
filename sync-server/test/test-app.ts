import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { createApp } from '../src/app.ts';
import { loadEnv, type Env } from '../src/env.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';

export const ORIGIN = 'http://127.0.0.1:8787';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Client;
  env: Env;
  url: string;
  /** dev-login as this email; returns the Cookie header value */
  signIn(email: string, name?: string): Promise<string>;
  /** JSON request helper with the session cookie and a same-origin Origin header */
  req(path: string, init?: { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  setNow(d: Date | undefined): void;
  close(): void;
}

/** A real server app on a freshly migrated libSQL file in a temp folder. */
export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  // DATABASE_DRIVER=client and DB_CALL_DELAY_MS run a suite through @libsql/client with a network's delay (the remote path).
  const db = await openDatabase(url, undefined, { driver: process.env.DATABASE_DRIVER === 'client' ? 'client' : 'auto', callDelayMs: Number(process.env.DB_CALL_DELAY_MS ?? 0) });
  await migrate(db);
  await seedSharedContent(db);
  // Tests stand in for a reverse proxy (TRUST_PROXY) so each can sign in from its own address.
  const env = loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', TRUST_PROXY: 'true', DATABASE_URL: url, ...envOverrides });
  let fixedNow: Date | undefined;
  const app = createApp({ db, env, now: () => fixedNow ?? new Date() });
  const req: TestApp['req'] = (path, init = {}) =>
    Promise.resolve(
      app.request(path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          origin: ORIGIN,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...(init.headers ?? {}),
        },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      }),
    );
  return {
    app,
    db,
    env,
    url,
    req,
    setNow: (d) => void (fixedNow = d),
    async signIn(email, name) {
      const res = await req('/api/auth/dev-login', { body: { email, ...(name ? { name } : {}) } });
      if (res.status !== 200) throw new Error(`dev-login failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie') ?? '';
      return cookie.split(';')[0];
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
