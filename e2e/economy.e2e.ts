import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, newDevice, openApp, setOffline, signedInThenOffline, signIn, syncAndWait, useWorld, type TestServer } from './harness.ts';
import { chipText, earnAWorkoutAndTwoFocusSessions } from './economy-helpers.ts';

const serverProgress = async (server: TestServer, email: string) => {
  const r = (await server.db.execute('SELECT p.total_xp, p.coins, p.level FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
  return { xp: Number(r?.total_xp ?? 0), coins: Number(r?.coins ?? 0), level: Number(r?.level ?? 1) };
};

describe.skipIf(!HAVE_CHROMIUM)('the economy on screen', () => {
  const w = useWorld(['phone', 'laptop']);

  it('shows the seeded quests and rewards on a fresh install with no account, offline', async () => {
    const { page, context } = w.phone;
    await openApp(page, w.server.url);
    await setOffline(context, true);
    await page.reload();
    await page.getByTestId('today-content').waitFor();
    await page.locator('[data-state="first_day"]').waitFor();
    await page.locator('.side-nav').getByRole('link', { name: 'Quests' }).click();
    for (const q of ['q_deep_focus', 'q_stay_active', 'q_plan_ahead', 'q_focus_master', 'q_consistency']) await page.getByTestId(`quest-${q}`).waitFor();
    await page.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
    await page.getByTestId('reward-r_streak_shield').waitFor();
    expect(await page.locator('.reward-card').count()).toBe(9);
    await setOffline(context, false);
  });

  it('offline: completes a daily quest, buys a reward and levels up; online: the server’s figures match', async () => {
    const email = 'economy.offline@example.com';
    const { page, context } = w.phone;
    await signedInThenOffline(w.phone, w.server.url, email);
    await page.getByTestId('today-content').waitFor();
    expect(await chipText(page, 'level')).toBe('Lv 1');

    await earnAWorkoutAndTwoFocusSessions(page);
    await page.getByTestId('xp').filter({ hasText: '156 XP' }).waitFor();
    expect(await chipText(page, 'level')).toBe('Lv 2');
    expect(await chipText(page, 'coins')).toContain('73');
    await page.getByTestId('celebration').waitFor();
    await page.locator('.side-nav').getByRole('link', { name: 'Quests' }).click();
    expect(await page.getByTestId('quest-q_stay_active').getAttribute('data-completed')).toBe('yes');
    expect(await page.getByTestId('quest-q_deep_focus').getAttribute('data-completed')).toBe('yes');
    expect(await page.getByTestId('quest-q_focus_master').getByTestId('quest-count').textContent()).toContain('2 / 10');

    // Progress, still offline: the level at once, then the history's totals and the wins, newest first.
    await page.locator('.side-nav').getByRole('link', { name: 'Progress' }).click();
    await page.getByTestId('progress-level').getByText('Level 2').waitFor();
    await page.getByTestId('progress-totals').getByText('Workouts').waitFor();
    const wins = page.getByTestId('wins').locator('li');
    await wins.first().waitFor();
    expect(await wins.allInnerTexts()).toEqual([
      expect.stringMatching(/^Focus session[\s\S]*\+25 XP[\s\S]*\(pending\)/),
      expect.stringMatching(/^Focus session[\s\S]*\(pending\)/),
      expect.stringMatching(/^Workout[\s\S]*\(pending\)/),
    ]);

    await page.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
    // Buying asks once more before spending: a first tap, then Cancel, spends nothing.
    await page.getByRole('button', { name: 'Buy Fancy Coffee for 50 coins' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Buy Fancy Coffee for 50 coins' }).click();
    expect(await chipText(page, 'coins')).toContain('73');
    await page.getByRole('button', { name: 'Confirm: spend 50 coins on Fancy Coffee' }).click();
    await page.getByTestId('coins').filter({ hasText: '23' }).waitFor();
    await page.getByTestId('purchase').filter({ hasText: 'Fancy Coffee' }).getByText('waiting to sync').waitFor();
    // Still nothing on the server.
    expect(await serverProgress(w.server, email)).toMatchObject({ xp: 0, coins: 0 });

    await setOffline(context, false);
    await syncAndWait(page);
    // The server also finds three first-ever personal records in the workout (3 × 10 XP, 5 coins),
    // which the device did not guess: its numbers settle to the server's.
    expect(await serverProgress(w.server, email)).toEqual({ xp: 186, coins: 38, level: 2 });
    const quests = await w.server.db.execute("SELECT entity_id FROM activity_events WHERE event_type = 'quest_complete' ORDER BY entity_id");
    expect(quests.rows.map((r) => r.entity_id)).toEqual(['q_deep_focus', 'q_stay_active']);
    await page.reload();
    await page.getByTestId('xp').filter({ hasText: '186 XP' }).waitFor();
    expect(await chipText(page, 'coins')).toContain('38');
    expect(await chipText(page, 'level')).toBe('Lv 2');
    // Synced: the server's quest rewards are among the wins, nothing is pending any more.
    await page.locator('.side-nav').getByRole('link', { name: 'Progress' }).click();
    await page.getByTestId('wins').getByText('Quest: Deep Focus').waitFor();
    expect((await page.getByTestId('wins').innerText()).includes('(pending)')).toBe(false);
    await page.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
    await page.getByTestId('purchase').filter({ hasText: 'Fancy Coffee' }).getByRole('button', { name: 'Redeem' }).click();
    await page.getByTestId('purchase').filter({ hasText: 'Fancy Coffee' }).getByText(/Redeemed \d{4}-\d{2}-\d{2}/).waitFor();
    // Today's plan: made from the open quests, one item ticked, synced.
    await page.locator('.side-nav').getByRole('link', { name: 'Today' }).click();
    await page.getByRole('button', { name: 'Make today’s plan' }).first().click();
    const plan = page.getByTestId('plan');
    await plan.getByText('One focus block (25 min)').waitFor();
    await plan.getByText(/Plan Ahead \(0\/3\)/).waitFor();
    expect(await plan.getByText(/Stay Active|Deep Focus/).count()).toBe(0); // done quests are not planned
    await plan.getByRole('checkbox').first().check();
    await page.locator('[data-state="plan"]').waitFor();
    await syncAndWait(page);
    const row = (await w.server.db.execute('SELECT d.items FROM daily_plans d JOIN users u ON u.id = d.user_id WHERE u.email = ?', [email])).rows[0];
    const items = JSON.parse(String(row.items)) as Array<{ id: string; done: boolean }>;
    expect(items.find((i) => i.id === 'focus')?.done).toBe(true);
    expect(items.filter((i) => i.done)).toHaveLength(1);
  });

  it('rolls back a purchase the server refuses (the coins were spent on another device) and says why', async () => {
    const email = 'economy.race@example.com';
    const a = w.laptop.page;
    await openApp(a, w.server.url);
    await signIn(a, email);
    await syncAndWait(a);
    await earnAWorkoutAndTwoFocusSessions(a);
    await syncAndWait(a);
    expect(await serverProgress(w.server, email)).toMatchObject({ coins: 88 });

    // A second device of the same person, with the 88 coins pulled.
    const other = await newDevice();
    try {
      const b = other.page;
      await openApp(b, w.server.url);
      await signIn(b, email);
      await syncAndWait(b);
      await b.getByTestId('coins').filter({ hasText: '88' }).waitFor();
      await setOffline(other.context, true);
      await b.locator('.side-nav').getByRole('link', { name: 'Market' }).click();

      // Meanwhile the laptop spends 50 of them.
      await a.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
      await a.getByRole('button', { name: 'Buy Fancy Coffee for 50 coins' }).click();
      await a.getByRole('button', { name: 'Confirm: spend 50 coins on Fancy Coffee' }).click();
      await syncAndWait(a);
      expect(await serverProgress(w.server, email)).toMatchObject({ coins: 38 });

      // Offline, the other device still believes in 88 and buys a 75-coin reward.
      await b.getByRole('button', { name: 'Buy Movie Night for 75 coins' }).click();
      await b.getByRole('button', { name: 'Confirm: spend 75 coins on Movie Night' }).click();
      await b.getByTestId('coins').filter({ hasText: '13' }).waitFor();
      await setOffline(other.context, false);
      await syncAndWait(b);
      await b.locator('.notice.error').filter({ hasText: 'Not enough coins' }).waitFor();
      await b.getByTestId('coins').filter({ hasText: '38' }).waitFor();
      await b.getByTestId('purchase').filter({ hasText: 'Movie Night' }).waitFor({ state: 'detached' });
      expect(await serverProgress(w.server, email)).toMatchObject({ coins: 38 });
      const purchases = await w.server.db.execute('SELECT r.name FROM reward_purchases p JOIN rewards r ON r.id = p.reward_id JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email]);
      expect(purchases.rows.map((r) => r.name)).toEqual(['Fancy Coffee']);
    } finally {
      await other.close();
    }
  });
  it('keeps your own rewards and quests apart from everyone’s, editable and removable, offline and after sync', async () => {
    const email = 'economy.own@example.com';
    const { page, context } = w.phone;
    await signedInThenOffline(w.phone, w.server.url, email);
    await page.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
    await page.getByRole('button', { name: '+ Your own reward' }).click();
    await page.getByLabel('Name').fill('Concert ticket');
    await page.getByLabel('Price (coins)').fill('120');
    await page.keyboard.press('Enter');
    const ownCard = page.locator('.reward-card').filter({ hasText: 'Concert ticket' });
    await ownCard.getByRole('button', { name: 'Edit' }).waitFor();
    // It is listed first, under "Your rewards", and everyone's rewards have no Edit.
    expect(await page.locator('.reward-grid').first().locator('.reward-card').allInnerTexts()).toEqual([expect.stringContaining('Concert ticket')]);
    expect(await page.locator('.reward-card').filter({ hasText: 'Fancy Coffee' }).getByRole('button', { name: 'Edit' }).count()).toBe(0);

    await page.locator('.side-nav').getByRole('link', { name: 'Quests' }).click();
    await page.getByRole('button', { name: '+ Your own quest' }).click();
    await page.getByLabel('Title').fill('Two journal days');
    await page.getByRole('button', { name: 'Add quest' }).click();
    const ownQuest = page.locator('[data-testid^="quest-"]').filter({ hasText: 'Two journal days' });
    await ownQuest.getByRole('button', { name: /Archive/ }).waitFor();

    await setOffline(context, false);
    await syncAndWait(page);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Quests' }).click();
    await ownQuest.getByRole('button', { name: /Archive/ }).click();
    await page.getByText('Archived (1)').waitFor();
    await page.locator('.side-nav').getByRole('link', { name: 'Market' }).click();
    await ownCard.getByRole('button', { name: /Remove/ }).click();
    await page.getByText('Removed rewards (1)').waitFor();
    await syncAndWait(page);
    const rows = await w.server.db.execute(
      "SELECT r.name, r.is_active FROM rewards r JOIN users u ON u.id = r.user_id WHERE u.email = ? UNION ALL SELECT q.title, q.is_active FROM quests q JOIN users u ON u.id = q.user_id WHERE u.email = ?",
      [email, email],
    );
    expect(rows.rows.map((r) => [r.name, Number(r.is_active)])).toEqual([
      ['Concert ticket', 0],
      ['Two journal days', 0],
    ]);
  });
});
