import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, newDevice, openApp, setOffline, signIn, syncAndWait, useWorld, type TestBrowser } from './harness.ts';

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
    // The status settles once the page knows it is offline (a loaded machine can show the start of a sync attempt first).
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-phase'), { timeout: 10_000 }).toMatch(/offline|local/);
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
  it('shows how far a long sync has got: the count to send going down, then the rows received on a new device', async () => {
    const email = 'long.sync@example.com';
    const record = async (d: TestBrowser) =>
      d.page.addInitScript(() => {
        const w = window as unknown as { __statusTexts: string[] };
        w.__statusTexts = [];
        new MutationObserver(() => {
          const text = document.querySelector('[data-testid="sync-status"] [role="status"]')?.textContent;
          if (text && w.__statusTexts[w.__statusTexts.length - 1] !== text) w.__statusTexts.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
    const texts = (d: TestBrowser) => d.page.evaluate(() => (window as unknown as { __statusTexts: string[] }).__statusTexts);
    const phone = await newDevice();
    const laptop = await newDevice();
    try {
      await openApp(phone.page, w.server.url);
      await signIn(phone.page, email);
      await syncAndWait(phone.page);
      await setOffline(phone.context, true);
      // A month offline: 3,000 entries made on the phone (one transaction, as an import would).
      await phone.page.evaluate(async () => {
        const ig = (window as unknown as { __ignition: { commit: (ops: unknown[], events: unknown[]) => Promise<unknown> } }).__ignition;
        await ig.commit(
          Array.from({ length: 3000 }, (_, i) => ({ table: 'journal_entries', id: crypto.randomUUID(), fields: { date: '2026-01-01', content: `Note ${i}` } })),
          [],
        );
      });
      await phone.page.getByTestId('sync-status').filter({ hasText: /3,?000 to sync/ }).waitFor();
      await record(phone);
      await phone.page.reload();
      await setOffline(phone.context, false);
      await syncAndWait(phone.page);
      // The count to send went down batch by batch, not from 3,000 straight to none.
      const sending = (await texts(phone)).map((t) => /Syncing….* ([\d,]+) to sync/.exec(t)?.[1]).filter((n): n is string => !!n).map((n) => Number(n.replace(/,/g, '')));
      expect(sending.some((n) => n > 0 && n < 3000)).toBe(true);
      expect(Number((await w.server.db.execute("SELECT COUNT(*) AS n FROM journal_entries j JOIN users u ON u.id = j.user_id WHERE u.email = 'long.sync@example.com'")).rows[0].n)).toBe(3000);

      // A new device of the same person pulls it all, page by page, counting as it goes.
      await record(laptop);
      await openApp(laptop.page, w.server.url);
      await signIn(laptop.page, email);
      await syncAndWait(laptop.page);
      const received = (await texts(laptop)).map((t) => /([\d,]+) received/.exec(t)?.[1]).filter((n): n is string => !!n).map((n) => Number(n.replace(/,/g, '')));
      expect(received.length).toBeGreaterThanOrEqual(2);
      expect(received).toEqual([...received].sort((a, b) => a - b));
      expect(await laptop.page.evaluate(() => (window as unknown as { __ignition: { db: { journal_entries: { count: () => Promise<number> } } } }).__ignition.db.journal_entries.count())).toBe(3000);
    } finally {
      await phone.close();
      await laptop.close();
    }
  });
  it('sums up many refusals in one notice whose "See why" opens the wins with each reason', async () => {
    const device = await newDevice();
    try {
      const { page, context } = device;
      await openApp(page, w.server.url);
      await signIn(page, 'many.refusals@example.com');
      await syncAndWait(page);
      await setOffline(context, true);
      // Six journal entries written for one day on an offline device (say, imported): the day's
      // journal reward is paid once.
      await page.evaluate(async () => {
        const ig = (window as unknown as { __ignition: { commit: (ops: unknown[], events: unknown[]) => Promise<unknown> } }).__ignition;
        for (let i = 0; i < 6; i++) {
          const id = crypto.randomUUID();
          await ig.commit([{ table: 'journal_entries', id, fields: { date: '2026-03-02', content: `Page ${i}` } }], [{ event_type: 'journal_entry', entity_id: id, xp: 10, coins: 5, created_at: `2026-03-02T1${i}:00:00.000Z`, local_date: '2026-03-02' }]);
        }
      });
      await setOffline(context, false);
      await syncAndWait(page);
      const notice = page.locator('.notice.error').filter({ hasText: '5 items were not counted: 5 × Already rewarded' });
      await notice.waitFor();
      expect(await page.locator('.notice.error').count()).toBe(1);
      await notice.getByRole('button', { name: 'See why' }).click();
      await page.waitForURL(/\/progress$/);
      await expect.poll(() => page.locator('li.rejected').filter({ hasText: 'Not counted: Already rewarded' }).count()).toBe(5);
    } finally {
      await device.close();
    }
  });
});
