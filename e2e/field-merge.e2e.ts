import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld, type TestBrowser } from './harness.ts';
import { earnAWorkoutAndTwoFocusSessions } from './economy-helpers.ts';

/**
 * ARCHITECTURE.md §5 rule 4 as a person with a phone and a laptop meets it: both offline, one
 * renames a thing, the other changes its description, both sync, and both edits are kept. Then
 * rule 3: a purchase the server refused stays listed, with its reason, until dismissed.
 */
const EMAIL = 'field.merge@example.com';

const nav = (page: Page, name: string) => page.locator('.side-nav').getByRole('link', { name }).click();

/** The row as stored in the device's IndexedDB. */
const localRow = (page: Page, table: string, id: string) =>
  page.evaluate(({ table, id }) => (window as any).__ignition.db.table(table).get(id), { table, id }) as Promise<Record<string, unknown> | undefined>;
const localIdOf = (page: Page, table: string, field: string, value: string) =>
  page.evaluate(
    async ({ table, field, value }) => ((await (window as any).__ignition.db.table(table).toArray()) as Array<Record<string, unknown>>).find((r) => r[field] === value)?.id as string | undefined,
    { table, field, value },
  );
/** The habit card's Edit sits under "More". */
async function editHabit(page: Page, name: string) {
  const card = page.getByTestId('habit-card').filter({ hasText: name });
  await card.getByRole('button', { name: 'More' }).click();
  await card.getByRole('button', { name: 'Edit' }).click();
}
const api = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<any>;

describe.skipIf(!HAVE_CHROMIUM)('two devices editing different fields of one row', () => {
  const w = useWorld(['phone', 'laptop']);
  const both = () => [w.phone, w.laptop] as const;

  /** Offline on both, `phoneEdit` then `laptopEdit` (a later save), online again, two syncs each. */
  async function bothOfflineThen(phoneEdit: (p: Page) => Promise<void>, laptopEdit: (p: Page) => Promise<void>) {
    for (const d of both()) await setOffline(d.context, true);
    await phoneEdit(w.phone.page);
    await laptopEdit(w.laptop.page);
    for (const d of both()) await setOffline(d.context, false);
    for (let round = 0; round < 2; round++) for (const d of both()) await syncAndWait(d.page);
  }

  async function expectOnBoth(table: string, id: string, want: Record<string, unknown>) {
    for (const d of both()) expect(await localRow(d.page, table, id)).toMatchObject(want);
  }

  it('keeps a rename made on the phone and a description changed on the laptop, for a habit, a goal and a reward', async () => {
    for (const d of both()) {
      await openApp(d.page, w.server.url);
      await signIn(d.page, EMAIL);
      await syncAndWait(d.page);
    }
    const { page: phone } = w.phone;
    const { page: laptop } = w.laptop;

    // A habit.
    await nav(phone, 'Habits');
    await phone.getByRole('button', { name: 'Create your first habit' }).click();
    await phone.locator('input[name="habit-name"]').fill('Walk');
    await phone.getByRole('form', { name: 'New habit' }).getByLabel('Description').fill('Around the block');
    await phone.getByRole('button', { name: 'Create habit' }).click();
    await syncAndWait(phone);
    await syncAndWait(laptop);
    await nav(laptop, 'Habits');
    await laptop.getByTestId('habit-card').filter({ hasText: 'Walk' }).waitFor();
    const habitId = (await localIdOf(phone, 'habits', 'name', 'Walk'))!;
    await bothOfflineThen(
      async (p) => {
        await editHabit(p, 'Walk');
        await p.locator('input[name="habit-name"]').fill('Evening walk');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.getByTestId('habit-card').filter({ hasText: 'Evening walk' }).waitFor();
      },
      async (p) => {
        await editHabit(p, 'Walk');
        await p.getByRole('form', { name: 'Edit habit' }).getByLabel('Description').fill('Twice around the block');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.getByRole('form', { name: 'Edit habit' }).waitFor({ state: 'detached' });
      },
    );
    await expectOnBoth('habits', habitId, { name: 'Evening walk', description: 'Twice around the block' });
    expect((await api(phone, '/api/habits')).habits.find((h: { id: string }) => h.id === habitId)).toMatchObject({ name: 'Evening walk', description: 'Twice around the block' });
    await laptop.getByTestId('habit-card').filter({ hasText: 'Evening walk' }).waitFor();

    // A goal.
    await nav(phone, 'Goals');
    await phone.getByRole('button', { name: '+ New goal' }).click();
    await phone.locator('input[name="goal-title"]').fill('Run a 10k');
    await phone.getByRole('form', { name: 'New goal' }).getByLabel('Description').fill('Before summer');
    await phone.getByRole('button', { name: 'Create goal' }).click();
    await syncAndWait(phone);
    await syncAndWait(laptop);
    await nav(laptop, 'Goals');
    await laptop.getByTestId('goal-card').filter({ hasText: 'Run a 10k' }).waitFor();
    const goalId = (await localIdOf(phone, 'goals', 'title', 'Run a 10k'))!;
    await bothOfflineThen(
      async (p) => {
        await p.getByTestId('goal-card').filter({ hasText: 'Run a 10k' }).getByRole('button', { name: 'Edit' }).click();
        await p.locator('input[name="goal-title"]').fill('Run a half marathon');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.getByTestId('goal-card').filter({ hasText: 'Run a half marathon' }).waitFor();
      },
      async (p) => {
        await p.getByTestId('goal-card').filter({ hasText: 'Run a 10k' }).getByRole('button', { name: 'Edit' }).click();
        await p.getByRole('form', { name: 'Edit goal' }).getByLabel('Description').fill('By the end of June');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.getByRole('form', { name: 'Edit goal' }).waitFor({ state: 'detached' });
      },
    );
    await expectOnBoth('goals', goalId, { title: 'Run a half marathon', description: 'By the end of June' });
    expect((await api(phone, '/api/goals')).goals.find((g: { id: string }) => g.id === goalId)).toMatchObject({ title: 'Run a half marathon', description: 'By the end of June' });

    // A reward of one's own.
    await nav(phone, 'Market');
    await phone.getByRole('button', { name: '+ Your own reward' }).click();
    await phone.getByLabel('Name').fill('Concert ticket');
    await phone.getByLabel('Price (coins)').fill('120');
    await phone.getByLabel('Description (optional)').fill('Any band');
    await phone.getByRole('button', { name: 'Add reward' }).click();
    await syncAndWait(phone);
    await syncAndWait(laptop);
    await nav(laptop, 'Market');
    await laptop.locator('.reward-card').filter({ hasText: 'Concert ticket' }).waitFor();
    const rewardId = (await localIdOf(phone, 'rewards', 'name', 'Concert ticket'))!;
    await bothOfflineThen(
      async (p) => {
        await p.locator('.reward-card').filter({ hasText: 'Concert ticket' }).getByRole('button', { name: 'Edit' }).click();
        await p.getByLabel('Name').fill('Festival ticket');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.locator('.reward-card').filter({ hasText: 'Festival ticket' }).waitFor();
      },
      async (p) => {
        await p.locator('.reward-card').filter({ hasText: 'Concert ticket' }).getByRole('button', { name: 'Edit' }).click();
        await p.getByLabel('Description (optional)').fill('A band I love');
        await p.getByRole('button', { name: 'Save' }).click();
        await p.getByRole('form', { name: 'Edit reward' }).waitFor({ state: 'detached' });
      },
    );
    await expectOnBoth('rewards', rewardId, { name: 'Festival ticket', description: 'A band I love', cost: 120 });
    expect((await api(phone, '/api/market')).rewards.find((r: { id: string }) => r.id === rewardId)).toMatchObject({ name: 'Festival ticket', description: 'A band I love' });
  });

  it('lists a purchase the server refused, with its reason, after a reload and offline, until it is dismissed', async () => {
    const { page: phone } = w.phone;
    const laptop: TestBrowser = w.laptop;
    const b = laptop.page;
    await earnAWorkoutAndTwoFocusSessions(phone);
    await syncAndWait(phone);
    await syncAndWait(b);
    await b.getByTestId('coins').filter({ hasText: '88' }).waitFor();
    await nav(b, 'Market');
    await setOffline(laptop.context, true);
    // Meanwhile the phone spends 50 of the 88 coins.
    await nav(phone, 'Market');
    await phone.getByRole('button', { name: 'Buy Fancy Coffee for 50 coins' }).click();
    await phone.getByRole('button', { name: 'Confirm: spend 50 coins on Fancy Coffee' }).click();
    await syncAndWait(phone);
    // The laptop, offline, still believes in 88 and buys a 75-coin reward; the server refuses it.
    await b.getByRole('button', { name: 'Buy Movie Night for 75 coins' }).click();
    await b.getByRole('button', { name: 'Confirm: spend 75 coins on Movie Night' }).click();
    await setOffline(laptop.context, false);
    await syncAndWait(b);
    await b.getByTestId('purchase').filter({ hasText: 'Movie Night' }).waitFor({ state: 'detached' });
    const refused = b.getByTestId('purchases-not-counted').getByTestId('not-counted-item').filter({ hasText: 'Movie Night' });
    await refused.filter({ hasText: 'Not enough coins' }).waitFor();
    expect(await refused.textContent()).toContain('75 coins');

    // Still there after the notice has gone, after a reload, and offline.
    await setOffline(laptop.context, true);
    await b.reload();
    await nav(b, 'Market');
    await refused.filter({ hasText: 'Not enough coins' }).waitFor();
    // The wins feed lists it too, with every other refusal.
    await nav(b, 'Progress');
    await b.getByTestId('not-counted').getByTestId('not-counted-item').filter({ hasText: 'Movie Night' }).filter({ hasText: 'Not enough coins' }).waitFor();

    // Dismissed, it leaves both lists, and stays dismissed after a reload.
    await nav(b, 'Market');
    await refused.getByRole('button', { name: /^Dismiss/ }).click();
    await b.getByTestId('purchases-not-counted').waitFor({ state: 'detached' });
    await b.reload();
    await nav(b, 'Progress');
    await b.locator('li.rejected').filter({ hasText: 'Movie Night' }).waitFor(); // still in the history, marked
    expect(await b.getByTestId('not-counted').count()).toBe(0);
    await setOffline(laptop.context, false);
  });
});
