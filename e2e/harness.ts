import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, buildIfNeeded } from '../sync-server/src/server.ts';

/**
 * End-to-end tests drive the real built PWA in the system Chromium against a real server
 * on a temporary libSQL file. Without Chromium they are skipped loudly, unless REQUIRE_E2E=1.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAVE_CHROMIUM) {
  const msg = `!!! Chromium not found at ${CHROMIUM_PATH}: end-to-end tests are SKIPPED (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_E2E === '1') throw new Error(`${msg} — REQUIRE_E2E=1 makes this a failure`);
  console.warn(msg);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the PWA when dist/ is older than its sources. */
export function ensureBuilt() {
  buildIfNeeded(false);
}

export interface TestServer {
  url: string;
  dbPath: string;
  db: Awaited<ReturnType<typeof startServer>>['db'];
  stop(): Promise<void>;
}

/** Signed in and synced once, then offline with the app reloaded from its cache: where most offline tests begin. */
export async function signedInThenOffline(device: TestBrowser, url: string, email: string) {
  await openApp(device.page, url);
  await signIn(device.page, email);
  await syncAndWait(device.page);
  await setOffline(device.context, true);
  await device.page.reload();
}

/**
 * The test server and the browser devices a describe block shares: started before its first
 * test, closed after its last (devices, then the server, then `after`). `useWorld(['phone',
 * 'laptop'])` gives `w.server`, `w.phone` and `w.laptop`.
 */
export function useWorld<D extends string>(
  devices: readonly D[],
  opts: { env?: () => Record<string, string> | Promise<Record<string, string>>; after?: () => Promise<void> } = {},
): { server: TestServer } & Record<D, TestBrowser> {
  const world = {} as { server: TestServer } & Record<D, TestBrowser>;
  const browsers = world as unknown as Record<string, TestBrowser | undefined>;
  beforeAll(async () => {
    world.server = await startTestServer(await opts.env?.());
    for (const name of devices) browsers[name] = await newDevice();
  });
  afterAll(async () => {
    for (const name of devices) await browsers[name]?.close();
    await world.server?.stop();
    await opts.after?.();
  });
  return world;
}

export async function startTestServer(extraEnv: Record<string, string> = {}, opts: { distDir?: string } = {}): Promise<TestServer> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ignition-e2e-'));
  const dbPath = join(dir, 'e2e.db');
  const s = await startServer({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${dbPath}`, AUTH_DEV_LOGIN: 'true', ...extraEnv }, opts);
  const url = s.url;
  // PUBLIC_URL must match the real origin for the CSRF check; the port is only known now.
  s.env.PUBLIC_URL = url;
  return {
    url,
    dbPath,
    db: s.db,
    async stop() {
      await new Promise<void>((r) => s.server.close(() => r()));
      s.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser profile (its own IndexedDB and service worker), like a new device. */
export async function newDevice(): Promise<TestBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 850 },
    serviceWorkers: 'allow',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until the service worker controls the page, so it can load offline. */
export async function openApp(page: Page, url: string) {
  await page.goto(url);
  // The worker installs on the first visit and controls the page from the next load on.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

/** Signs in with dev login from inside the page, as the Settings screen does. */
export async function signIn(page: Page, email: string, name = 'Test Person') {
  await page.evaluate(
    async ({ email, name }) => {
      const res = await fetch('/api/auth/dev-login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, name }),
      });
      if (!res.ok) throw new Error(`dev login failed: ${res.status}`);
    },
    { email, name },
  );
  await page.reload();
}

const OFFLINE_FLAG = '__ignition_e2e_offline';
const offlineAware = new WeakSet<BrowserContext>();

/**
 * Takes a device off the network or back on. Chromium's offline emulation (context.setOffline)
 * blocks every request, but a page reloaded while offline can read navigator.onLine as the
 * machine's own state again (seen here once the machine had a network of its own), so the
 * app would start a sync it cannot finish. An init script keeps navigator.onLine false in
 * every document the tab loads while it is offline, as a phone's browser reports it; going back
 * online tells the page so.
 */
export async function setOffline(context: BrowserContext, offline: boolean) {
  if (!offlineAware.has(context)) {
    offlineAware.add(context);
    await context.addInitScript((flag: string) => {
      const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine');
      Object.defineProperty(Navigator.prototype, 'onLine', {
        configurable: true,
        get() {
          return sessionStorage.getItem(flag) === '1' ? false : (real?.get?.call(this) as boolean);
        },
      });
    }, OFFLINE_FLAG);
  }
  await context.setOffline(offline);
  for (const page of context.pages()) {
    await page
      .evaluate(
        ([flag, off]) => {
          if (off) sessionStorage.setItem(flag, '1');
          else if (sessionStorage.getItem(flag) === '1') {
            sessionStorage.removeItem(flag);
            window.dispatchEvent(new Event('online'));
          }
        },
        [OFFLINE_FLAG, offline] as const,
      )
      .catch(() => undefined);
  }
}

/** Waits until the sync status says everything is synced and nothing is pending. */
export async function waitForSynced(page: Page, timeout = 30_000) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="sync-status"]');
      return el?.getAttribute('data-phase') === 'synced' && el.getAttribute('data-pending') === '0';
    },
    null,
    { timeout },
  );
}

/** Asks the app to sync now (the "Sync now" button) and waits for that sync, not an earlier one, to settle. */
export async function syncAndWait(page: Page, timeout = 30_000) {
  const status = page.locator('[data-testid="sync-status"]');
  const btn = status.locator('button');
  if (await btn.count()) {
    const before = (await status.getAttribute('data-synced-at')) ?? '';
    await btn.first().click();
    await page.waitForFunction(
      (prev) => {
        const el = document.querySelector('[data-testid="sync-status"]');
        return el?.getAttribute('data-phase') === 'synced' && el.getAttribute('data-pending') === '0' && (el.getAttribute('data-synced-at') ?? '') !== prev;
      },
      before,
      { timeout },
    );
    return;
  }
  await waitForSynced(page, timeout);
}
