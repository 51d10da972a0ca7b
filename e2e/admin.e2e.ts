import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

const ADMIN = 'admin.e2e@example.com';

describe.skipIf(!HAVE_CHROMIUM)('feedback and the admin area', () => {
  const w = useWorld(['phone', 'desk'], { env: () => ({ ADMIN_EMAILS: ADMIN }) });

  it('sends feedback offline, an admin triages it, and the sender sees the new status', async () => {
    const { page, context } = w.phone;
    await openApp(page, w.server.url);
    await signIn(page, 'sender@example.com', 'Sam Sender');
    await syncAndWait(page);
    // a normal user has no Admin entry and the page says it is for admins
    expect(await page.locator('.side-nav').getByRole('link', { name: 'Admin' }).count()).toBe(0);

    await setOffline(context, true);
    await page.reload();
    await page.locator('.side-nav').getByRole('link', { name: 'Feedback' }).click();
    await page.getByRole('radio', { name: /Something broke/ }).click();
    await page.locator('input[name="feedback-title"]').fill('Timer stops in my pocket');
    await page.locator('textarea[name="feedback-description"]').fill('Locked phone, 25 min focus, stops at 12.');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Waiting to send').waitFor();
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM user_feedback')).rows[0].n)).toBe(0);
    await page.reload();
    await page.getByText('Timer stops in my pocket').waitFor();

    await setOffline(context, false);
    await syncAndWait(page);
    const row = (await w.server.db.execute('SELECT type, title, status FROM user_feedback')).rows[0];
    expect({ ...row }).toEqual({ type: 'bug', title: 'Timer stops in my pocket', status: 'open' });
    await page.getByText('Received').waitFor();

    const admin = w.desk.page;
    await openApp(admin, w.server.url);
    await signIn(admin, ADMIN, 'Ada Admin');
    await admin.locator('.side-nav').getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { name: 'Admin' }).waitFor();
    await admin.locator('[data-email="sender@example.com"]').waitFor();
    await admin.getByRole('link', { name: 'Feedback' }).last().click();
    const item = admin.locator('li', { hasText: 'Timer stops in my pocket' });
    await item.getByLabel('Status of Timer stops in my pocket').selectOption('resolved');
    await item.getByLabel('Notes on Timer stops in my pocket').fill('Fixed by the wake lock');
    await item.getByRole('button', { name: 'Save' }).click();
    await admin.getByText(/Feedback updated/).waitFor();
    expect(String((await w.server.db.execute('SELECT status FROM user_feedback')).rows[0].status)).toBe('resolved');

    await syncAndWait(page);
    await page.getByText('Resolved').waitFor();

    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByText('feedback.update').waitFor();
  });

  it('creates a universal quest, shows stats, downloads a backup and dry-runs its restore', async () => {
    const admin = w.desk.page;
    await admin.getByRole('link', { name: 'Quests' }).last().click();
    await admin.getByRole('button', { name: 'New quest' }).click();
    const form = admin.getByRole('form', { name: 'New Quest' });
    await form.locator('input[name="title"]').fill('Read a chapter');
    await form.locator('select[name="event_type"]').selectOption('reading_session');
    await form.getByRole('button', { name: 'Create quest' }).click();
    await admin.getByText('Read a chapter').waitFor();
    const quest = (await w.server.db.execute("SELECT is_universal, user_id, event_type FROM quests WHERE title = 'Read a chapter'")).rows[0];
    expect({ ...quest }).toEqual({ is_universal: 1, user_id: null, event_type: 'reading_session' });
    // the user's device gets it on the next sync
    await syncAndWait(w.phone.page);
    const onPhone = await w.phone.page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('ignition');
          open.onsuccess = () => {
            const req = open.result.transaction('quests').objectStore('quests').getAll();
            req.onsuccess = () => resolve((req.result as Array<{ title: string }>).filter((q) => q.title === 'Read a chapter').length);
            req.onerror = () => reject(req.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(onPhone).toBe(1);

    await admin.getByRole('link', { name: 'Stats' }).click();
    await admin.getByText('Coins issued').waitFor();
    await admin.getByText('Active today').waitFor();

    await admin.getByRole('link', { name: 'Backup' }).click();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download backup' }).click()]);
    const path = await download.path();
    const doc = JSON.parse(readFileSync(path!, 'utf8'));
    expect(doc.tables.user_feedback).toHaveLength(1);
    expect(doc.tables.sessions).toBeUndefined();

    await admin.getByLabel('Backup file').setInputFiles(path!);
    await admin.getByRole('button', { name: 'Check backup (dry run)' }).click();
    await admin.getByLabel('Dry-run report').waitFor();
    await admin.getByRole('button', { name: 'Restore now' }).waitFor();
    expect(Number((await w.server.db.execute("SELECT COUNT(*) AS n FROM quests WHERE title = 'Read a chapter'")).rows[0].n)).toBe(1);
  });
});
