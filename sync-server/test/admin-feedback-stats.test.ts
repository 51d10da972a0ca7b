import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, journal, pushOk } from './sync-helpers.ts';

const ADMIN = 'boss@example.com';
let t: TestApp;
let admin: string;
let ada: string;

beforeEach(async () => {
  t = await createTestApp({ ADMIN_EMAILS: ADMIN });
  admin = await t.signIn(ADMIN, 'Boss');
  ada = await t.signIn('ada@example.com', 'Ada');
});
afterEach(() => t.close());

const feedback = (id: string, fields: Record<string, unknown>) => ({ table: 'user_feedback', id, op: 'upsert', fields: { status: 'open', priority: 'medium', created_at: new Date().toISOString(), ...fields }, hlc: hlc() });

describe('feedback triage', () => {
  it('lists feedback users sent through sync, most urgent first, with filters', async () => {
    await pushOk(t, ada, [feedback('fb_1', { type: 'bug', title: 'Timer freezes', description: 'After 20 min' }), feedback('fb_2', { type: 'feature', title: 'Dark mode', priority: 'low' })]);
    await t.db.execute("UPDATE user_feedback SET priority = 'critical' WHERE id = 'fb_1'");
    const all = (await (await t.req('/api/admin/feedback', { cookie: admin })).json()) as any;
    expect(all.total).toBe(2);
    expect(all.items.map((f: any) => f.id)).toEqual(['fb_1', 'fb_2']);
    expect(all.items[0]).toEqual(expect.objectContaining({ user_email: 'ada@example.com', type: 'bug' }));
    const bugs = (await (await t.req('/api/admin/feedback?type=feature', { cookie: admin })).json()) as any;
    expect(bugs.items.map((f: any) => f.id)).toEqual(['fb_2']);
    expect((await t.req('/api/admin/feedback?status=nope', { cookie: admin })).status).toBe(422);
  });

  it('sets status, priority and notes; the author’s devices pull the new status', async () => {
    const sent = feedback('fb_1', { type: 'bug', title: 'Timer freezes' });
    const first = await pushOk(t, ada, [sent]);
    const res = await t.req('/api/admin/feedback/fb_1', { cookie: admin, method: 'PATCH', body: { status: 'resolved', priority: 'high', admin_notes: 'Fixed in 1.2' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expect.objectContaining({ status: 'resolved', priority: 'high', admin_notes: 'Fixed in 1.2' }));
    const pulled = (await (await t.req(`/api/sync/pull?cursor=${first.cursor}`, { cookie: ada })).json()) as any;
    expect(pulled.changes).toEqual([expect.objectContaining({ table: 'user_feedback', id: 'fb_1', row: expect.objectContaining({ status: 'resolved', priority: 'high' }) })]);
    // the admin's clock is newer than the device's edit, so the device takes the new status
    expect(pulled.changes[0].clocks.status > sent.hlc).toBe(true);
    expect((await t.req('/api/admin/feedback/fb_1', { cookie: admin, method: 'PATCH', body: { status: 'bogus' } })).status).toBe(422);
    expect((await t.req('/api/admin/feedback/missing', { cookie: admin, method: 'PATCH', body: { status: 'closed' } })).status).toBe(404);
    expect((await t.req('/api/admin/feedback/fb_1', { cookie: ada, method: 'PATCH', body: { status: 'closed' } })).status).toBe(403);
    const audit = (await (await t.req('/api/admin/audit', { cookie: admin })).json()) as any;
    expect(audit.items[0]).toEqual(expect.objectContaining({ action: 'feedback.update', target_id: 'fb_1', details: { status: 'resolved', priority: 'high', admin_notes: 'Fixed in 1.2' } }));
  });
});

describe('platform stats', () => {
  it('count users, activity, economy and rows per table', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const j = journal(today, new Date().toISOString());
    await pushOk(t, ada, [j.change], [j.event]);
    const stats = (await (await t.req('/api/admin/stats', { cookie: admin })).json()) as any;
    expect(stats.users).toEqual(expect.objectContaining({ total: 2, approved: 2, pending: 0, admins: 1 }));
    expect(stats.users.active['1d']).toBe(2);
    expect(stats.activity.eventsByType['24h']).toEqual({ journal_entry: 1 });
    expect(stats.activity.eventsByType['7d']).toEqual({ journal_entry: 1 });
    expect(stats.economy).toEqual({ xpIssued: 10, coinsIssued: 5, coinsSpent: 0 });
    expect(stats.storage.journal_entries).toBe(1);
    expect(stats.storage.exercises).toBeGreaterThan(800);
    expect(stats.activity.daily).toEqual([{ day: today, events: 1, xp: 10 }]);
  });
});

describe('backup CLI', () => {
  it('writes the same JSON backup to a file (npm run backup -- out.json)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-cli-'));
    try {
      const out = join(dir, 'out.json');
      execFileSync(process.execPath, ['--import', 'tsx', 'sync-server/src/cli/backup.ts', out], { env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: 'test' }, stdio: 'pipe' });
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      expect(doc.tables.users.map((u: any) => u.email).sort()).toEqual(['ada@example.com', ADMIN]);
      expect(doc.tables.sessions).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
