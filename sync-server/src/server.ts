import { existsSync, mkdirSync, accessSync, constants, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@libsql/client';
import { createApp } from './app.ts';
import { loadEnv, type Env } from './env.ts';
import { openDatabase } from './db/client.ts';
import { EmbeddedClient } from './db/embedded.ts';
import { startCheckpointer } from './db/checkpointer.ts';
import { migrate } from './db/migrate.ts';
import { seedSharedContent } from './db/seed-content.ts';
import { startPushScheduler } from './services/push-scheduler.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the built PWA lives; IGNITION_DIST_DIR lets parallel test runs build into their own folders. */
export const DIST_DIR = resolve(PROJECT_ROOT, process.env.IGNITION_DIST_DIR ?? 'dist');

export class StartupError extends Error {}

/**
 * Creates the missing folders of `dir` one level at a time. Node's recursive mkdir loops forever under
 * some virtual file systems (e.g. `/proc/x/y`), so the nearest existing ancestor is found first.
 */
function makeFolders(dir: string) {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
  for (const folder of missing) mkdirSync(folder);
}

/** Makes sure a file: database's folder exists and is writable, with a clear message when not. */
function prepareDatabasePath(url: string) {
  if (!url.startsWith('file:')) return;
  const path = resolve(PROJECT_ROOT, url.slice('file:'.length).replace(/^\/\/(?=\/)/, ''));
  const dir = dirname(path);
  try {
    makeFolders(dir);
    if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
    accessSync(dir, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch (e) {
    throw new StartupError(`DATABASE_URL ${url} is not writable: ${(e as Error).message}`);
  }
}

export async function openAndMigrate(env: Env): Promise<Client> {
  prepareDatabasePath(env.DATABASE_URL);
  let db: Client | undefined;
  try {
    // Instances starting together on one database take turns: a busy lock is waited out.
    for (let attempt = 1; ; attempt++) {
      try {
        db = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN, { driver: env.DATABASE_DRIVER, callDelayMs: env.DB_CALL_DELAY_MS });
        await migrate(db);
        await seedSharedContent(db);
        break;
      } catch (e) {
        db?.close();
        if (attempt >= 5 || !/SQLITE_BUSY|database is locked/i.test(String((e as Error).message))) throw e;
        await new Promise((r) => setTimeout(r, 200 * attempt + Math.random() * 200));
      }
    }
  } catch (e) {
    if (e instanceof StartupError) throw e;
    throw new StartupError(`Cannot open or migrate the database at ${env.DATABASE_URL}: ${(e as Error).message}`);
  }
  return db;
}

/** While the checkpointer thread runs, a commit checkpoints only past this many WAL pages (40 MB). */
const CHECKPOINTER_SAFETY_PAGES = 10_000;
/** SQLite's own `wal_autocheckpoint`, back in force if the thread dies. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

function startWalCheckpointer(db: EmbeddedClient, file: string) {
  db.setAutocheckpoint(CHECKPOINTER_SAFETY_PAGES);
  return startCheckpointer(file, {
    onFailure: (e) => {
      console.error(`ignition: the WAL checkpointer thread stopped (${(e as Error).message ?? e}); commits checkpoint the log again`);
      db.setAutocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES);
    },
  });
}

export async function startServer(source: Record<string, string | undefined> = process.env, opts: { distDir?: string } = {}) {
  const env = loadEnv(source);
  const db = await openAndMigrate(env);
  const app = createApp({ db, env }, { distDir: opts.distDir ?? DIST_DIR });
  const server = await new Promise<ServerType>((resolveListen, reject) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolveListen(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new StartupError(
          err.code === 'EADDRINUSE'
            ? `Port ${env.PORT} on ${env.HOST} is already in use (set PORT to another one)`
            : `Cannot listen on ${env.HOST}:${env.PORT}: ${err.message}`,
        ),
      );
    });
  });
  // Only a listening server gets the WAL checkpointer thread: a start that fails exits without one.
  const checkpointer = db instanceof EmbeddedClient && db.file ? startWalCheckpointer(db, db.file) : null;
  if (checkpointer) server.once('close', () => void checkpointer.stop());
  // Reminders: every instance may run the scheduler (reminders are claimed with a lease).
  if (env.PUSH_SCHEDULER) server.once('close', startPushScheduler({ db, env }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return { server, checkpointer, db, env, app, port, url: `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}` };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the PWA when dist/ is missing or older than its sources (`npm start` and the e2e tests). */
export function buildIfNeeded(log = true) {
  const index = join(DIST_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(join(PROJECT_ROOT, 'client')),
    newestMtime(join(PROJECT_ROOT, 'shared-schema', 'src')),
    newestMtime(join(PROJECT_ROOT, 'public')),
    statSync(join(PROJECT_ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  if (log) console.log('Building the app (first start or changed sources)…');
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', DIST_DIR, '--emptyOutDir'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new StartupError('The client build failed (see above)');
}
