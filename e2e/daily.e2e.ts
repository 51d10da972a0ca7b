import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, setOffline, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('habits and goals, offline first and then synced', () => {
  const w = useWorld(['device']);

  it('logs a habit on two days for a two-day streak and completes a goal by its milestones, then syncs the XP', async () => {
    const { page, context } = w.device;
    const email = 'daily.e2e@example.com';
    await signedInThenOffline(w.device, w.server.url, email);

    // A habit logged yesterday and today.
    await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    await page.getByRole('button', { name: 'Create your first habit' }).click();
    await page.locator('input[name="habit-name"]').fill('Stretch');
    await page.getByRole('button', { name: 'Create habit' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    const yesterday = await page.evaluate(() => {
      const d = new Date(Date.now() - 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const dateInput = page.locator('input[name="log-date"]');
    const today = await dateInput.inputValue();
    await dateInput.fill(yesterday);
    await page.getByRole('button', { name: 'Log Stretch' }).click();
    await page.getByTestId('habit-streak').filter({ hasText: '1 day' }).waitFor();
    await dateInput.fill(today);
    await page.getByRole('button', { name: 'Log Stretch' }).click();
    await page.getByTestId('habit-streak').filter({ hasText: '2 days' }).waitFor();
    await page.getByTestId('xp').filter({ hasText: '20 XP' }).waitFor();
    await page.getByTestId('habit-card').getByText('best 2').waitFor();
    // The year heatmap marks both days.
    const heat = page.getByRole('img', { name: 'Stretch: completions over the past year' });
    const marked = async () => (await heat.locator('title').allTextContents()).filter((t) => !t.endsWith(': 0'));
    expect(await marked()).toEqual([`${yesterday}: 1`, `${today}: 1`]);
    // One more today, with a count and a note, over the target (no XP), then undone from the list.
    // The count is retyped as a person does: Backspace over the 1, the note, then 2. (The field
    // used to put the 1 back as soon as anything else on the card changed, giving 12.)
    await page.getByLabel('Count').click();
    await page.getByLabel('Count').press('End');
    await page.getByLabel('Count').press('Backspace');
    await page.getByLabel('Note').fill('extra set');
    await page.getByLabel('Count').click();
    await page.getByLabel('Count').pressSequentially('2');
    await page.getByRole('button', { name: 'Log Stretch' }).click();
    await expect.poll(marked).toEqual([`${yesterday}: 1`, `${today}: 3`]);
    await page.getByTestId('habit-card').locator('li').filter({ hasText: `${today} · ×2 · extra set` }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(marked).toEqual([`${yesterday}: 1`, `${today}: 1`]);
    expect(await page.getByTestId('xp').textContent()).toBe('20 XP');
    // Escape closes the new-habit form; with the only habit archived, the page says where it went.
    await page.getByRole('button', { name: '+ New habit' }).click();
    await page.getByRole('form', { name: 'New habit' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'New habit' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByRole('button', { name: 'Show archived habits (1)' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Active habits' }).click();
    await page.getByRole('button', { name: 'Log Stretch' }).waitFor();
    // Today already counts for the streak, and the Today page says so instead of asking for a step.
    await page.locator('.side-nav').getByRole('link', { name: 'Today' }).click();
    await page.locator('[data-state="streak"][data-counted="yes"]').getByText('Today counts — come back tomorrow for day 3').waitFor();

    // A goal with two milestones, ticked off, then completed.
    await page.locator('.side-nav').getByRole('link', { name: 'Goals' }).click();
    await page.getByRole('button', { name: 'Set your first goal' }).click();
    await page.locator('input[name="goal-title"]').fill('Run a 10k');
    await page.locator('textarea[name="goal-milestones"]').fill('Run 3 km\nRun 5 km');
    await page.getByRole('button', { name: 'Create goal' }).click();
    const progress = page.getByTestId('goal-progress');
    await progress.filter({ hasText: '0%' }).waitFor();
    await page.getByRole('checkbox', { name: 'Milestone Run 3 km' }).click();
    await progress.filter({ hasText: '50%' }).waitFor();
    await page.getByRole('checkbox', { name: 'Milestone Run 5 km' }).click();
    await progress.filter({ hasText: '100%' }).waitFor();
    await page.getByRole('button', { name: 'Complete goal' }).click();
    await page.getByTestId('xp').filter({ hasText: '200 XP' }).waitFor();
    await page.getByRole('tab', { name: /Completed/ }).click();
    await page.getByRole('heading', { name: 'Run a 10k' }).waitFor();
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM goals')).rows[0].n)).toBe(0);

    // Back online: the server agrees.
    await setOffline(context, false);
    await syncAndWait(page);
    const user = (await w.server.db.execute('SELECT id FROM users WHERE email = ?', [email])).rows[0].id;
    const logs = (await w.server.db.execute('SELECT date FROM habit_logs WHERE user_id = ? ORDER BY date', [user])).rows.map((r) => r.date);
    expect(logs).toEqual([yesterday, today]);
    const habitStreak = (await w.server.db.execute("SELECT current_streak FROM user_streaks WHERE user_id = ? AND streak_type LIKE 'habit:%'", [user])).rows[0];
    expect(Number(habitStreak.current_streak)).toBe(2);
    const goal = (await w.server.db.execute('SELECT status FROM goals WHERE user_id = ?', [user])).rows[0];
    expect(goal.status).toBe('completed');
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM goal_milestones WHERE completed = 1')).rows[0].n)).toBe(2);
    const p = (await w.server.db.execute('SELECT total_xp, coins FROM user_progress WHERE user_id = ?', [user])).rows[0];
    expect(Number(p.total_xp)).toBe(200);
    expect(Number(p.coins)).toBe(10 + 20 + 20 + 50);
    expect(await page.getByTestId('xp').textContent()).toBe('200 XP');
  });
});
