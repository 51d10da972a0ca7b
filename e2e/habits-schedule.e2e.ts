import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

/**
 * Habits that fit real lives (issue 23): offline, a Mon/Wed/Fri habit done on two due days with
 * the due day between them skipped keeps its streak, and the skip shows in the heatmap; online, a
 * second device sees the schedule and the skip, and the server's streak agrees.
 */
describe.skipIf(!HAVE_CHROMIUM)('habit schedules and skips, offline first and then synced', () => {
  const w = useWorld(['phone', 'laptop']);

  it('keeps a Mon/Wed/Fri streak over a skipped Wednesday, shows the skip, and syncs both', async () => {
    const { page, context } = w.phone;
    const email = 'habits-schedule.e2e@example.com';
    await signedInThenOffline(w.phone, w.server.url, email);

    // The three latest Mon/Wed/Fri on or before today, in the browser's own time zone.
    const [d1, d2, d3] = await page.evaluate(() => {
      const fmt = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const out: string[] = [];
      for (let back = 0; out.length < 3; back++) {
        const d = new Date();
        d.setDate(d.getDate() - back);
        if ([1, 3, 5].includes(d.getDay())) out.unshift(fmt(d));
      }
      return out;
    });

    await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    await page.getByRole('button', { name: 'Create your first habit' }).click();
    await page.locator('input[name="habit-name"]').fill('Climb');
    await page.getByRole('radio', { name: 'Certain days' }).check();
    // Mon, Wed and Fri are offered first; the rest stay off.
    for (const day of ['Mon', 'Wed', 'Fri']) expect(await page.getByRole('button', { name: day, exact: true }).getAttribute('aria-pressed')).toBe('true');
    for (const day of ['Tue', 'Thu', 'Sat', 'Sun']) expect(await page.getByRole('button', { name: day, exact: true }).getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('button', { name: 'Create habit' }).click();
    const card = page.getByTestId('habit-card');
    await card.getByTestId('habit-schedule').filter({ hasText: 'Mon, Wed, Fri' }).waitFor();
    await card.getByRole('button', { name: 'More' }).click();

    // Done on the first and the third due day.
    const dateInput = page.locator('input[name="log-date"]');
    for (const d of [d1, d3]) {
      await dateInput.fill(d);
      await page.getByRole('button', { name: 'Log Climb' }).click();
    }
    // Without the middle day the run is broken: the streak is 1.
    await card.getByTestId('habit-streak').filter({ hasText: /^\s*1 day\s*$/ }).waitFor();
    const strengthBefore = Number((await card.getByTestId('habit-strength').textContent())!.replace('%', ''));

    // The middle due day skipped (a one-day vacation): the streak is kept over it, not extended by it.
    await page.locator('input[name="vacation-from"]').fill(d2);
    await page.locator('input[name="vacation-to"]').fill(d2);
    await page.getByRole('button', { name: 'Skip these days' }).click();
    await card.getByTestId('habit-streak').filter({ hasText: /^\s*2 days\s*$/ }).waitFor();
    await card.getByText('best 2').waitFor();
    await card.getByTestId('habit-skip').filter({ hasText: `${d2} · skipped (vacation)` }).waitFor();
    // The heatmap: two days done, one outlined as skipped.
    const heat = page.getByRole('img', { name: /Climb: completions over the past year/ });
    expect(await heat.locator('rect[data-skipped="true"] title').allTextContents()).toEqual([`${d2}: skipped`]);
    expect((await heat.locator('title').allTextContents()).filter((t) => /: [1-9]/.test(t))).toEqual([`${d1}: 1`, `${d3}: 1`]);
    // The strength did not drop for the skipped day.
    expect(Number((await card.getByTestId('habit-strength').textContent())!.replace('%', ''))).toBeGreaterThanOrEqual(strengthBefore);

    // Back online: the server holds the schedule and the skip, and its streak agrees.
    await setOffline(context, false);
    await syncAndWait(page);
    const user = (await w.server.db.execute('SELECT id FROM users WHERE email = ?', [email])).rows[0].id;
    const habit = (await w.server.db.execute('SELECT id, frequency, schedule, schedule_days FROM habits WHERE user_id = ?', [user])).rows[0];
    expect({ frequency: habit.frequency, schedule: habit.schedule, schedule_days: Number(habit.schedule_days) }).toEqual({ frequency: 'daily', schedule: 'weekdays', schedule_days: 21 });
    expect((await w.server.db.execute('SELECT date, reason FROM habit_skips WHERE user_id = ?', [user])).rows.map((r) => [r.date, r.reason])).toEqual([[d2, 'vacation']]);
    const streak = (await w.server.db.execute("SELECT current_streak, best_streak FROM user_streaks WHERE user_id = ? AND streak_type = 'habit:' || ?", [user, habit.id])).rows[0];
    expect([Number(streak.current_streak), Number(streak.best_streak)]).toEqual([2, 2]);

    // A second device sees the schedule, the streak and the skip.
    const other = w.laptop.page;
    await openApp(other, w.server.url);
    await signIn(other, email);
    await syncAndWait(other);
    await other.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    const otherCard = other.getByTestId('habit-card');
    await otherCard.getByTestId('habit-schedule').filter({ hasText: 'Mon, Wed, Fri' }).waitFor();
    await otherCard.getByTestId('habit-streak').filter({ hasText: /^\s*2 days\s*$/ }).waitFor();
    await otherCard.getByRole('button', { name: 'More' }).click();
    await otherCard.getByTestId('habit-skip').filter({ hasText: d2 }).waitFor();
    // Undo the skip there: the streak is broken again on both devices and on the server.
    await otherCard.getByTestId('habit-skip').getByRole('button', { name: 'Undo' }).click();
    await otherCard.getByTestId('habit-streak').filter({ hasText: /^\s*1 day\s*$/ }).waitFor();
    await syncAndWait(other);
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM habit_skips WHERE user_id = ?', [user])).rows[0].n)).toBe(0);
    const after = (await w.server.db.execute("SELECT current_streak FROM user_streaks WHERE user_id = ? AND streak_type = 'habit:' || ?", [user, habit.id])).rows[0];
    expect(Number(after.current_streak)).toBe(1);
    await syncAndWait(page);
    await card.getByTestId('habit-streak').filter({ hasText: /^\s*1 day\s*$/ }).waitFor();
  });
});
