import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, useWorld } from './harness.ts';

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
