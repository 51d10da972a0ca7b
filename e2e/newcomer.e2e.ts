import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, signIn, syncAndWait, useWorld } from './harness.ts';
import { earnAWorkoutAndTwoFocusSessions } from './economy-helpers.ts';

/** What a newcomer met on a first walk through the app on a phone (issue 19). */
describe.skipIf(!HAVE_CHROMIUM)('a newcomer on a phone', () => {
  const w = useWorld(['phone', 'first', 'second']);

  it('signs in on a fresh device: told it syncs (nothing to upload), in a notice below the top bar', async () => {
    const { page } = w.phone;
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page, `${w.server.url}/settings`);
    await page.locator('input[name="email"]').fill('newcomer@example.com');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const notice = page.locator('.notice').filter({ hasText: 'Signed in' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('syncing this device');
    expect(await notice.textContent()).not.toContain('uploading');
    // Below the bar: the figures and the sync status stay visible.
    const bar = (await page.locator('.top-bar').boundingBox())!;
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
  });

  it('says before and after that finishing focus under 5 minutes earns nothing', async () => {
    const { page } = w.phone;
    await page.goto(`${w.server.url}/focus`);
    await page.getByRole('button', { name: 'Start focus' }).click();
    await page.getByTestId('focus-too-short').waitFor();
    await page.getByRole('button', { name: 'Finish now' }).click();
    await page.locator('.notice').filter({ hasText: 'under 5 minutes of focus earns no XP' }).waitFor();
  });

  it('opens the exercise picker in view, where the empty workout card was', async () => {
    const { page } = w.phone;
    await page.goto(`${w.server.url}/exercise`);
    await page.getByRole('button', { name: 'Start an empty workout' }).click();
    await page.getByRole('button', { name: '+ Add exercise', exact: true }).click();
    const picker = page.getByRole('dialog', { name: 'Choose an exercise' });
    await picker.waitFor();
    await page.locator('input[name="exercise-search"]').waitFor();
    const box = (await picker.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(844 / 2);
    expect(await page.getByRole('heading', { name: 'Add your first exercise' }).count()).toBe(0);

    // A set logged starts the rest timer: its bar at the bottom leaves the button just tapped in view.
    await page.locator('input[name="exercise-search"]').fill('Barbell Squat');
    await page.getByRole('button', { name: 'Choose Barbell Squat', exact: true }).click();
    await page.getByLabel('Weight for Barbell Squat', { exact: true }).fill('60');
    await page.getByLabel('Reps for Barbell Squat', { exact: true }).fill('5');
    const logSet = page.getByRole('button', { name: 'Log set for Barbell Squat', exact: true });
    // The button low on a short screen, just above the bottom navigation, where the bar will appear.
    await page.setViewportSize({ width: 390, height: 520 });
    await logSet.evaluate((b) => window.scrollBy(0, b.getBoundingClientRect().bottom - (window.innerHeight - 70)));
    await logSet.click();
    const bar = page.getByTestId('rest-timer');
    await bar.waitFor();
    await expect.poll(async () => (await logSet.boundingBox())!.y + (await logSet.boundingBox())!.height <= (await bar.boundingBox())!.y).toBe(true);
  });

  it('does not replay on a second device the quest and level celebrations the first one had', async () => {
    const email = 'celebrated.once@example.com';
    const first = w.first.page;
    await openApp(first, w.server.url);
    await signIn(first, email);
    await syncAndWait(first);
    await earnAWorkoutAndTwoFocusSessions(first);
    // This device did it: it celebrates.
    await first.getByTestId('celebration').waitFor();
    await syncAndWait(first);

    const second = w.second.page;
    await second.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="celebration"]')) (window as unknown as { celebrated: boolean }).celebrated = true;
      }).observe(document, { subtree: true, childList: true });
    });
    await openApp(second, w.server.url);
    await signIn(second, email);
    await syncAndWait(second);
    await second.getByTestId('level').filter({ hasText: 'Lv 2' }).waitFor();
    await second.waitForTimeout(1000);
    expect(await second.evaluate(() => (window as unknown as { celebrated?: boolean }).celebrated ?? false)).toBe(false);
  });
});
