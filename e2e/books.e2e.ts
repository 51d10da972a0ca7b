import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

const EMAIL = 'reader.writer@example.com';

describe.skipIf(!HAVE_CHROMIUM)('journal and books, offline then synced', () => {
  const w = useWorld(['device']);
  beforeAll(async () => {
    await openApp(w.device.page, w.server.url);
    await signIn(w.device.page, EMAIL);
    await syncAndWait(w.device.page);
  });

  const progress = async () => {
    const r = (await w.server.db.execute('SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [EMAIL])).rows[0];
    return { xp: Number(r?.total_xp ?? 0), coins: Number(r?.coins ?? 0) };
  };

  it('writes a journal entry offline, keeps it across a reload and syncs it as the one entry of the day', async () => {
    const { page, context } = w.device;
    await setOffline(context, true);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Learn' }).click();
    await page.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'No entries yet' }).waitFor();
    await page.getByLabel('Mood 4: Good').check({ force: true });
    await page.locator('textarea[name="journal-content"]').fill('# Quiet morning\nRead by the **window** with tea.');
    await page.getByRole('button', { name: 'Save entry' }).click();
    await page.getByRole('heading', { name: 'Quiet morning' }).waitFor();
    expect(await page.locator('.journal-entry strong').textContent()).toBe('window');
    await page.getByTestId('xp').filter({ hasText: '10 XP' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Quiet morning' }).waitFor();
    // The calendar marks the day, the mood chart has a point, and the list brings a browsed-away day back.
    const marked = page.getByRole('group', { name: /^Journal days of/ }).getByRole('button', { name: /, has an entry$/ });
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.journal-page .chart-empty').count()).toBe(0);
    await page.getByRole('button', { name: 'Previous day' }).click();
    await page.getByRole('heading', { name: 'Quiet morning' }).waitFor({ state: 'detached' });
    await page.locator('textarea[name="journal-content"]').waitFor();
    await page.getByRole('list', { name: 'Journal entries' }).getByRole('button').first().click();
    await page.getByRole('heading', { name: 'Quiet morning' }).waitFor();
    // Search finds it by its words; nothing has reached the server yet.
    await page.getByRole('searchbox', { name: 'Search your journal' }).fill('window tea');
    await page.getByRole('list', { name: 'Journal entries' }).getByText('Read by the window with tea').waitFor();
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM journal_entries')).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const rows = (await w.server.db.execute('SELECT j.id, j.content, j.mood, u.id AS uid FROM journal_entries j JOIN users u ON u.id = j.user_id WHERE u.email = ?', [EMAIL])).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].mood).toBe(4);
    expect(String(rows[0].id)).toBe(`journal:${rows[0].uid}:${String(rows[0].id).slice(-10)}`);
    expect(await progress()).toEqual({ xp: 10, coins: 5 });
  });

  it('adds a book offline, logs two reading sessions that finish it, and the server agrees after sync', async () => {
    const { page, context } = w.device;
    const before = await progress();
    await setOffline(context, true);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Books' }).click();
    await page.getByRole('button', { name: 'Add your first book' }).click();
    await page.locator('input[name="book-title"]').fill('The Hobbit');
    await page.locator('input[name="book-author"]').fill('J. R. R. Tolkien');
    await page.locator('input[name="book-pages"]').fill('100');
    await page.locator('select[name="book-status"]').selectOption('reading');
    // A cover that cannot load is simply not shown.
    await page.locator('input[name="book-cover"]').fill('http://127.0.0.1:9/missing-cover.jpg');
    await page.getByRole('button', { name: 'Add book' }).click();
    const card = page.getByTestId('book-card').filter({ hasText: 'The Hobbit' });
    await card.waitFor();

    await card.getByRole('button', { name: 'Log reading' }).click();
    await card.locator('input[name="session-pages"]').fill('40');
    await card.locator('input[name="session-minutes"]').fill('25');
    await card.getByRole('button', { name: 'Log session' }).click();
    await card.getByText('Page 40 of 100 · 40%').waitFor();

    // A page past the end is refused with a clear message.
    await card.getByRole('button', { name: 'Log reading' }).click();
    await card.getByText('Page reached').click();
    await card.locator('input[name="session-pages"]').fill('120');
    await card.getByRole('button', { name: 'Log session' }).click();
    await card.getByText('This book has 100 pages').waitFor();
    await card.locator('input[name="session-pages"]').fill('100');
    await card.getByRole('button', { name: 'Log session' }).click();
    await card.getByText('Page 100 of 100 · 100%').waitFor();
    await card.getByText('Completed', { exact: true }).first().waitFor();
    expect(await page.getByTestId('books-finished').textContent()).toBe('1');
    // 100 pages over the last 30 days, read today: 3.3 a day and a one-day streak.
    expect(await page.getByTestId('pages-per-day').textContent()).toBe('3.3');
    expect(await page.getByTestId('reading-streak').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Set a yearly goal' }).click();
    await page.locator('input[name="yearly-goal"]').fill('12');
    await page.getByRole('button', { name: 'Save goal' }).click();
    await page.getByText('1 of 12 books this year').waitFor();
    expect(await card.locator('img.book-cover').count()).toBe(0);
    // 10 (journal) + 8 (40 pages) + 12 (60 pages)
    await page.getByTestId('xp').filter({ hasText: '30 XP' }).waitFor();
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM books')).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const book = (await w.server.db.execute("SELECT id, status, current_page, finished_at FROM books WHERE title = 'The Hobbit'")).rows[0];
    expect(book).toMatchObject({ status: 'completed', current_page: 100 });
    expect(book.finished_at).toBeTruthy();
    const sessions = (await w.server.db.execute('SELECT pages_read, start_page, end_page FROM reading_sessions WHERE book_id = ? ORDER BY end_page', [book.id])).rows;
    expect(sessions.map((s) => [s.pages_read, s.start_page, s.end_page])).toEqual([
      [40, 0, 40],
      [60, 40, 100],
    ]);
    const goal = (await w.server.db.execute('SELECT s.yearly_book_goal FROM user_settings s JOIN users u ON u.id = s.user_id WHERE u.email = ?', [EMAIL])).rows;
    expect(goal.map((r) => Number(r.yearly_book_goal))).toEqual([12]);
    // A cover that loads is shown (the app's own icon, from the service worker's cache).
    await card.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('input[name="book-cover"]').fill(`${w.server.url}/icons/icon-192.png`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const cover = card.locator('img.book-cover');
    await cover.waitFor();
    await page.waitForFunction(() => ((document.querySelector('img.book-cover') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    const after = await progress();
    expect(after.xp - before.xp).toBe(20);
    expect(after.coins - before.coins).toBe(10);
  });
});
