import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, newDevice, openApp, setOffline, signIn, useWorld, waitForSynced } from './harness.ts';
import { startOidc, type TestOidc } from '../sync-server/test/oidc-provider.ts';

/** Sign-in as a person does it: Settings → the provider's button → the OIDC server → back to Settings. */
async function signInWithProvider(page: Page, url: string) {
  await page.goto(`${url}/settings`);
  await page.getByTestId('signin-oidc').click();
  await page.waitForURL(/\/settings$/, { timeout: 30_000 });
  await page.getByTestId('account-panel').waitFor();
}

async function addHabitAndLog(page: Page, name: string) {
  await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
  await page.getByRole('button', { name: '+ New habit' }).click();
  await page.locator('input[name="habit-name"]').fill(name);
  await page.getByRole('button', { name: 'Create habit' }).click();
  await page.getByRole('button', { name: `Log ${name}` }).click();
  // The log is stored (and shown) before the test moves on: a reload straight after the tap
  // could otherwise end the page before its write commits.
  await page.getByRole('button', { name: `Log ${name}` }).filter({ hasText: 'Done' }).waitFor();
}

const phase = (page: Page) => page.getByTestId('sync-status').getAttribute('data-phase');

describe.skipIf(!HAVE_CHROMIUM)('accounts in the browser', () => {
  let oidc: TestOidc;
  const w = useWorld(['device'], {
    env: async () => {
      oidc = await startOidc();
      return { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: 'ignition-e2e', OIDC_CLIENT_SECRET: 'e2e-secret' };
    },
    after: async () => {
      await oidc?.stop();
    },
  });

  it('signs in through the OIDC server, keeps working offline past an expired session, and loses nothing after signing in again', async () => {
    const { page, context } = w.device;
    await openApp(page, w.server.url);
    await signInWithProvider(page, w.server.url);
    // A provider sign-in has not accepted the terms yet: sync asks, the app shows them.
    await page.getByTestId('terms-dialog').waitFor();
    await page.getByRole('button', { name: 'I accept the terms' }).click();
    await waitForSynced(page);
    expect(await page.getByTestId('account-panel').textContent()).toContain('Ada Lovelace');

    await setOffline(context, true);
    await addHabitAndLog(page, 'Drink water');
    // The session ends on the server while the device is offline.
    await w.server.db.execute("UPDATE sessions SET expires = '2000-01-01T00:00:00.000Z'");
    await addHabitAndLog(page, 'Stretch');
    await page.reload();
    await page.getByText('Stretch').waitFor();
    expect(await phase(page)).toMatch(/offline|local/);

    await setOffline(context, false);
    // Back online the app syncs by itself and learns that the session ended.
    await page.waitForFunction(() => ['signed-out', 'local'].includes(document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-phase') ?? ''), null, { timeout: 30_000 });
    expect(Number(await page.getByTestId('sync-status').getAttribute('data-pending'))).toBeGreaterThan(0);
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n)).toBe(0);
    // Still usable while signed out.
    await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
    await page.getByText('Drink water').waitFor();

    await signInWithProvider(page, w.server.url);
    await waitForSynced(page);
    const users = await w.server.db.execute("SELECT id FROM users WHERE email = 'ada@example.com'");
    expect(users.rows).toHaveLength(1);
    const userId = String(users.rows[0].id);
    const habits = await w.server.db.execute({ sql: 'SELECT name FROM habits WHERE user_id = ? ORDER BY name', args: [userId] });
    expect(habits.rows.map((r) => r.name)).toEqual(['Drink water', 'Stretch']);
    const logs = await w.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM habit_logs WHERE habit_id IN (SELECT id FROM habits WHERE user_id = ?)', args: [userId] });
    expect(Number(logs.rows[0].n)).toBe(2);
    const progress = await w.server.db.execute({ sql: 'SELECT total_xp FROM user_progress WHERE user_id = ?', args: [userId] });
    expect(Number(progress.rows[0].total_xp)).toBe(20);
  });

  it('confirms the age, asks for newer terms, and downloads the data from Settings', async () => {
    const { page, context } = w.device;
    await page.goto(`${w.server.url}/settings`);
    await page.getByTestId('account-panel').waitFor();
    const ada = async () => (await w.server.db.execute("SELECT age_verified, age_verified_at, tos_version FROM users WHERE email = 'ada@example.com'")).rows[0];

    // Age: under 16 is refused with words a person understands, and nothing is recorded.
    const ageForm = page.getByRole('form', { name: 'Confirm your age' });
    const young = `${new Date().getUTCFullYear() - 10}-01-01`;
    await ageForm.locator('input[name="birth_date"]').fill(young);
    await ageForm.getByRole('button', { name: 'Confirm age' }).click();
    expect(await ageForm.getByRole('alert').textContent()).toContain('16 or older');
    expect(Number((await ada()).age_verified)).toBe(0);
    await ageForm.locator('input[name="birth_date"]').fill('1990-05-17');
    await ageForm.getByRole('button', { name: 'Confirm age' }).click();
    await ageForm.waitFor({ state: 'detached' });
    expect(Number((await ada()).age_verified)).toBe(1);
    expect((await ada()).age_verified_at).toBeTruthy();

    // The server's terms moved on: sync stops with a code, the app shows the terms, work made meanwhile waits and then syncs.
    await w.server.db.execute("UPDATE users SET tos_version = '2025-01-01' WHERE email = 'ada@example.com'");
    await page.reload();
    await page.getByTestId('terms-dialog').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-phase') === 'blocked');
    await page.getByRole('button', { name: 'Not now' }).click();
    await addHabitAndLog(page, 'Floss');
    const floss = () => w.server.db.execute("SELECT h.name FROM habits h JOIN users u ON u.id = h.user_id WHERE u.email = 'ada@example.com' AND h.name = 'Floss'");
    expect((await floss()).rows).toHaveLength(0);
    await page.getByRole('button', { name: 'Review terms' }).click();
    await page.getByRole('button', { name: 'I accept the terms' }).click();
    await waitForSynced(page);
    const { tosVersion } = (await (await fetch(`${w.server.url}/api/auth/providers`)).json()) as { tosVersion: string };
    expect((await ada()).tos_version).toBe(tosVersion);
    expect((await floss()).rows).toHaveLength(1);

    // The export: one JSON file with every row of mine, and no session secret.
    await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ignition-export-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const data = JSON.parse(text) as { tables: Record<string, Array<Record<string, unknown>>> };
    expect(data.tables.users.map((u) => u.email)).toEqual(['ada@example.com']);
    expect(data.tables.habits.map((h) => h.name).sort()).toEqual(['Drink water', 'Floss', 'Stretch']);
    expect(data.tables.accounts.map((a) => a.provider)).toEqual(['oidc']);
    expect(data.tables.sessions).toBeUndefined();
    const session = (await context.cookies()).find((c) => c.name === 'ignition_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(text).not.toContain(session.value);
  });

  it('deletes the account from Settings with typed confirmation and clears this device', async () => {
    const { page } = w.device;
    // A second device signed in to the same account.
    const other = await newDevice();
    try {
      await openApp(other.page, w.server.url);
      await signInWithProvider(other.page, w.server.url);
      await waitForSynced(other.page);
      await page.goto(`${w.server.url}/settings`);
      await page.getByRole('button', { name: 'Delete account…' }).click();
      const confirm = page.getByRole('button', { name: 'Delete my account for good' });
      expect(await confirm.isDisabled()).toBe(true);
      await page.locator('input[name="confirm-delete"]').fill('DELETE');
      await confirm.click();
      await page.waitForURL(/\/welcome$/);
      await page.getByRole('heading', { name: 'Make progress feel like a game' }).waitFor();
      expect((await w.server.db.execute("SELECT COUNT(*) AS n FROM users WHERE email = 'ada@example.com'")).rows[0].n).toBe(0);
      expect((await w.server.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n).toBe(0);
      const localHabits = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open('ignition');
            req.onsuccess = () => {
              const idb = req.result;
              if (!idb.objectStoreNames.contains('habits')) return resolve(0);
              const count = idb.transaction('habits').objectStore('habits').count();
              count.onsuccess = () => resolve(count.result);
            };
            req.onerror = () => resolve(-1);
          }),
      );
      expect(localHabits).toBe(0);
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.getByTestId('signin-oidc').waitFor();
      // Only the configured provider is offered (no Google or Microsoft button without their settings).
      expect(await page.locator('a[data-testid^="signin-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['signin-oidc']);

      // The other device learns at its next sync that the account is gone, and is signed out.
      await other.page.reload();
      await other.page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-phase') === 'signed-out', null, { timeout: 30_000 });
      await other.page.goto(`${w.server.url}/settings`);
      await other.page.getByTestId('signin-oidc').waitFor();
    } finally {
      await other.close();
    }
  });

  it('shows a pending and a denied account, keeps local use, and syncs once approved', async () => {
    const { page } = w.device;
    const email = 'pat.pending@example.com';
    await page.goto(w.server.url);
    await signIn(page, email, 'Pat Pending');
    await waitForSynced(page);
    await w.server.db.execute({ sql: 'UPDATE users SET approved = 0 WHERE email = ?', args: [email] });
    await page.reload();
    await page.locator('[data-testid="approval-banner"][data-state="pending"]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-phase') === 'blocked');
    expect(await page.getByTestId('sync-status').textContent()).toContain('waiting for approval');
    await addHabitAndLog(page, 'Read a page');
    expect(Number((await w.server.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n)).toBe(0);

    await w.server.db.execute({ sql: "UPDATE users SET denial_reason = 'Not on the team list' WHERE email = ?", args: [email] });
    await page.reload();
    const denied = page.locator('[data-testid="approval-banner"][data-state="denied"]');
    await denied.waitFor();
    expect(await denied.textContent()).toContain('Not on the team list');

    await w.server.db.execute({ sql: 'UPDATE users SET approved = 1, denial_reason = NULL WHERE email = ?', args: [email] });
    await page.reload();
    await waitForSynced(page);
    expect(await page.getByTestId('approval-banner').count()).toBe(0);
    const habits = await w.server.db.execute({ sql: 'SELECT h.name FROM habits h JOIN users u ON u.id = h.user_id WHERE u.email = ?', args: [email] });
    expect(habits.rows.map((r) => r.name)).toEqual(['Read a page']);
  });

  it('signs out everywhere from Settings: every session ends, and this device keeps its data', async () => {
    const { page } = w.device;
    const email = 'pat.pending@example.com';
    const sessions = async () => Number((await w.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM sessions s JOIN users u ON u.id = s.userId WHERE u.email = ?', args: [email] })).rows[0].n);
    const other = await newDevice();
    try {
      await openApp(other.page, w.server.url);
      await signIn(other.page, email, 'Pat Pending');
      await waitForSynced(other.page);
      expect(await sessions()).toBe(2);

      await page.goto(`${w.server.url}/settings`);
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await page.getByRole('form', { name: 'Local sign-in' }).waitFor();
      expect(await page.getByTestId('account-panel').count()).toBe(0);
      expect(await sessions()).toBe(0);
      // Nothing made on this device is lost by signing out.
      await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
      await page.getByText('Read a page').waitFor();

      await other.page.reload();
      await other.page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-phase') === 'signed-out', null, { timeout: 30_000 });
    } finally {
      await other.close();
    }
  });

  it('keeps two people apart on one shared device: never uploads one person’s data into the other’s account, and can leave nothing behind', async () => {
    const device = await newDevice();
    const { page, context } = device;
    page.on('dialog', (d) => void d.accept());
    const habitsOf = async (email: string) =>
      (await w.server.db.execute({ sql: 'SELECT h.name FROM habits h JOIN users u ON u.id = h.user_id WHERE u.email = ? ORDER BY h.name', args: [email] })).rows.map((r) => String(r.name));
    const formSignIn = async (email: string) => {
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.locator('input[name="email"]').fill(email);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    try {
      await openApp(page, w.server.url);
      await formSignIn('ana.shared@example.com');
      await page.getByTestId('account-panel').waitFor();
      await addHabitAndLog(page, 'Ana stretches');
      await waitForSynced(page);
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByTestId('device-data').filter({ hasText: 'ana.shared@example.com' }).filter({ hasText: 'removes it from this device first' }).waitFor();

      // Ben signs in on the same device: Ana's data leaves it first (it is safe in her account).
      await formSignIn('ben.shared@example.com');
      await page.waitForURL(/\/settings$/);
      await page.getByTestId('account-panel').filter({ hasText: 'ben.shared@example.com' }).waitFor();
      await page.getByText('The previous account’s data was removed from it').waitFor();
      await page.locator('.side-nav').getByRole('link', { name: 'Habits' }).click();
      await page.getByRole('button', { name: 'Create your first habit' }).waitFor();
      expect(await habitsOf('ben.shared@example.com')).toEqual([]);
      expect(await habitsOf('ana.shared@example.com')).toEqual(['Ana stretches']);

      // Ben works offline and signs out before it synced; Ana signing in now is refused, so
      // Ben's work goes neither into her account nor away.
      await setOffline(context, true);
      await addHabitAndLog(page, 'Ben runs');
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByTestId('device-data').filter({ hasText: 'ben.shared@example.com' }).filter({ hasText: 'not synced yet' }).waitFor();
      await setOffline(context, false);
      await formSignIn('ana.shared@example.com');
      await page.locator('.error-text').filter({ hasText: 'changes have not synced from this device for ben.shared@example.com' }).waitFor();
      expect(await page.getByTestId('account-panel').count()).toBe(0);
      expect(await habitsOf('ana.shared@example.com')).toEqual(['Ana stretches']);
      expect(await habitsOf('ben.shared@example.com')).toEqual([]);
      // Ana's sign-in was ended on the server too.
      expect((await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))).user).toBeNull();

      // Ben signs in again and his work syncs into his own account.
      await page.locator('input[name="email"]').fill('ben.shared@example.com');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('account-panel').waitFor();
      await waitForSynced(page);
      expect(await habitsOf('ben.shared@example.com')).toEqual(['Ben runs']);

      // Leaving a borrowed device: sign out and remove everything, in every tab.
      const tab = await context.newPage();
      await tab.goto(`${w.server.url}/settings`);
      await tab.getByTestId('account-panel').filter({ hasText: 'ben.shared@example.com' }).waitFor();
      await page.getByRole('button', { name: 'Sign out and remove from this device' }).click();
      // The other tab starts afresh too: signed out, with nothing of Ben's.
      await tab.getByRole('form', { name: 'Local sign-in' }).waitFor();
      expect(await tab.getByTestId('account-panel').count()).toBe(0);
      expect(await tab.getByTestId('device-data').count()).toBe(0);
      await page.getByText('Nothing of the account is left on this device').waitFor();
      await page.getByRole('form', { name: 'Local sign-in' }).waitFor();
      expect(await page.getByTestId('device-data').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __ignition: { db: { habits: { count: () => Promise<number> } } } }).__ignition.db.habits.count())).toBe(0);
      expect(await habitsOf('ben.shared@example.com')).toEqual(['Ben runs']);
    } finally {
      await device.close();
    }
  });

  it('signs out offline for good: back online the session is ended on the server, not picked up again', async () => {
    const device = await newDevice();
    const { page, context } = device;
    const email = 'offline.signout@example.com';
    const sessions = async () => Number((await w.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM sessions s JOIN users u ON u.id = s.userId WHERE u.email = ?', args: [email] })).rows[0].n);
    try {
      await openApp(page, w.server.url);
      await signIn(page, email);
      await waitForSynced(page);
      expect(await sessions()).toBe(1);
      await setOffline(context, true);
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByTestId('device-data').waitFor();
      await setOffline(context, false);
      await page.reload();
      await page.getByRole('form', { name: 'Local sign-in' }).waitFor();
      await expect.poll(sessions).toBe(0);
      expect(await page.getByTestId('account-panel').count()).toBe(0);
      expect((await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))).user).toBeNull();
      // and signing in again works as ever
      await page.locator('input[name="email"]').fill(email);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('account-panel').waitFor();
      await page.reload();
      await page.locator('.side-nav').getByRole('link', { name: 'Settings' }).click();
      await page.getByTestId('account-panel').waitFor();
    } finally {
      await device.close();
    }
  });

  it('shows the public pages signed out and offline', async () => {
    const fresh = await newDevice();
    try {
      await openApp(fresh.page, w.server.url);
      await setOffline(fresh.context, true);
      for (const [path, heading] of [
        ['/welcome', 'Make progress feel like a game'],
        ['/privacy', 'Privacy'],
        ['/terms', 'Terms of service'],
        ['/help', 'Help'],
        ['/about', 'About Ignition'],
        ['/contact', 'Contact'],
      ]) {
        await fresh.page.goto(`${w.server.url}${path}`);
        await fresh.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      }
    } finally {
      await fresh.close();
    }
  });
});
