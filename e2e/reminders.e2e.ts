import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { localDate } from '@ignition/shared/dates.ts';
import { habitPayloads } from '../sync-server/src/services/reminder-service.ts';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

/**
 * The service worker's side of reminders in a real Chromium: a push delivered through DevTools
 * (`ServiceWorker.deliverPushMessage`, as a push service would deliver it) is shown with its
 * buttons; "Done" (run through the worker's notification-click handler by its test hook, since
 * an automated browser cannot click a system notification) logs the habit offline through the
 * outbox with its reward, and the log reaches the server once the device is back online.
 */
async function deliverPush(page: Page, origin: string, payload: unknown) {
  const cdp = await page.context().newCDPSession(page);
  const registrationId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no service worker registration seen')), 10_000);
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      const reg = registrations.find((r) => !r.isDeleted && r.scopeURL.startsWith(origin));
      if (reg) {
        clearTimeout(timer);
        resolve(reg.registrationId);
      }
    });
    void cdp.send('ServiceWorker.enable');
  });
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
  await cdp.detach();
}

async function shown(page: Page, tag: string) {
  const read = () => page.evaluate((t) => navigator.serviceWorker.ready.then((r) => r.getNotifications({ tag: t })).then((n) => n.map((x) => ({ title: x.title, body: x.body, actions: (x as unknown as { actions: Array<{ action: string; title: string }> }).actions.map((a) => ({ action: a.action, title: a.title })) }))), tag);
  for (let i = 0; i < 50; i++) {
    const list = await read();
    if (list.length) return list;
    await page.waitForTimeout(200);
  }
  return read();
}

/** Runs the worker's notificationclick handler on the shown notification with this tag. */
function click(page: Page, tag: string, action: string) {
  return page.evaluate(
    ({ tag, action }) =>
      new Promise<string>((resolve) => {
        const onMessage = (e: MessageEvent) => {
          if (e.data?.type === 'ignition-test-notificationclick-result' && e.data.tag === tag) {
            navigator.serviceWorker.removeEventListener('message', onMessage);
            resolve(String(e.data.result));
          }
        };
        navigator.serviceWorker.addEventListener('message', onMessage);
        navigator.serviceWorker.controller!.postMessage({ type: 'ignition-test-notificationclick', tag, action });
      }),
    { tag, action },
  );
}

describe.skipIf(!HAVE_CHROMIUM)('reminders in the service worker', () => {
  const w = useWorld(['phone'], { env: () => ({ PUSH_SCHEDULER: 'false' }) });

  it('shows a habit reminder with Done and Snooze; Done logs the habit offline through the outbox and syncs when online', async () => {
    const { page, context } = w.phone;
    const url = w.server.url;
    await context.grantPermissions(['notifications'], { origin: url });
    await openApp(page, url);
    const email = 'reminders.e2e@example.com';
    await signIn(page, email);
    const habitId = await page.evaluate(async () => {
      const res = await fetch('/api/habits', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Drink water', xp_reward: 10 }) });
      return (await res.json()).habit.id as string;
    });
    await syncAndWait(page);
    await page.waitForFunction((id) => (window as any).__ignition.db.habits.get(id).then((h: unknown) => !!h), habitId);

    // The payload the server's scheduler would send for this person today.
    const user = (await w.server.db.execute({ sql: 'SELECT id, timezone FROM users WHERE email = ?', args: [email] })).rows[0];
    const today = localDate(new Date(), String(user.timezone || 'UTC'));
    const payloads = await habitPayloads({ db: w.server.db, env: {} as never }, String(user.id), today);
    expect(payloads).toEqual([expect.objectContaining({ kind: 'habit', habitId, date: today, actions: ['done', 'snooze'] })]);

    await deliverPush(page, url, payloads[0]);
    const tag = `habit-${habitId}`;
    expect(await shown(page, tag)).toEqual([
      {
        title: 'Drink water',
        body: expect.stringContaining('Done'),
        actions: [
          { action: 'done', title: 'Done' },
          { action: 'snooze', title: 'Snooze 10 min' },
        ],
      },
    ]);

    await setOffline(context, true);
    expect(await click(page, tag, 'done')).toBe('logged');
    // On the device: the log, its outbox entry and the reward event, as the Habits screen writes them.
    const local = await page.evaluate(async (id) => {
      const db = (window as any).__ignition.db;
      const logs = await db.habit_logs.where('habit_id').equals(id).toArray();
      const events = await db.activity_events.where('event_type').equals('habit_complete').toArray();
      const outbox = await db.outbox_changes.toArray();
      return { logs, events, outbox: outbox.filter((o: any) => o.table === 'habit_logs').length };
    }, habitId);
    expect(local.logs).toEqual([expect.objectContaining({ habit_id: habitId, date: today, count: 1 })]);
    expect(local.events).toEqual([expect.objectContaining({ entity_id: local.logs[0].id, local_date: today, xp_earned: 10, sync_status: 'pending' })]);
    expect(local.outbox).toBe(1);
    expect(await page.evaluate((t) => navigator.serviceWorker.ready.then((r) => r.getNotifications({ tag: t })).then((n) => n.length), tag)).toBe(0);
    // A second Done (another copy of the reminder) does not log it twice.
    await deliverPush(page, url, payloads[0]);
    await shown(page, tag);
    expect(await click(page, tag, 'done')).toBe('already_done');
    expect(Number((await w.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM habit_logs WHERE habit_id = ?', args: [habitId] })).rows[0].n)).toBe(0);

    await setOffline(context, false);
    await syncAndWait(page);
    const server = (await w.server.db.execute({ sql: 'SELECT date, count FROM habit_logs WHERE habit_id = ?', args: [habitId] })).rows;
    expect(server.map((r) => [r.date, Number(r.count)])).toEqual([[today, 1]]);
    const reward = (await w.server.db.execute({ sql: "SELECT xp_earned FROM activity_events WHERE entity_id = ? AND event_type = 'habit_complete'", args: [local.logs[0].id] })).rows;
    expect(reward.map((r) => Number(r.xp_earned))).toEqual([10]);
  }, 120_000);

  it('a click on a reminder focuses the open window on its screen', async () => {
    const { page, context } = w.phone;
    const url = w.server.url;
    await context.grantPermissions(['notifications'], { origin: url });
    await openApp(page, url);
    await signIn(page, 'reminders.e2e@example.com');
    await page.goto(`${url}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await deliverPush(page, url, { kind: 'planner', title: 'Dentist', body: 'Starts in 10 min', url: '/planner', tag: 'event-e2e', actions: ['snooze'] });
    expect(await shown(page, 'event-e2e')).toEqual([{ title: 'Dentist', body: 'Starts in 10 min', actions: [{ action: 'snooze', title: 'Snooze 10 min' }] }]);
    expect(await click(page, 'event-e2e', '')).toBe('opened');
    await page.waitForURL(`${url}/planner`, { timeout: 10_000 });
    await page.getByRole('heading', { level: 1, name: /Planner/ }).waitFor({ timeout: 10_000 });
    // "Snooze 10 min" asks the server to send it again in ten minutes.
    await deliverPush(page, url, { kind: 'flashcards', title: '4 flashcards are due', body: 'Review', url: '/learn', tag: 'cards-e2e', actions: ['snooze'] });
    await shown(page, 'cards-e2e');
    const before = Date.now();
    expect(await click(page, 'cards-e2e', 'snooze')).toBe('snoozed');
    const rows = (await w.server.db.execute("SELECT payload, next_fire FROM push_reminders WHERE kind = 'snooze'")).rows;
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0].payload))).toMatchObject({ title: '4 flashcards are due', url: '/learn', tag: 'cards-e2e' });
    expect(Date.parse(String(rows[0].next_fire)) - before).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(String(rows[0].next_fire)) - before).toBeLessThan(11 * 60_000);
  }, 60_000);

  it('Settings explains reminders and shows this device as off until it is turned on', async () => {
    const { page } = w.phone;
    await page.goto(`${w.server.url}/settings`);
    const panel = page.getByTestId('reminders-panel');
    await panel.getByRole('heading', { name: 'Reminders' }).waitFor();
    await expect.poll(() => panel.getByTestId('reminders-state').getAttribute('data-state')).toBe('off');
    await panel.getByRole('button', { name: 'Turn on reminders on this device' }).waitFor();
    // The reminder times load from the server, in the person's zone.
    await panel.getByLabel('Habit reminder time').waitFor();
    expect(await panel.getByLabel('Habit reminder time').inputValue()).toBe('09:00');
    await panel.getByLabel('Habit reminder time').fill('07:45');
    await expect.poll(async () => (await w.server.db.execute('SELECT habits_time FROM reminder_settings')).rows[0]?.habits_time).toBe('07:45');
    // Notifications blocked in the browser: the panel says how to allow them instead of offering a button that cannot work.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Browser.setPermission', { permission: { name: 'notifications' }, setting: 'denied', origin: w.server.url });
    await page.reload();
    await expect.poll(() => page.getByTestId('reminders-state').getAttribute('data-state')).toBe('denied');
    expect(await page.getByTestId('reminders-state').textContent()).toMatch(/blocked/);
    expect(await page.getByRole('button', { name: 'Turn on reminders on this device' }).count()).toBe(0);
    await cdp.send('Browser.setPermission', { permission: { name: 'notifications' }, setting: 'granted', origin: w.server.url });
    await cdp.detach();
  }, 60_000);
});
