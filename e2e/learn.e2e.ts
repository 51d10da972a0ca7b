import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, setOffline, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

/** 50 cards as a spreadsheet would export them: a header, quoted commas, a quoted line break. */
function spanishCsv(): string {
  const rows = ['front,back'];
  for (let i = 1; i <= 50; i++) {
    if (i === 7) rows.push('"hola, amigo","hello, friend"');
    else if (i === 8) rows.push('"**negrita**","bold\nin two lines"');
    else rows.push(`palabra ${i},word ${i}`);
  }
  return rows.join('\r\n');
}

describe.skipIf(!HAVE_CHROMIUM)('learning offline, then synced', () => {
  const w = useWorld(['device']);

  it('completes a lesson, imports 50 cards, reviews 10 and sees their next due dates, all offline; sync makes it the server’s', async () => {
    const email = 'learner@example.com';
    const { page, context } = w.device;
    await signedInThenOffline(w.device, w.server.url, email);
    await page.locator('.side-nav').getByRole('link', { name: 'Learn' }).click();

    // A lesson from a starter course.
    await page.getByRole('link', { name: 'Getting started with Ignition' }).click();
    await page.getByRole('link', { name: 'Your life as a game you can win' }).click();
    await page.getByRole('heading', { name: 'The five skills' }).waitFor();
    await page.getByRole('button', { name: /Mark complete/ }).click();
    await page.getByTestId('lesson-done').waitFor();
    await page.getByRole('link', { name: '← Back to the course' }).click();
    expect(await page.getByTestId('course-percent').textContent()).toBe('25% complete');

    // A deck and a 50-card CSV.
    await page.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Flashcards' }).click();
    await page.getByRole('button', { name: 'Create your first deck' }).click();
    await page.getByLabel('Deck name').fill('Spanish');
    await page.getByRole('button', { name: 'Create deck' }).click();
    await page.getByTestId('card-import').setInputFiles({ name: 'spanish.csv', mimeType: 'text/csv', buffer: Buffer.from(spanishCsv()) });
    await page.getByTestId('deck-card-count').filter({ hasText: '50' }).waitFor();
    expect(await page.getByTestId('deck-due-count').textContent()).toBe('50');

    // A bad file is refused with its line number, and nothing is added.
    await page.getByTestId('card-import').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('front,back\nuno,one\ndos\ntres,three\n') });
    expect(await page.getByTestId('import-error').textContent()).toMatch(/Nothing was imported.*Line 3/);
    expect(await page.getByTestId('deck-card-count').textContent()).toBe('50');

    // Export as TSV: the same 50 cards, tabs and line breaks inside a field quoted, readable by the importer.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export TSV' }).click()]);
    expect(download.suggestedFilename()).toBe('Spanish.tsv');
    const tsv = readFileSync((await download.path())!, 'utf8');
    const lines = tsv.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe('front\tback');
    expect(lines).toContain('hola, amigo\thello, friend');
    expect(lines).toContain('palabra 50\tword 50');
    expect(tsv).toContain('"bold\nin two lines"');

    // Review 10 with the keyboard: Space flips, 3 is Good. The buttons show the next intervals.
    await page.getByRole('link', { name: 'Review 50 due' }).click();
    for (let i = 0; i < 10; i++) {
      await page.getByRole('button', { name: /Show answer/ }).waitFor();
      await page.keyboard.press('Space');
      const good = page.locator('[data-rating="good"]');
      await good.waitFor();
      if (i === 0) {
        expect(await page.locator('[data-rating="again"]').textContent()).toContain('10m');
        expect(await good.textContent()).toContain('1d');
        expect(await page.locator('[data-rating="easy"]').textContent()).toContain('4d');
      }
      // 3 is Good; the last card gets 2 (Hard), which for a new card is also a day.
      await page.keyboard.press(i === 9 ? '2' : '3');
      await page.getByTestId('review-remaining').filter({ hasText: `${i + 1} reviewed` }).waitFor();
    }
    await page.getByRole('link', { name: '← End session' }).click();
    await page.getByTestId('deck-due-count').filter({ hasText: '40' }).waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short' });
    const dueTexts = await page.getByTestId('card-due').allTextContents();
    expect(dueTexts.filter((t) => t.startsWith(`Due ${tomorrow}`))).toHaveLength(10);
    expect(dueTexts.filter((t) => t.startsWith('New'))).toHaveLength(40);

    // A tiny deck reviewed to the end says when the next review is.
    await page.getByRole('link', { name: '← All decks' }).click();
    await page.getByRole('button', { name: 'New deck' }).click();
    await page.getByLabel('Deck name').fill('Capitals');
    await page.getByRole('button', { name: 'Create deck' }).click();
    await page.getByLabel('Front').fill('Capital of **Peru**?');
    await page.getByLabel('Back').fill('Lima');
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.getByTestId('deck-card-count').filter({ hasText: '1' }).waitFor();
    // The form stays open for the next card.
    await page.getByLabel('Front').fill('Capital of **Chile**?');
    await page.getByLabel('Back').fill('Santiago');
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.getByTestId('deck-card-count').filter({ hasText: '2' }).waitFor();
    await page.getByRole('button', { name: 'Delete card' }).first().click();
    await page.getByTestId('deck-card-count').filter({ hasText: '1' }).waitFor();
    // Renaming the deck keeps its cards.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Deck name').fill('World capitals');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'World capitals' }).waitFor();
    expect(await page.getByTestId('deck-card-count').textContent()).toBe('1');
    await page.getByRole('link', { name: 'Review 1 due' }).click();
    // The front is markdown; on a phone the four ratings are large touch targets.
    expect(await page.locator('.learn-flashcard__front strong').textContent()).toBe('Peru');
    await page.getByRole('button', { name: /Show answer/ }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const r of ['again', 'hard', 'good', 'easy']) {
      const box = (await page.locator(`[data-rating="${r}"]`).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(64);
      expect(box.width).toBeGreaterThanOrEqual(120);
    }
    await page.setViewportSize({ width: 1200, height: 850 });
    // 1 (Again) brings the card back in this session; then 4 (Easy) clears it.
    await page.keyboard.press('1');
    await page.getByTestId('review-remaining').filter({ hasText: '1 reviewed' }).waitFor();
    await page.getByRole('button', { name: /Show answer/ }).waitFor();
    await page.keyboard.press('Space');
    await page.locator('[data-rating="easy"]').waitFor();
    await page.keyboard.press('4');
    // Easy after Again: four days out (the screen follows the stored card a moment after the last key).
    const in4Days = new Date(Date.now() + 4 * 86_400_000).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short' });
    await page.getByTestId('next-review').filter({ hasText: `Nothing due — next review ${in4Days}` }).waitFor();

    // Nothing reached the server while offline.
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM flashcards')).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const q = async (sql: string) => (await w.server.db.execute({ sql, args: [email] })).rows;
    const cards = await q("SELECT c.front, c.back, c.review_count, c.next_review FROM flashcards c JOIN flashcard_decks d ON d.id = c.deck_id JOIN users u ON u.id = d.user_id WHERE u.email = ? AND d.title = 'Spanish'");
    expect(cards).toHaveLength(50);
    expect(cards.filter((c) => Number(c.review_count) === 1 && c.next_review)).toHaveLength(10);
    expect(cards.find((c) => c.front === 'hola, amigo')?.back).toBe('hello, friend');
    expect(cards.find((c) => c.front === '**negrita**')?.back).toBe('bold\nin two lines');
    const deck = (await q("SELECT d.card_count FROM flashcard_decks d JOIN users u ON u.id = d.user_id WHERE u.email = ? AND d.title = 'Spanish'"))[0];
    expect(Number(deck.card_count)).toBe(50);
    expect(Number((await q('SELECT COUNT(*) AS n FROM flashcard_reviews r JOIN users u ON u.id = r.user_id WHERE u.email = ?'))[0].n)).toBe(12);
    const capital = (await q("SELECT c.review_count, c.interval, c.ease_factor FROM flashcards c JOIN flashcard_decks d ON d.id = c.deck_id JOIN users u ON u.id = d.user_id WHERE u.email = ? AND d.title = 'World capitals'"))[0];
    expect([Number(capital.review_count), Number(capital.interval), Number(capital.ease_factor)]).toEqual([2, 4, 2.45]);
    const events = await q('SELECT event_type, xp_earned FROM activity_events e JOIN users u ON u.id = e.user_id WHERE u.email = ? ORDER BY e.created_at');
    expect(events.map((e) => [e.event_type, Number(e.xp_earned)])).toEqual([
      ['lesson_complete', 30],
      ['review_complete', 10],
      ['review_complete', 1],
    ]);
    expect((await q("SELECT d.title, d.card_count FROM flashcard_decks d JOIN users u ON u.id = d.user_id WHERE u.email = ? ORDER BY d.created_at")).map((d) => [d.title, Number(d.card_count)])).toEqual([
      ['Spanish', 50],
      ['World capitals', 1],
    ]);
    const progress = (await q('SELECT p.total_xp FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?'))[0];
    expect(Number(progress.total_xp)).toBe(41);
    const done = await q("SELECT p.lesson_id FROM user_lesson_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ? AND p.completed = 1");
    expect(done.map((r) => r.lesson_id)).toEqual(['lesson-gs-1-welcome']);
  });
});
