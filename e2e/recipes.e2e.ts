import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

const seconds = (text: string | null) => {
  const [m, s] = String(text).trim().split(':').map(Number);
  return m * 60 + s;
};

describe.skipIf(!HAVE_CHROMIUM)('recipes: write one offline, follow it with a timer through a reload, finish it; the server pays and a second device sees it', () => {
  const w = useWorld(['phone', 'laptop']);

  it('works offline end to end, then syncs', async () => {
    const email = 'recipes.e2e@example.com';
    const { page, context } = w.phone;
    // The page's clock starts an hour back, so fast-forwarding never runs ahead of the server.
    await page.clock.install({ time: Date.now() - 60 * 60_000 });
    await signedInThenOffline(w.phone, w.server.url, email);
    await page.locator('.side-nav').getByRole('link', { name: 'Recipes' }).click();

    // The starter recipes are there offline.
    const list = page.getByRole('list', { name: 'Recipes' });
    await list.getByRole('link', { name: 'Weeknight pancakes', exact: true }).waitFor();
    await page.getByLabel('Category').selectOption('fitness');
    expect(await list.getByRole('listitem').count()).toBe(1);
    await list.getByRole('link', { name: 'Ten-minute workout warm-up', exact: true }).waitFor();
    await page.getByLabel('Category').selectOption('');
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    await page.getByText('No recipe matches').waitFor();
    await page.getByRole('button', { name: 'All', exact: true }).click();

    // A personal recipe with a timed step, written offline; steps reordered.
    await page.getByRole('link', { name: 'New recipe' }).click();
    await page.getByLabel('Name').fill('Green tea');
    await page.getByLabel('Category').fill('cooking');
    await page.getByLabel('Tags (comma separated)').fill('drink, calm');
    await page.getByLabel('Servings (optional)').fill('2');
    await page.getByLabel('Ingredients or things you need', { exact: false }).fill('500 ml water\n1 1/2 tsp green tea');
    await page.getByLabel('Step 1 text').fill('Steep the leaves, then pour');
    await page.getByLabel('Step 1 timer').fill('2:00');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 2 text').fill('Heat the water to **80 °C**');
    await page.getByRole('button', { name: 'Move step 2 up' }).click();
    expect(await page.getByLabel('Step 1 text').inputValue()).toBe('Heat the water to **80 °C**');
    expect(await page.getByLabel('Step 2 timer').inputValue()).toBe('2:00');
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.getByRole('heading', { name: 'Green tea' }).waitFor();
    // servings scale the quantities
    await page.getByLabel('Servings').fill('3');
    await page.getByRole('region', { name: 'Ingredients' }).getByText('750 ml water').waitFor();
    await page.getByText('2 1/4 tsp green tea').waitFor();
    await page.getByRole('button', { name: 'Add Green tea to favourites' }).click();
    await page.getByRole('button', { name: 'Remove Green tea from favourites' }).waitFor();

    // Follow mode: one step at a time, keys to move, space starts the step's timer.
    await page.getByRole('link', { name: 'Start following' }).click();
    await page.getByText('Step 1 of 2').waitFor();
    await page.getByRole('region', { name: 'Step 1' }).getByText('80 °C').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByText('Step 2 of 2').waitFor();
    const clock = page.getByTestId('step-timer');
    expect(await clock.textContent()).toBe('2:00');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.clock.fastForward('00:30');
    await page.waitForFunction(() => /^1:(29|30|31)$/.test(document.querySelector('[data-testid="step-timer"]')?.textContent ?? ''));

    // A reload (or a locked phone): the timer goes on from its timestamps, on the same step.
    await page.reload();
    await page.getByText('Step 2 of 2').waitFor();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.clock.fastForward('00:30');
    await page.waitForFunction(() => /^(0:59|1:00|1:01)$/.test(document.querySelector('[data-testid="step-timer"]')?.textContent ?? ''));
    // Space pauses; paused time does not count.
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const paused = seconds(await clock.textContent());
    await page.clock.fastForward('01:00');
    expect(seconds(await clock.textContent())).toBe(paused);
    await page.keyboard.press('Space');
    await page.clock.fastForward(paused * 1000 + 1500);
    await page.getByText('Time is up', { exact: true }).waitFor();
    expect(await clock.textContent()).toBe('0:00');

    await page.getByRole('button', { name: 'Finish ✓' }).click();
    await page.getByText('Finished “Green tea” · +10 XP, +4 coins').waitFor();
    // the run is over: the recipe starts afresh next time
    await page.getByRole('link', { name: 'Start following' }).waitFor();
    expect(await page.evaluate(() => new Promise((ok) => { const r = indexedDB.open('ignition'); r.onsuccess = () => { const q = r.result.transaction('recipe_runs').objectStore('recipe_runs').count(); q.onsuccess = () => ok(q.result); }; }))).toBe(0);
    expect(Number((await w.server.db.execute("SELECT COUNT(*) AS n FROM activity_events WHERE event_type = 'recipe_complete'")).rows[0].n)).toBe(0);

    // Online: the server reconciles the run and pays it; the personal recipe is the server's too.
    await setOffline(context, false);
    await syncAndWait(page);
    const recipe = (await w.server.db.execute("SELECT id, user_id, is_global, steps, tags FROM recipes WHERE title = 'Green tea'")).rows[0];
    expect(recipe.user_id).not.toBeNull();
    expect(Number(recipe.is_global)).toBe(0);
    expect(JSON.parse(String(recipe.steps))).toEqual([{ text: 'Heat the water to **80 °C**', timer_s: null }, { text: 'Steep the leaves, then pour', timer_s: 120 }]);
    expect(JSON.parse(String(recipe.tags))).toEqual(['drink', 'calm']);
    const ev = (await w.server.db.execute("SELECT entity_id, xp_earned, coins_earned, skill_id FROM activity_events WHERE event_type = 'recipe_complete'")).rows;
    expect(ev.map((r) => ({ ...r }))).toEqual([{ entity_id: recipe.id, xp_earned: 10, coins_earned: 4, skill_id: 'proficiency' }]);
    const progress = (await w.server.db.execute('SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
    expect(Number(progress.total_xp)).toBe(10);
    expect(Number(progress.coins)).toBe(4);
    // the device adopts the server's answer
    await page.getByTestId('xp').filter({ hasText: '10 XP' }).waitFor();

    // A timer started in follow mode rings on another page of the app too.
    await page.getByRole('link', { name: 'Start following' }).click();
    await page.getByText('Step 1 of 2').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByText('Step 2 of 2').waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.locator('.side-nav').getByRole('link', { name: 'Today' }).click();
    await page.clock.fastForward('02:05');
    await page.getByText('Step 2 of “Green tea”: time is up').waitFor();

    // A second device signed in as the same person sees the recipe, its favourite mark and the reward.
    const laptop = w.laptop.page;
    await openApp(laptop, w.server.url);
    await signIn(laptop, email);
    await syncAndWait(laptop);
    await laptop.goto(`${w.server.url}/recipes`);
    await laptop.getByRole('button', { name: 'Favourites', exact: true }).click();
    const favs = laptop.getByRole('list', { name: 'Recipes' });
    await favs.getByRole('link', { name: 'Green tea', exact: true }).waitFor();
    expect(await favs.getByRole('listitem').count()).toBe(1);
    await favs.getByRole('link', { name: 'Green tea', exact: true }).click();
    await laptop.getByRole('button', { name: 'Edit' }).or(laptop.getByRole('link', { name: 'Edit' })).waitFor();
    await laptop.getByTestId('xp').filter({ hasText: '10 XP' }).waitFor();
  });
});
