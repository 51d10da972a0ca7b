import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, setOffline, useWorld } from './harness.ts';

/** The palette's field, once open. */
const field = (page: Page) => page.getByRole('combobox', { name: 'Search your things, screens and actions' });
const options = (page: Page) => page.getByRole('listbox').getByRole('option');

/** Waits until the listed results stop changing (two reads 150 ms apart alike, at most 5 s). */
async function settled(page: Page) {
  let last = '';
  for (let i = 0; i < 33; i++) {
    const now = (await options(page).allTextContents()).join('|');
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

async function openWithKeys(page: Page) {
  await page.keyboard.press('Control+k');
  await field(page).waitFor();
  // The search box takes the focus as the palette is drawn (a moment after it appears, under load).
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox', undefined, { timeout: 5000 });
  expect(await field(page).evaluate((el) => el === document.activeElement)).toBe(true);
}

/** Types a query and waits until the first result's title is `title`. */
async function findFirst(page: Page, query: string, title: string) {
  await field(page).fill(query);
  await page.waitForFunction(
    (t) => document.querySelector('[role="listbox"] [role="option"] .palette__title')?.textContent === t,
    title,
    { timeout: 15_000 },
  );
}

describe.skipIf(!HAVE_CHROMIUM)('one search over everything, offline (Ctrl/Cmd+K)', () => {
  const w = useWorld(['device']);
  beforeAll(async () => {
    const { page, context } = w.device;
    await openApp(page, w.server.url);
    await setOffline(context, true);
    await page.reload();
    await page.locator('.shell').waitFor();
  });

  it('"new habit" from the palette opens the habit form; the habit, a goal and a journal entry are made offline', async () => {
    const { page } = w.device;
    await openWithKeys(page);
    // Nothing typed: the actions are listed first.
    expect(await options(page).first().locator('.palette__kind').textContent()).toBe('Action');
    await findFirst(page, 'new habit', 'New habit');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'New habit' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/habits');
    expect(new URL(page.url()).search).toBe(''); // the intent is dropped from the address once acted on
    await page.locator('input[name="habit-name"]').fill('Meditation practice');
    await page.getByRole('button', { name: 'Create habit' }).click();
    await page.getByRole('heading', { name: 'Meditation practice' }).waitFor();

    await page.goto(`${w.server.url}/goals`);
    await page.getByRole('button', { name: '+ New goal' }).click();
    await page.locator('input[name="goal-title"]').fill('Run a marathon');
    await page.getByRole('button', { name: 'Create goal' }).click();
    await page.getByRole('heading', { name: 'Run a marathon' }).waitFor();

    await page.goto(`${w.server.url}/learn/journal`);
    await page.locator('textarea[name="journal-content"]').fill('Walked to the old lighthouse with Ada and watched the ferries.');
    await page.getByRole('button', { name: 'Save entry' }).click();
    await page.getByRole('article', { name: /^Journal entry for / }).getByText('Walked to the old lighthouse with Ada and watched the ferries.').waitFor();
  });

  it('finds each by keyboard (with a typo), highlights the match, and Enter opens it', async () => {
    const { page } = w.device;
    await page.goto(`${w.server.url}/progress`);
    await page.locator('.shell').waitFor();

    // The habit, misspelt.
    await openWithKeys(page);
    await findFirst(page, 'meditaton', 'Meditation practice');
    const first = options(page).first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await first.locator('.palette__kind').textContent()).toBe('Habit');
    expect(await first.locator('mark').first().textContent()).toBe('Meditation');
    expect(await field(page).getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id.startsWith('habit-') && document.activeElement.textContent?.includes('Meditation practice'));
    expect(new URL(page.url()).pathname).toBe('/habits');
    expect(await page.getByRole('dialog', { name: 'Search' }).count()).toBe(0);

    // The goal, by a prefix.
    await openWithKeys(page);
    await findFirst(page, 'marath', 'Run a marathon');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id.startsWith('goal-') && document.activeElement.textContent?.includes('Run a marathon'));
    expect(new URL(page.url()).pathname).toBe('/goals');

    // The journal entry, by a word of its body (shown in a highlighted snippet), from another day of the journal.
    await page.goto(`${w.server.url}/learn/journal`);
    await page.getByRole('button', { name: 'Previous day' }).click();
    await page.locator('textarea[name="journal-content"]').waitFor();
    await openWithKeys(page);
    await field(page).fill('lighthous');
    await options(page).first().locator('.palette__snippet mark', { hasText: 'lighthouse' }).waitFor();
    expect(await options(page).first().locator('.palette__kind').textContent()).toBe('Journal');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: /^Journal entry for / }).getByText('Walked to the old lighthouse with Ada and watched the ferries.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/learn/journal');

    // Arrow keys move through the results; Escape closes and the page keeps its focus order.
    await openWithKeys(page);
    await field(page).fill('open');
    await options(page).nth(1).waitFor();
    // The results arrive as the index answers each keystroke: the keys go to the list a person sees settle.
    await settled(page);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options(page).nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => options(page).first().getAttribute('aria-selected')).toBe('true');
    // Focus stays inside the palette.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Search' }).waitFor({ state: 'detached' });
  });

  it('keeps up with changes: a renamed habit is found by its new name, not its old one', async () => {
    const { page } = w.device;
    await page.goto(`${w.server.url}/habits`);
    await page.getByRole('heading', { name: 'Meditation practice' }).waitFor();
    await openWithKeys(page); // the index is built on this page load
    await findFirst(page, 'meditation', 'Meditation practice');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'More' }).first().click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('input[name="habit-name"]').fill('Breathing practice');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Breathing practice' }).waitFor();
    await openWithKeys(page);
    await findFirst(page, 'breathing', 'Breathing practice');
    await field(page).fill('meditation');
    await page.getByText('Nothing matches “meditation”.').waitFor();
    await page.keyboard.press('Escape');
  });

  it('on a phone, the header button (touch-sized) opens the palette', async () => {
    const { page } = w.device;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${w.server.url}/`);
    const button = page.locator('.top-bar').getByRole('button', { name: 'Search' });
    await button.waitFor();
    const box = (await button.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await button.tap().catch(() => button.click());
    await field(page).waitFor();
    await findFirst(page, 'marathon', 'Run a marathon');
    await options(page).first().click();
    await page.waitForFunction(() => document.activeElement?.id.startsWith('goal-'));
    expect(new URL(page.url()).pathname).toBe('/goals');
    await page.setViewportSize({ width: 1200, height: 850 });
  });
});
