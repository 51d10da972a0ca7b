import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openApp, setOffline, signIn, syncAndWait, useWorld } from './harness.ts';

const ADMIN = 'admin.e2e@example.com';

/** One row of the device's Dexie store, read straight from IndexedDB. */
const deviceRow = (page: Page, store: string, id: string) =>
  page.evaluate(
    ([store, id]) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('ignition');
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).get(id);
          req.onsuccess = () => resolve(req.result as Record<string, unknown> | undefined);
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      }),
    [store, id] as const,
  );

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

  it('denies and approves a person, changes a skill curve, charts sign-ups, and restores a backup after its dry run', async () => {
    const admin = w.desk.page;
    const tabs = admin.getByRole('navigation', { name: 'Admin' });
    const db = w.server.db;
    const sam = async () => ({ ...(await db.execute("SELECT approved, denial_reason FROM users WHERE email = 'sender@example.com'")).rows[0] });

    // users: deny with a reason the person sees, find them under "Denied", approve again
    await tabs.getByRole('link', { name: 'Users' }).click();
    const row = admin.locator('[data-email="sender@example.com"]');
    await row.getByRole('button', { name: 'Deny…' }).click();
    await row.getByLabel('Denial reason').fill('Please use your work address');
    await row.getByRole('button', { name: 'Deny', exact: true }).click();
    await row.getByText('Reason: Please use your work address').waitFor();
    expect(await sam()).toEqual({ approved: 0, denial_reason: 'Please use your work address' });
    await admin.getByLabel('Approval').selectOption('denied');
    await admin.getByText('1 user(s)').waitFor();
    expect(await admin.locator('[data-email]').count()).toBe(1);
    await admin.getByLabel('Approval').selectOption('');
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
    expect(await sam()).toEqual({ approved: 1, denial_reason: null });

    // stats: the sign-ups chart is drawn
    await tabs.getByRole('link', { name: 'Stats' }).click();
    await admin.locator('figure.chart[aria-label="New users per day"] canvas').first().waitFor();

    // a backup from before the curve change
    await tabs.getByRole('link', { name: 'Backup' }).click();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download backup' }).click()]);
    const backupPath = (await download.path())!;

    // skills: a new curve for Knowledge reaches the person's device
    await tabs.getByRole('link', { name: 'Skills' }).click();
    await admin.getByRole('button', { name: 'Edit Knowledge' }).click();
    const form = admin.getByRole('form', { name: 'Edit Skill' });
    await form.locator('input[name="xp_scaling_base"]').fill('80');
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.getByText(/step cost 80 ×/).waitFor();
    const base = async () => Number((await db.execute("SELECT xp_scaling_base FROM skill_definitions WHERE id = 'knowledge'")).rows[0].xp_scaling_base);
    expect(await base()).toBe(80);
    await syncAndWait(w.phone.page);
    expect((await deviceRow(w.phone.page, 'skill_definitions', 'knowledge'))?.xp_scaling_base).toBe(80);

    // restore: the dry run first, then for real after confirming; the old curve is back everywhere
    await tabs.getByRole('link', { name: 'Backup' }).click();
    await admin.getByLabel('Backup file').setInputFiles(backupPath);
    await admin.getByRole('button', { name: 'Check backup (dry run)' }).click();
    await admin.getByLabel('Dry-run report').waitFor();
    expect(await base()).toBe(80);
    admin.once('dialog', (d) => void d.accept());
    await admin.getByRole('button', { name: 'Restore now' }).click();
    await admin.getByLabel('Restore report').waitFor();
    expect(await base()).toBe(100);
    expect((await db.execute("SELECT action FROM admin_audit WHERE action = 'restore'")).rows).toHaveLength(1);
    await syncAndWait(w.phone.page);
    expect((await deviceRow(w.phone.page, 'skill_definitions', 'knowledge'))?.xp_scaling_base).toBe(100);
    // the admin is still signed in after the restore, and the log shows it beside the backed-up entries
    await tabs.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('cell', { name: 'restore', exact: true }).waitFor();
    await admin.getByRole('cell', { name: /^users\.approve/ }).first().waitFor();
  });
});
