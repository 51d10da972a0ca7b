import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, newDevice, setOffline, signedInThenOffline, syncAndWait, useWorld } from './harness.ts';
import type { Page } from 'playwright-core';

/** The empty planner's first event, through its form: a title, a start and end time, and a repeat. */
async function planFirstEvent(page: Page, title: string, start: string, end: string, repeat: string) {
  await page.getByRole('button', { name: 'Plan your first event' }).click();
  const form = page.getByRole('dialog', { name: 'New event' });
  await form.locator('input[name="event-title"]').fill(title);
  await form.locator('input[name="event-start"]').fill(start);
  await form.locator('input[name="event-end"]').fill(end);
  await form.getByLabel('Repeat', { exact: true }).selectOption(repeat);
  await form.getByRole('button', { name: 'Add event' }).click();
  await form.waitFor({ state: 'detached' });
}

describe.skipIf(!HAVE_CHROMIUM)('planner, offline first and then synced', () => {
  const w = useWorld(['device']);

  it('creates a weekly event, moves one occurrence by dragging, completes another and gets the XP after sync', async () => {
    const email = 'planner.person@example.com';
    const { page, context } = w.device;
    await signedInThenOffline(w.device, w.server.url, email);
    await page.locator('.side-nav').getByRole('link', { name: 'Planner' }).click();
    await page.getByRole('tab', { name: 'Week' }).click();
    await planFirstEvent(page, 'Team standup', '09:00', '09:30', 'weekly');

    const blocks = page.getByTestId('planner-event');
    await expect.poll(() => blocks.count()).toBe(1);
    expect(await blocks.first().textContent()).toContain('09:00–09:30');

    // Next week: drag that occurrence down one hour (48 px per hour) and move only it.
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => blocks.count()).toBe(1);
    const box = (await blocks.first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 30, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2, box.y + 54, { steps: 4 });
    await page.mouse.up();
    await page.getByRole('dialog', { name: 'Move a recurring event' }).getByRole('button', { name: 'This occurrence' }).click();
    await expect.poll(() => blocks.first().textContent()).toContain('10:00–10:30');
    // The week after is untouched.
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => blocks.first().textContent()).toContain('09:00–09:30');

    // This week's occurrence: mark it complete.
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await blocks.first().click();
    await page.getByRole('dialog', { name: 'Team standup' }).getByRole('button', { name: 'Mark complete' }).click();
    await page.getByTestId('xp').filter({ hasText: '15 XP' }).waitFor();
    await expect.poll(() => blocks.first().textContent()).toContain('✓');

    // Survives a reload while offline, and nothing has reached the server yet.
    await page.reload();
    await expect.poll(() => page.getByTestId('planner-event').first().textContent()).toContain('✓');
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM calendar_events')).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const rows = (await w.server.db.execute('SELECT * FROM calendar_events ORDER BY recurrence_parent_id IS NOT NULL')).rows;
    expect(rows).toHaveLength(2);
    const [parent, override] = rows;
    expect(String(parent.recurrence)).toMatch(/^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/);
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    expect(JSON.parse(String(parent.completed_dates))).toEqual([today]);
    expect(JSON.parse(String(parent.exdates))).toHaveLength(1);
    expect(override.recurrence_parent_id).toBe(parent.id);
    expect(Date.parse(String(override.start_time)) - Date.parse(String(override.original_start))).toBe(3_600_000);
    const event = (await w.server.db.execute("SELECT entity_id, xp_earned, coins_earned, metadata FROM activity_events WHERE event_type = 'planner_complete'")).rows;
    expect(event).toHaveLength(1);
    expect(event[0].entity_id).toBe(parent.id);
    expect(JSON.parse(String(event[0].metadata)).occurrence_date).toBe(today);
    const progress = (await w.server.db.execute('SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?', [email])).rows[0];
    expect([Number(progress.total_xp), Number(progress.coins)]).toEqual([15, 5]);
    expect(await page.getByTestId('xp').textContent()).toBe('15 XP');
  });
  it('on a phone, changes one occurrence with the time form and deletes another, offline, then synced', async () => {
    const email = 'planner.phone@example.com';
    const phone = await newDevice();
    try {
      const { page, context } = phone;
      await page.setViewportSize({ width: 390, height: 800 });
      await signedInThenOffline(phone, w.server.url, email);
      await page.goto(`${w.server.url}/planner`);
      await page.getByRole('tab', { name: 'Day' }).click();
      await planFirstEvent(page, 'Stretch', '07:30', '07:45', 'daily');

      // Tomorrow: open the occurrence from the keyboard and give only it a new time.
      await page.getByRole('button', { name: 'Next day' }).click();
      const block = page.getByTestId('planner-event').first();
      await block.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Stretch' }).getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit event' });
      expect(await edit.getByLabel('This occurrence').isChecked()).toBe(true);
      await edit.locator('input[name="event-start"]').fill('11:00');
      await edit.locator('input[name="event-end"]').fill('11:30');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => block.textContent()).toContain('11:00–11:30');
      // The keyboard also lengthens it: Alt + Shift + ↓ moves the end 15 minutes later.
      await block.focus();
      await page.keyboard.press('Alt+Shift+ArrowDown');
      await page.getByRole('dialog', { name: 'Change a recurring event' }).getByRole('button', { name: 'This occurrence' }).click();
      await expect.poll(() => block.textContent()).toContain('11:00–11:45');

      // The day after: delete only that occurrence.
      await page.getByRole('button', { name: 'Next day' }).click();
      await page.getByTestId('planner-event').first().click();
      await page.getByRole('dialog', { name: 'Stretch' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog', { name: 'Delete a recurring event' }).getByRole('button', { name: 'This occurrence' }).click();
      await expect.poll(() => page.getByTestId('planner-event').count()).toBe(0);
      await page.getByRole('button', { name: 'Next day' }).click();
      await expect.poll(() => page.getByTestId('planner-event').count()).toBe(1);

      // Today's plan, still offline, holds today's occurrence of the daily series.
      await page.goto(`${w.server.url}/`);
      await page.getByRole('button', { name: 'Make today’s plan' }).first().click();
      await page.getByTestId('plan').getByText('Stretch').waitFor();

      await setOffline(context, false);
      await syncAndWait(page);
      const plan = (await w.server.db.execute('SELECT d.items FROM daily_plans d JOIN users u ON u.id = d.user_id WHERE u.email = ?', [email])).rows[0];
      expect(JSON.parse(String(plan.items)).map((i: { kind: string; title: string }) => `${i.kind}:${i.title}`)).toContain('event:Stretch');
      const rows = (await w.server.db.execute("SELECT c.* FROM calendar_events c JOIN users u ON u.id = c.user_id WHERE u.email = ? ORDER BY c.recurrence_parent_id IS NOT NULL", [email])).rows;
      expect(rows).toHaveLength(2);
      const [series, override] = rows;
      expect(String(series.recurrence)).toBe('FREQ=DAILY');
      expect(JSON.parse(String(series.exdates))).toHaveLength(2);
      expect(override.recurrence_parent_id).toBe(series.id);
      expect(await page.evaluate((iso) => new Date(iso).toTimeString().slice(0, 5), String(override.start_time))).toBe('11:00');
      expect(await page.evaluate((iso) => new Date(iso).toTimeString().slice(0, 5), String(override.end_time))).toBe('11:45');
    } finally {
      await phone.close();
    }
  });
  it('in the month view, plans an all-day event over two days with a type, a colour and a monthly repeat that ends, offline, then synced', async () => {
    const email = 'planner.month@example.com';
    const device = await newDevice();
    try {
      const { page, context } = device;
      await signedInThenOffline(device, w.server.url, email);
      await page.goto(`${w.server.url}/planner`);
      await page.getByRole('tab', { name: 'Month' }).click();
      // This month and the three after it, as the page's calendar counts them.
      const months = await page.evaluate(() => {
        const now = new Date();
        return [0, 1, 2, 3].map((i) => {
          const d = new Date(now.getFullYear(), now.getMonth() + i, 1);
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
        });
      });
      await page.getByRole('button', { name: 'Plan your first event' }).click();
      const form = page.getByRole('dialog', { name: 'New event' });
      await form.locator('input[name="event-title"]').fill('Conference');
      await form.locator('select[name="event-type"]').selectOption('appointment');
      await form.locator('input[name="all-day"]').check();
      await form.locator('input[name="event-date"]').fill(`${months[0]}-10`);
      await form.locator('input[name="event-end-date"]').fill(`${months[0]}-11`);
      await form.getByLabel('Colour #ec4899').check();
      await form.getByLabel('Repeat', { exact: true }).selectOption('monthly');
      await form.getByLabel('Ends', { exact: true }).selectOption('count');
      await form.getByLabel('Number of times').fill('3');
      await form.getByRole('button', { name: 'Add event' }).click();
      await form.waitFor({ state: 'detached' });

      // Both days carry the event, without a time, in its colour; the day after is free.
      const day = (date: string, events = 0) => page.getByRole('button', { name: events ? `Open ${date}, ${events} events` : `Open ${date}`, exact: true });
      await day(`${months[0]}-10`, 1).waitFor();
      await day(`${months[0]}-11`, 1).waitFor();
      await day(`${months[0]}-12`).waitFor();
      const chip = page.getByRole('gridcell').filter({ has: day(`${months[0]}-10`, 1) }).getByTestId('planner-event');
      expect(await chip.textContent()).toBe('Conference');
      expect(await chip.getAttribute('style')).toContain('#ec4899');
      // Monthly, three times in all: the next two months have it, the one after does not.
      await page.getByRole('button', { name: 'Next month' }).click();
      await day(`${months[1]}-10`, 1).waitFor();
      await page.getByRole('button', { name: 'Next month' }).click();
      await day(`${months[2]}-11`, 1).waitFor();
      await page.getByRole('button', { name: 'Next month' }).click();
      await day(`${months[3]}-10`).waitFor();

      await setOffline(context, false);
      await syncAndWait(page);
      const row = (await w.server.db.execute('SELECT c.* FROM calendar_events c JOIN users u ON u.id = c.user_id WHERE u.email = ?', [email])).rows[0];
      expect([row.event_type, Number(row.all_day), row.color, row.recurrence]).toEqual(['appointment', 1, '#ec4899', 'FREQ=MONTHLY;COUNT=3']);
      const local = (iso: unknown) => page.evaluate((v) => new Date(v).toLocaleString('sv-SE').slice(0, 16), String(iso));
      expect(await local(row.start_time)).toBe(`${months[0]}-10 00:00`);
      expect(await local(row.end_time)).toBe(`${months[0]}-12 00:00`);
    } finally {
      await device.close();
    }
  });
  it('keeps keyboard focus inside the new event dialog, and Escape gives it back to the button that opened it', async () => {
    const device = await newDevice();
    try {
      const { page } = device;
      await signedInThenOffline(device, w.server.url, 'planner.keys@example.com');
      await page.goto(`${w.server.url}/planner`);
      const opener = page.getByRole('button', { name: '+ New event' });
      await opener.click();
      const form = page.getByRole('dialog', { name: 'New event' });
      await form.waitFor();
      const focusInDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"][aria-label="New event"]'));
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('event-title');
      // Forwards past the last control and backwards past the first: focus never reaches the page behind.
      const seen = new Set<string>();
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        expect(await focusInDialog()).toBe(true);
        seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? ''));
      }
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focusInDialog()).toBe(true);
      }
      // It went round: the title, the Add and Cancel buttons were all reached by Tab.
      expect([...seen].some((h) => h.includes('event-title'))).toBe(true);
      expect([...seen].some((h) => h.includes('Cancel'))).toBe(true);

      await page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
      // Focus comes back as the dialog unmounts, which may be a frame after it leaves the DOM.
      await page.waitForFunction(() => document.activeElement?.textContent === '+ New event', undefined, { timeout: 5000 });
    } finally {
      await device.close();
    }
  });
  it('moves the end with the start: 23:30 ends at 00:30 the next day, saved offline and shown after a reload', async () => {
    const email = 'planner.late@example.com';
    const device = await newDevice();
    try {
      const { page, context } = device;
      await signedInThenOffline(device, w.server.url, email);
      await page.goto(`${w.server.url}/planner`);
      await page.getByRole('tab', { name: 'Day' }).click();
      const [today, tomorrow] = await page.evaluate(() => {
        const d = new Date();
        const next = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
        return [d.toLocaleDateString('en-CA'), next.toLocaleDateString('en-CA')];
      });
      await page.getByRole('button', { name: '+ New event' }).click();
      const form = page.getByRole('dialog', { name: 'New event' });
      await form.locator('input[name="event-title"]').fill('Late call');
      const end = form.locator('input[name="event-end"]');
      const endDate = form.locator('input[name="event-end-date"]');
      expect([await end.inputValue(), await endDate.inputValue()]).toEqual(['10:00', today]);
      // The hour-long event keeps its hour wherever it starts.
      await form.locator('input[name="event-start"]').fill('14:00');
      expect([await end.inputValue(), await endDate.inputValue()]).toEqual(['15:00', today]);
      await form.locator('input[name="event-start"]').fill('23:30');
      expect([await end.inputValue(), await endDate.inputValue()]).toEqual(['00:30', tomorrow]);
      await form.getByRole('button', { name: 'Add event' }).click();
      await form.waitFor({ state: 'detached' });

      // Today from 23:30, and the first half hour of tomorrow.
      const blocks = page.getByTestId('planner-event');
      await expect.poll(() => blocks.count()).toBe(1);
      expect(await blocks.first().textContent()).toContain('Late call23:30–00:30 (+1 day)');
      await page.getByRole('button', { name: 'Next day', exact: true }).click();
      await expect.poll(() => blocks.first().textContent()).toContain('Late call');

      // Offline, the reloaded app still has it on its day; nothing has reached the server yet.
      await page.reload();
      await page.getByRole('button', { name: 'Today', exact: true }).click();
      await expect.poll(() => page.getByTestId('planner-event').first().textContent()).toContain('23:30–00:30');
      expect(Number((await w.server.db.execute("SELECT COUNT(*) AS n FROM calendar_events c JOIN users u ON u.id = c.user_id WHERE u.email = ?", [email])).rows[0].n)).toBe(0);

      await setOffline(context, false);
      await syncAndWait(page);
      const row = (await w.server.db.execute('SELECT c.* FROM calendar_events c JOIN users u ON u.id = c.user_id WHERE u.email = ?', [email])).rows[0];
      const local = (iso: unknown) => page.evaluate((v) => new Date(v).toLocaleString('sv-SE').slice(0, 16), String(iso));
      expect([await local(row.start_time), await local(row.end_time), Number(row.all_day)]).toEqual([`${today} 23:30`, `${tomorrow} 00:30`, 0]);
    } finally {
      await device.close();
    }
  });
});
