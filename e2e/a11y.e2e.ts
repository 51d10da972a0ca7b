import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, signIn, syncAndWait, useWorld } from './harness.ts';
import { earnAWorkoutAndTwoFocusSessions } from './economy-helpers.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ADMIN = 'a11y.e2e@example.com';

interface Finding {
  where: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core over the page as it is (WCAG 2.0–2.2 A and AA rules); only serious and critical findings. */
async function scan(page: Page, where: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ where, ...v }));
}

/** Opens a route and waits until its screen (not the loading placeholder) is there and settled. */
async function open(page: Page, path: string) {
  await page.goto(page.url().replace(/^(https?:\/\/[^/]+).*$/, `$1${path}`));
  await page.waitForSelector('main#main', { timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector('.page-loading') && document.querySelector('main#main')?.childElementCount, null, { timeout: 20_000 });
  // Live queries and animations settle (celebrations pop in over 0.6 s).
  await page.waitForTimeout(300);
}

/** The main screens, and for some a dialog or panel opened by a button on it. */
const click = (name: RegExp) => async (p: Page) => p.getByRole('button', { name }).first().click({ timeout: 5_000 });
const SCREENS: Array<{ path: string; dialogs?: Array<{ name: string; open: (p: Page) => Promise<void> }> }> = [
  {
    path: '/',
    dialogs: [
      {
        name: 'search palette with results',
        open: async (p) => {
          await p.keyboard.press('Control+k');
          await p.getByRole('combobox').fill('drink');
          await p.getByRole('option').first().waitFor({ timeout: 5_000 });
        },
      },
    ],
  },
  { path: '/focus' },
  { path: '/planner', dialogs: [{ name: 'new event', open: click(/new event/i) }] },
  { path: '/quests', dialogs: [{ name: 'new quest', open: click(/your own quest/i) }] },
  { path: '/habits', dialogs: [{ name: 'new habit', open: click(/new habit/i) }] },
  { path: '/goals', dialogs: [{ name: 'new goal', open: click(/new goal/i) }] },
  { path: '/tasks' },
  {
    path: '/exercise',
    dialogs: [
      {
        name: 'exercise picker in a workout',
        open: async (p) => {
          // The first pass starts a workout; later passes resume it.
          const resume = p.getByRole('link', { name: 'Resume workout' });
          if (await resume.isVisible()) await resume.click();
          else await click(/empty workout/i)(p);
          await click(/add exercise/i)(p);
        },
      },
    ],
  },
  { path: '/exercise/history' },
  { path: '/exercise/library' },
  { path: '/learn' },
  { path: '/learn/journal' },
  { path: '/books' },
  { path: '/recipes' },
  { path: '/recipes/new' },
  { path: '/recipes/recipe-weeknight-pancakes' },
  { path: '/recipes/recipe-weeknight-pancakes/follow' },
  { path: '/market', dialogs: [{ name: 'new reward', open: click(/your own reward/i) }] },
  { path: '/progress' },
  { path: '/settings' },
  { path: '/feedback' },
  { path: '/welcome' },
  { path: '/admin' },
];

describe.skipIf(!HAVE_CHROMIUM)('accessibility (axe-core)', () => {
  const w = useWorld(['device'], { env: () => ({ ADMIN_EMAILS: ADMIN }) });

  it('finds no serious or critical violation on any main screen or dialog, at 390 and 1280 px, light and dark, with data', async () => {
    const { page } = w.device;
    await openApp(page, w.server.url);
    await signIn(page, ADMIN, 'Ada Access');
    // Data on the screens: a workout with records, focus sessions, completed quests, a habit logged.
    await earnAWorkoutAndTwoFocusSessions(page);
    await page.evaluate(async () => {
      const ig = (window as any).__ignition;
      const habit = crypto.randomUUID();
      const now = new Date().toISOString();
      await ig.commit([{ table: 'habits', id: habit, fields: { name: 'Drink water', frequency: 'daily', target_count: 1, is_active: true, created_at: now } }], []);
    });
    await syncAndWait(page);

    const findings: Finding[] = [];
    const missingDialogs: string[] = [];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const screen of SCREENS) {
          const where = `${screen.path} ${width}px ${scheme}`;
          await open(page, screen.path);
          findings.push(...(await scan(page, where)));
          for (const d of screen.dialogs ?? []) {
            await open(page, screen.path);
            try {
              await d.open(page);
              await page.waitForTimeout(400);
            } catch {
              missingDialogs.push(`${where}: ${d.name}`);
              continue;
            }
            findings.push(...(await scan(page, `${where} + ${d.name}`)));
          }
        }
      }
    }
    const summary = findings.map((f) => `${f.where}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(' | ')}`);
    if (summary.length) console.log(summary.join('\n'));
    if (missingDialogs.length) console.log(`dialogs not opened: ${missingDialogs.join('; ')}`);
    expect(summary).toEqual([]);
    expect(missingDialogs).toEqual([]);
  }, 600_000);
});
