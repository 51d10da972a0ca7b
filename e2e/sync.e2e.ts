import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('two devices of one person', () => {
  const w = useWorld(['phone', 'laptop']);

  it('earns XP offline on one device and shows the server’s figures on both', async () => {
    const email = 'two.devices@example.com';
    for (const d of [w.phone, w.laptop]) {
      await openApp(d.page, w.server.url);
      await signIn(d.page, email);
      await syncAndWait(d.page);
    }
    const { page, context } = w.phone;
    await setOffline(context, true);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    await page.getByRole('button', { name: 'Create your first habit' }).click();
    await page.locator('input[name="habit-name"]').fill('Drink water');
    await page.getByRole('button', { name: 'Create habit' }).click();
    await page.getByRole('button', { name: 'Log Drink water' }).click();
    await page.getByTestId('xp').filter({ hasText: '10 XP' }).waitFor();
    // Offline: nothing reached the server yet, and a reload keeps everything.
    await page.reload();
    await page.getByText('Drink water').waitFor();
    expect(await page.getByTestId('xp').textContent()).toBe('10 XP');
    expect(await page.getByTestId('sync-status').getAttribute('data-phase')).toMatch(/offline|local/);
    const before = await w.server.db.execute('SELECT COUNT(*) AS n FROM habits');
    expect(Number(before.rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const progress = (await w.server.db.execute('SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
    expect(Number(progress.total_xp)).toBe(10);
    expect(Number(progress.coins)).toBe(5);
    const streak = (await w.server.db.execute("SELECT current_streak FROM user_streaks WHERE streak_type = 'daily'")).rows[0];
    expect(Number(streak.current_streak)).toBe(1);

    const other = w.laptop.page;
    await syncAndWait(other);
    await other.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    await other.getByText('Drink water').waitFor();
    expect(await other.getByTestId('xp').textContent()).toBe('10 XP');
    expect(await other.getByTestId('coins').textContent()).toContain('5');
    expect(await other.getByTestId('streak').textContent()).toContain('1');
    expect(await other.getByTestId('habit-streak').textContent()).toContain('1 day');
  });
});
