import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, newDevice, setOffline, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

const remainingSeconds = (text: string | null) => {
  const [m, s] = String(text).split(':').map(Number);
  return m * 60 + s;
};

describe.skipIf(!HAVE_CHROMIUM)('a focus session on a controllable clock', () => {
  const w = useWorld(['device']);

  it('runs offline with a pause across a reload, completes at its end and earns the XP, then syncs', async () => {
    const { page, context } = w.device;
    const email = 'focus.e2e@example.com';
    // The page's clock starts an hour back, so fast-forwarding never runs ahead of the server.
    await page.clock.install({ time: Date.now() - 60 * 60_000 });
    await signedInThenOffline(w.device, w.server.url, email);
    await page.locator('.side-nav').getByRole('link', { name: 'Focus' }).click();
    const history = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Focused minutes per day' }) });
    await history.getByText('Finish a focus session to see your minutes here.').waitFor();
    await page.locator('input[name="focus-minutes"]').fill('6');
    await page.getByRole('button', { name: 'Start focus' }).click();
    const remaining = page.getByTestId('focus-remaining');
    await remaining.waitFor();
    expect(remainingSeconds(await remaining.textContent())).toBeGreaterThan(350);

    await page.clock.fastForward('02:00');
    await page.getByRole('button', { name: 'Pause' }).click();
    // The button turns to Resume once the pause is stored (the timer reads the database), so a
    // reload after that point cannot lose it.
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const atPause = remainingSeconds(await remaining.textContent());
    expect(atPause).toBeGreaterThanOrEqual(235);
    expect(atPause).toBeLessThanOrEqual(241);

    // A reload while paused keeps the time left: it is computed from timestamps.
    await page.reload();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect(Math.abs(remainingSeconds(await remaining.textContent()) - atPause)).toBeLessThanOrEqual(1);
    expect(await page.title()).toContain(String(await remaining.textContent()));
    await page.clock.fastForward('03:00');
    expect(Math.abs(remainingSeconds(await remaining.textContent()) - atPause)).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: 'Resume' }).click();

    await page.clock.fastForward(atPause * 1000 + 2000);
    await page.getByTestId('xp').filter({ hasText: '6 XP' }).waitFor();
    await page.getByTestId('focus-today-minutes').filter({ hasText: '6 min' }).waitFor();
    // The minutes-per-day chart now has today's bar instead of its empty text.
    await history.locator('figure.chart canvas').first().waitFor();
    expect(await history.getByText('Finish a focus session to see your minutes here.').count()).toBe(0);
    expect(await page.getByRole('radio', { name: 'Short break ★' }).getAttribute('aria-checked')).toBe('true');
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM focus_sessions')).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const row = (await w.server.db.execute('SELECT status, duration, paused_total, started_at, completed_at FROM focus_sessions')).rows[0];
    expect(row.status).toBe('completed');
    expect(Number(row.duration)).toBe(360);
    expect(Number(row.paused_total)).toBeGreaterThanOrEqual(179);
    expect((Date.parse(String(row.completed_at)) - Date.parse(String(row.started_at))) / 1000 - Number(row.paused_total)).toBe(360);
    const progress = (await w.server.db.execute('SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
    expect(Number(progress.total_xp)).toBe(6);
    expect(Number(progress.coins)).toBe(2);
    expect(await page.getByTestId('xp').textContent()).toBe('6 XP');
  });
  it('with the break set to a minute in the settings, on another page keeps the time left in the title and at the end plays the chime and shows a notification, offline', async () => {
    const device = await newDevice();
    try {
      const { page, context } = device;
      const email = 'focus.elsewhere@example.com';
      await context.grantPermissions(['notifications'], { origin: w.server.url });
      // Record the chime (a Web Audio context) and the system notification the app makes.
      await page.addInitScript(() => {
        const win = window as unknown as { __signals: string[]; AudioContext: typeof AudioContext };
        win.__signals = [];
        ServiceWorkerRegistration.prototype.showNotification = async function (title: string) {
          win.__signals.push(`notification:${title}`);
        };
        const Real = win.AudioContext;
        win.AudioContext = class extends Real {
          constructor(options?: AudioContextOptions) {
            super(options);
            win.__signals.push('sound');
          }
        };
      });
      await page.clock.install({ time: Date.now() - 60 * 60_000 });
      await signedInThenOffline(device, w.server.url, email);
      await page.locator('.side-nav').getByRole('link', { name: 'Focus' }).click();
      // The settings are editable: a 1-minute short break becomes the default.
      await page.getByText('Timer settings').click();
      await page.locator('input[name="setting-short_break-minutes"]').fill('1');
      await page.getByRole('button', { name: 'Save durations' }).click();
      await page.getByText('Timer settings saved').waitFor();
      await page.getByRole('radio', { name: /Short break/ }).click();
      await expect.poll(() => page.locator('input[name="focus-minutes"]').inputValue()).toBe('1');
      await page.getByRole('button', { name: 'Start short break' }).click();
      await page.getByTestId('focus-remaining').waitFor();

      // Elsewhere in the app the title still counts down.
      await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
      await page.getByRole('button', { name: 'Create your first habit' }).waitFor();
      await expect.poll(() => page.title()).toMatch(/^0:[0-5]\d · Short break · Ignition$/);
      const signals = () => page.evaluate(() => (window as unknown as { __signals: string[] }).__signals);
      expect(await signals()).toEqual([]);

      // The end passes while on the Habits page: recorded, with the sound and the notification.
      await page.clock.fastForward('01:05');
      await expect.poll(signals).toEqual(['sound', 'notification:Short break finished']);
      await page.getByText('Short break finished').first().waitFor();
      await expect.poll(() => page.title()).toBe('Ignition');
      await page.locator('.side-nav').getByRole('link', { name: 'Focus' }).click();
      await page.getByTestId('focus-history-item').filter({ hasText: 'Short break' }).filter({ hasText: '1 min' }).waitFor();

      // Another break, and the app is left before its end: on the next open (another page) it is
      // recorded, quietly (no sound or notification for an end minutes ago).
      await page.getByRole('radio', { name: /Short break/ }).click();
      await page.getByRole('button', { name: 'Start short break' }).click();
      await page.getByTestId('focus-remaining').waitFor();
      await page.goto('about:blank');
      await page.clock.fastForward('03:00');
      await page.goto(`${w.server.url}/habits`);
      await page.getByText('Short break finished').first().waitFor();
      expect(await signals()).toEqual([]);
      await page.locator('.side-nav').getByRole('link', { name: 'Focus' }).click();
      await expect.poll(() => page.getByTestId('focus-history-item').filter({ hasText: '1 min' }).count()).toBe(2);

      await setOffline(context, false);
      await syncAndWait(page);
      const rows = (
        await w.server.db.execute('SELECT f.mode, f.status, f.duration FROM focus_sessions f JOIN users u ON u.id = f.user_id WHERE u.email = ?', [email])
      ).rows.map((r) => ({ ...r }));
      expect(rows).toEqual([0, 1].map(() => ({ mode: 'short_break', status: 'completed', duration: 60 })));
      const settings = (await w.server.db.execute('SELECT s.focus_minutes, s.short_break_minutes FROM user_settings s JOIN users u ON u.id = s.user_id WHERE u.email = ?', [email])).rows[0];
      expect([Number(settings.focus_minutes), Number(settings.short_break_minutes)]).toEqual([25, 1]);
    } finally {
      await device.close();
    }
  });
  it('two offline devices focusing through the same minutes: after both sync one session counts, and the other device says why its XP went', async () => {
    const email = 'focus.twice@example.com';
    const laptop = await newDevice();
    const phone = await newDevice();
    try {
      const focusSixMinutes = async (d: typeof laptop) => {
        await d.page.clock.install({ time: Date.now() - 60 * 60_000 });
        await signedInThenOffline(d, w.server.url, email);
        await d.page.locator('.side-nav').getByRole('link', { name: 'Focus' }).click();
        await d.page.locator('input[name="focus-minutes"]').fill('6');
        await d.page.getByRole('button', { name: 'Start focus' }).click();
        await d.page.getByTestId('focus-remaining').waitFor();
      };
      // Both start within seconds of each other, offline, and both finish: each shows its 6 XP.
      await focusSixMinutes(laptop);
      await focusSixMinutes(phone);
      for (const d of [laptop, phone]) {
        await d.page.clock.fastForward(6 * 60_000 + 2000);
        await d.page.getByTestId('xp').filter({ hasText: '6 XP' }).waitFor();
      }

      await setOffline(laptop.context, false);
      await syncAndWait(laptop.page);
      await setOffline(phone.context, false);
      await syncAndWait(phone.page);
      // The server counted the laptop's session; the phone's shared its minutes and was refused.
      await phone.page.locator('.notice.error').filter({ hasText: 'Overlaps another focus session' }).waitFor();
      await phone.page.getByTestId('xp').filter({ hasText: '6 XP' }).waitFor();
      const rows = await w.server.db.execute(
        "SELECT (SELECT COUNT(*) FROM activity_events e JOIN users u ON u.id = e.user_id WHERE u.email = ? AND e.event_type = 'focus_complete') AS rewarded, (SELECT group_concat(r.code) FROM rejected_events r JOIN users u ON u.id = r.user_id WHERE u.email = ?) AS code",
        [email, email],
      );
      expect({ ...rows.rows[0] }).toEqual({ rewarded: 1, code: 'focus_overlap' });
      const progress = (await w.server.db.execute('SELECT p.total_xp FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
      expect(Number(progress.total_xp)).toBe(6);
      // Both devices keep both sessions in their history (the rows sync; only the reward is once).
      const sessions = await w.server.db.execute("SELECT COUNT(*) AS n FROM focus_sessions f JOIN users u ON u.id = f.user_id WHERE u.email = ? AND f.status = 'completed'", [email]);
      expect(Number(sessions.rows[0].n)).toBe(2);
    } finally {
      await laptop.close();
      await phone.close();
    }
  });
});
