import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical findings (WCAG 2.0–2.2 A and AA), as the a11y suite counts them. */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} at ${v.targets.join(' | ')}`);
}

describe.skipIf(!HAVE_CHROMIUM)('to-dos, offline first and then synced', () => {
  const w = useWorld(['phone', 'laptop']);
  // (a11y.e2e.ts scans every main screen; this scans the to-do screens in the states this test reaches.)

  it('quick-adds, checks off subtasks, completes a due task for its reward offline; the server confirms and a second device sees it all', async () => {
    const { page, context } = w.phone;
    const email = 'tasks.e2e@example.com';
    await signedInThenOffline(w.phone, w.server.url, email);

    // Quick add from Today, offline: the preview says how the line was read.
    const quick = page.getByRole('textbox', { name: 'New task' });
    await quick.fill('Buy chalk tomorrow !high');
    await page.getByTestId('quick-add-preview').filter({ hasText: '“Buy chalk” · Tomorrow · High priority' }).waitFor();
    await quick.press('Enter');
    await quick.fill('Call the gym today');
    await quick.press('Enter');
    await page.getByTestId('today-tasks').getByText('Call the gym').waitFor();

    // Today's plan takes the task due today; ticking it there completes the task: 5 XP at once (the optimistic guess).
    await page.getByRole('button', { name: 'Make today’s plan' }).first().click();
    const plan = page.getByTestId('plan');
    await plan.getByText('Call the gym').waitFor();
    expect(await plan.getByText('Buy chalk').count()).toBe(0);
    await plan.getByRole('checkbox', { name: 'Call the gym' }).check();
    await page.getByTestId('xp').filter({ hasText: '5 XP' }).waitFor();
    await page.getByTestId('today-tasks').getByText('No tasks due today.').waitFor();

    // In To-dos: Buy chalk waits in Upcoming, marked for tomorrow and high priority.
    await page.locator('.side-nav').getByRole('link', { name: 'To-dos' }).click();
    await page.getByRole('tab', { name: /Upcoming/ }).click();
    const chalk = page.getByTestId('task-item').filter({ hasText: 'Buy chalk' });
    await chalk.getByText('Tomorrow').waitFor();
    await chalk.getByText('High', { exact: true }).waitFor();

    // A subtask checklist on it.
    await chalk.getByRole('button', { name: 'Details of Buy chalk' }).click();
    await chalk.getByPlaceholder('Add a step').fill('Find a climbing shop');
    await chalk.getByRole('button', { name: 'Add', exact: true }).click();
    await chalk.getByRole('checkbox', { name: 'Find a climbing shop' }).check();
    await chalk.getByLabel('1 of 1 subtasks done').waitFor();

    // Two undated tasks in the Inbox, reordered from the keyboard (Alt + ↑).
    await quick.fill('Alpha errand');
    await quick.press('Enter');
    await quick.fill('Beta errand');
    await quick.press('Enter');
    await page.getByRole('tab', { name: /Inbox/ }).click();
    const inboxTitles = () => page.getByTestId('task-item').locator('.task-title').allTextContents();
    await expect.poll(inboxTitles).toEqual(['Alpha errand', 'Beta errand']);
    await page.getByTestId('task-item').filter({ hasText: 'Beta errand' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(inboxTitles).toEqual(['Beta errand', 'Alpha errand']);

    // The completed task is under Done, and Today's view is empty.
    await page.getByRole('tab', { name: /Today/ }).click();
    await page.getByRole('heading', { name: 'Nothing due today' }).waitFor();
    await page.getByRole('tab', { name: /Done/ }).click();
    await page.getByTestId('task-item').filter({ hasText: 'Call the gym' }).waitFor();
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM tasks')).rows[0].n)).toBe(0);

    // Back online: the server confirms the reward and holds the rows.
    await setOffline(context, false);
    await syncAndWait(page);
    const user = (await w.server.db.execute('SELECT id FROM users WHERE email = ?', [email])).rows[0].id;
    const p = (await w.server.db.execute('SELECT total_xp, coins FROM user_progress WHERE user_id = ?', [user])).rows[0];
    expect([Number(p.total_xp), Number(p.coins)]).toEqual([5, 2]);
    const ev = (await w.server.db.execute("SELECT xp_earned FROM activity_events WHERE user_id = ? AND event_type = 'task_complete'", [user])).rows;
    expect(ev.map((r) => Number(r.xp_earned))).toEqual([5]);
    const rows = (await w.server.db.execute('SELECT title, priority, completed_at IS NOT NULL AS done FROM tasks WHERE user_id = ? ORDER BY title', [user])).rows.map((r) => [r.title, r.priority, Number(r.done)]);
    expect(rows).toEqual([
      ['Alpha errand', null, 0],
      ['Beta errand', null, 0],
      ['Buy chalk', 'high', 0],
      ['Call the gym', null, 1],
    ]);
    expect((await w.server.db.execute('SELECT title, completed FROM task_subtasks')).rows.map((r) => [r.title, Number(r.completed)])).toEqual([['Find a climbing shop', 1]]);
    expect(await page.getByTestId('xp').textContent()).toBe('5 XP');

    // A second device signed in as the same person sees the tasks, their order and the checklist.
    const laptop = w.laptop.page;
    await openApp(laptop, w.server.url);
    await signIn(laptop, email);
    await syncAndWait(laptop);
    await laptop.locator('.side-nav').getByRole('link', { name: 'To-dos' }).click();
    await laptop.getByRole('tab', { name: /Upcoming/ }).click();
    const chalk2 = laptop.getByTestId('task-item').filter({ hasText: 'Buy chalk' });
    await chalk2.getByLabel('1 of 1 subtasks done').waitFor();
    await laptop.getByRole('tab', { name: /Inbox/ }).click();
    await expect.poll(() => laptop.getByTestId('task-item').locator('.task-title').allTextContents()).toEqual(['Beta errand', 'Alpha errand']);
    await laptop.getByRole('tab', { name: /Done/ }).click();
    await laptop.getByTestId('task-item').filter({ hasText: 'Call the gym' }).waitFor();
    await laptop.getByTestId('xp').filter({ hasText: '5 XP' }).waitFor();

    // The planner shows the task due tomorrow (the month always holds tomorrow).
    await laptop.locator('.side-nav').getByRole('link', { name: 'Planner' }).click();
    await laptop.getByRole('tab', { name: 'Month' }).click();
    await laptop.getByTestId('planner-tasks').getByText('Buy chalk').waitFor();
    await laptop.locator('.side-nav').getByRole('link', { name: 'To-dos' }).click();

    // The screen passes axe on a phone, light and dark, with a task open and its edit form.
    await laptop.setViewportSize({ width: 390, height: 844 });
    const findings: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await laptop.emulateMedia({ colorScheme: scheme });
      await laptop.getByRole('tab', { name: /Upcoming/ }).click();
      await chalk2.getByRole('button', { name: 'Details of Buy chalk' }).click();
      findings.push(...(await axeFindings(laptop, `/tasks ${scheme} details`)));
      await chalk2.getByRole('button', { name: 'Edit Buy chalk' }).click();
      await laptop.getByRole('form', { name: 'Edit task' }).waitFor();
      findings.push(...(await axeFindings(laptop, `/tasks ${scheme} edit`)));
      await laptop.getByRole('button', { name: 'Cancel' }).click();
      await laptop.getByRole('tab', { name: /Inbox/ }).click();
      findings.push(...(await axeFindings(laptop, `/tasks ${scheme} inbox`)));
    }
    // Today with its quick add and a task due (and the quick add's preview showing).
    await laptop.evaluate(() => history.pushState(null, '', '/'));
    await laptop.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')));
    await laptop.getByRole('textbox', { name: 'New task' }).fill('Water the plants today #home');
    await laptop.getByTestId('quick-add-preview').waitFor();
    findings.push(...(await axeFindings(laptop, '/ dark with quick add')));
    expect(findings).toEqual([]);
  });
});
