import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR } from '../sync-server/src/server.ts';
import { ensureBuilt, HAVE_CHROMIUM, newDevice, openApp, setOffline, startTestServer, useWorld, type TestBrowser, type TestServer } from './harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('the app shell offline', () => {
  const w = useWorld(['device']);

  it('opens offline after the first visit and navigates between pages', async () => {
    const { page, context } = w.device;
    await openApp(page, w.server.url);
    await page.locator('h1').first().waitFor();
    await setOffline(context, true);
    await page.reload();
    await page.getByRole('link', { name: /Today/ }).first().waitFor();
    for (const [label, heading] of [
      ['Habits', 'Habits'],
      ['Books', 'Books'],
      ['Progress', 'Progress'],
    ]) {
      await page.locator('.side-nav').getByRole('link', { name: label }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 10_000 });
      expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain(heading);
    }
    const status = await page.locator('[data-testid="sync-status"]').getAttribute('data-phase');
    expect(['offline', 'local', 'signed-out']).toContain(status);
    await setOffline(context, false);
  });

  it('opens each screen straight from its address, again and again, online and offline', async () => {
    const { page, context } = w.device;
    await openApp(page, w.server.url);
    // A screen's chunk is cached after the first visit; loading it again must not get stuck on
    // "Loading…" (a preload started while the entry module was still evaluating could).
    for (const offline of [false, true]) {
      await setOffline(context, offline);
      for (const [path, heading] of [
        ['/settings', 'Settings'],
        ['/settings?signed_in=1', 'Settings'],
        ['/habits', 'Habits'],
        ['/', null],
        ['/settings', 'Settings'],
      ] as const) {
        await page.goto(`${w.server.url}${path}`);
        if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 10_000 });
        else await page.getByTestId('today-content').waitFor({ timeout: 10_000 });
      }
    }
    await setOffline(context, false);
  });

  it('shows the device’s own time zone in Settings, even one the browser’s zone list leaves out', async () => {
    const { page } = w.device;
    for (const zone of ['UTC', 'Asia/Tokyo']) {
      const cdp = await w.device.context.newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: zone });
      await page.goto(`${w.server.url}/settings`);
      const select = page.getByLabel(/Time zone/);
      await select.waitFor();
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
      expect(await select.inputValue()).toBe(zone);
      await cdp.detach();
    }
  });

  it('serves a manifest with real icons', async () => {
    const res = await fetch(`${w.server.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const m = await res.json();
    expect(m.display).toBe('standalone');
    expect(m.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(m.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
    for (const icon of m.icons) {
      const r = await fetch(`${w.server.url}${icon.src}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/png');
    }
  });
});

describe.skipIf(!HAVE_CHROMIUM)('a new version of the app', () => {
  // A copy of the build this test may change, served by its own server.
  const distDir = mkdtempSync(join(tmpdir(), 'ignition-dist-update-'));
  let server: TestServer;
  let device: TestBrowser;
  beforeAll(async () => {
    ensureBuilt();
    cpSync(DIST_DIR, distDir, { recursive: true });
    server = await startTestServer({}, { distDir });
    device = await newDevice();
  });
  afterAll(async () => {
    await device?.close();
    await server?.stop();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('waits for the person: a half-typed form survives until they choose Reload', async () => {
    const { page } = device;
    await openApp(page, `${server.url}/feedback`);
    const title = page.locator('input[name="feedback-title"]');
    await title.fill('Half-typed thought');
    const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);

    // Deploy: the worker script changes, and the app's update check finds it.
    appendFileSync(join(distDir, 'sw.js'), '\n// next release\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const prompt = page.getByRole('alert').filter({ hasText: 'A new version of Ignition is ready' });
    await prompt.waitFor({ timeout: 30_000 });
    // Nothing reloaded on its own: the text is still there.
    await page.waitForTimeout(500);
    expect(await title.inputValue()).toBe('Half-typed thought');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, null, { timeout: 30_000 });
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const reg = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { controller: navigator.serviceWorker.controller?.state, waiting: r?.waiting != null };
    });
    expect(reg).toEqual({ controller: 'activated', waiting: false });
    expect(await page.getByRole('alert').filter({ hasText: 'A new version' }).count()).toBe(0);
    expect(firstWorker).toContain('/sw.js');
  });

  it('offers the reload when a newer version in another tab upgrades the device database', async () => {
    const { page, context } = device;
    await page.goto(`${server.url}/habits`);
    await page.getByRole('heading', { level: 1, name: 'Habits' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'A new version' }).count()).toBe(0);
    // The other tab stands in for the next release: it opens the database at a higher version.
    const other = await context.newPage();
    await other.goto(`${server.url}/welcome`);
    const upgraded = await other.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const probe = indexedDB.open('ignition');
          probe.onsuccess = () => {
            const next = probe.result.version + 10;
            probe.result.close();
            const req = indexedDB.open('ignition', next);
            req.onupgradeneeded = () => undefined;
            req.onsuccess = () => {
              req.result.close();
              resolve(next);
            };
            req.onerror = () => reject(req.error);
          };
        }),
    );
    expect(upgraded).toBeGreaterThan(10);
    await page.getByRole('alert').filter({ hasText: 'A new version of Ignition is ready' }).waitFor({ timeout: 10_000 });
    await other.close();
  });
});
