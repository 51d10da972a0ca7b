import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious or critical axe-core findings (WCAG 2.0–2.2 A and AA) on the page as it is. */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return found.map((f) => `${where}: ${f}`);
}

const EMAIL = 'note.keeper@example.com';

describe.skipIf(!HAVE_CHROMIUM)('the infobase, offline then synced to a second device', () => {
  const w = useWorld(['laptop', 'phone']);
  beforeAll(async () => {
    await openApp(w.laptop.page, w.server.url);
    await signIn(w.laptop.page, EMAIL);
    await syncAndWait(w.laptop.page);
  });

  const serverEntries = async () => (await w.server.db.execute('SELECT i.title, i.tags, i.category FROM infobase_entries i JOIN users u ON u.id = i.user_id WHERE u.email = ? ORDER BY i.title', [EMAIL])).rows;

  it('writes two linked entries offline and follows a link and a backlink', async () => {
    const { page, context } = w.laptop;
    await setOffline(context, true);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Infobase' }).click();
    await page.getByRole('heading', { name: 'No entries yet' }).waitFor();
    await page.getByRole('button', { name: 'Write your first entry' }).click();

    await page.locator('input[name="entry-title"]').fill('Sourdough');
    await page.locator('input[name="entry-category"]').fill('Kitchen');
    await page.locator('input[name="entry-tags"]').fill('food, baking');
    const body = page.locator('textarea[name="entry-content"]');
    await body.fill('Feed the [[Starter]] every morning.\n\n**Keep it warm**');
    // Ctrl+Enter shows the preview (markdown rendered), and again goes back to writing.
    await body.press('Control+Enter');
    await page.getByLabel('Preview').locator('strong', { hasText: 'Keep it warm' }).waitFor();
    await page.getByRole('tab', { name: 'Preview' }).press('Control+Enter');
    await body.waitFor();
    // Ctrl+S saves and opens the entry.
    await body.press('Control+s');
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();
    expect(await page.locator('.infobase-body-view strong').textContent()).toBe('Keep it warm');

    // Following a link to a title no entry has creates that entry and opens it.
    await page.locator('.infobase-body-view').getByRole('link', { name: 'Starter' }).click();
    await page.getByRole('heading', { name: 'Starter', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('textarea[name="entry-content"]').fill('Flour and water, fed daily. Used for [[sourdough|the loaf]]. Also: ');
    // "Insert a link" puts the [[…]] text of another entry at the cursor.
    await page.getByLabel('Insert a link').selectOption({ label: 'Sourdough' });
    expect(await page.locator('textarea[name="entry-content"]').inputValue()).toBe('Flour and water, fed daily. Used for [[sourdough|the loaf]]. Also: [[Sourdough]]');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.infobase-body-view').getByRole('link', { name: 'Sourdough' }).waitFor();
    const backlinks = page.getByRole('region', { name: 'Backlinks' });
    await backlinks.getByRole('link', { name: 'Sourdough' }).waitFor();

    // Follow the backlink, then the link again: it opens the same Starter, no second one is made.
    await backlinks.getByRole('link', { name: 'Sourdough' }).click();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();
    await page.getByRole('region', { name: 'Backlinks' }).getByRole('link', { name: 'Starter' }).waitFor();
    await page.locator('.infobase-body-view').getByRole('link', { name: 'Starter' }).click();
    await page.getByRole('heading', { name: 'Starter', level: 2 }).waitFor();
    await page.locator('.infobase-body-view').getByRole('link', { name: 'the loaf' }).click();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();

    // The list holds both, survives a reload offline, and filters by tag.
    await page.getByRole('link', { name: '← All entries' }).click();
    const list = page.getByRole('list', { name: 'Entries' });
    await list.getByRole('link', { name: /^Starter/ }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    await page.reload();
    await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: '#food' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.infobase-list > li').length === 1);
    await list.getByRole('link', { name: /^Sourdough/ }).waitFor();
    expect(await serverEntries()).toEqual([]);

    await setOffline(context, false);
    await syncAndWait(page);
    expect((await serverEntries()).map((r) => ({ ...r }))).toEqual([
      { title: 'Sourdough', tags: '["food","baking"]', category: 'Kitchen' },
      { title: 'Starter', tags: '[]', category: null },
    ]);
  });

  it('shows the same entries, links and backlinks on a second device after it syncs', async () => {
    const { page } = w.phone;
    await openApp(page, w.server.url);
    await signIn(page, EMAIL);
    await syncAndWait(page);
    await page.locator('.side-nav').getByRole('link', { name: 'Infobase' }).click();
    const list = page.getByRole('list', { name: 'Entries' });
    await list.getByRole('link', { name: /^Sourdough/ }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    await list.getByRole('link', { name: /^Starter/ }).click();
    await page.getByRole('heading', { name: 'Starter', level: 2 }).waitFor();
    await page.getByRole('region', { name: 'Backlinks' }).getByRole('link', { name: 'Sourdough' }).click();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();

    // A link to one of the person's own things shows its title and opens its area.
    await page.evaluate(async () => {
      const ig = (window as any).__ignition;
      const now = new Date().toISOString();
      await ig.commit([{ table: 'books', id: 'book-dune-e2e', fields: { title: 'Dune', status: 'reading', current_page: 0, total_pages: 412, created_at: now, updated_at: now } }], []);
    });
    await page.getByRole('button', { name: 'Edit' }).click();
    const body = page.locator('textarea[name="entry-content"]');
    await body.fill(`${await body.inputValue()}\n\nRead while it proves: [[book:dune]]`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const things = page.getByRole('region', { name: 'Linked things' });
    await things.getByRole('link', { name: 'Dune' }).waitFor();
    await page.locator('.infobase-body-view').getByRole('link', { name: /Dune/ }).waitFor();

    // At phone width, the list and an entry have no serious accessibility finding.
    await page.setViewportSize({ width: 390, height: 844 });
    const findings = await axeFindings(page, 'entry 390px');
    await page.getByRole('link', { name: '← All entries' }).click();
    await page.getByRole('list', { name: 'Entries' }).waitFor();
    findings.push(...(await axeFindings(page, 'list 390px')));
    expect(findings).toEqual([]);
    await page.getByRole('list', { name: 'Entries' }).getByRole('link', { name: /^Sourdough/ }).click();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();
    await page.locator('.infobase-body-view').getByRole('link', { name: /Dune/ }).click();
    await page.waitForURL(/\/books$/);
    await page.goBack();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();

    // Delete with undo on this device: the entry comes back (under a fresh id) and its links still work.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { name: 'Sourdough', level: 2 }).waitFor();
    await page.getByRole('region', { name: 'Backlinks' }).getByRole('link', { name: 'Starter' }).waitFor();
    await syncAndWait(page);
    expect((await serverEntries()).map((r) => r.title)).toEqual(['Sourdough', 'Starter']);
  });
});
