import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, journal, push, pushOk } from './sync-helpers.ts';

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
    await pushOk(t, ada, [feedback('fb_1', { type: 'bug', title: 'Timer freezes', description: 'After 20 min' }), feedback('fb_2', { type: 'feature', title: 'Dark mode' })]);
    // triage values only an admin sets (a device sends open/medium)
    await t.db.execute("UPDATE user_feedback SET priority = 'critical' WHERE id = 'fb_1'");
    await t.db.execute("UPDATE user_feedback SET priority = 'low' WHERE id = 'fb_2'");
    const all = (await (await t.req('/api/admin/feedback', { cookie: admin })).json()) as any;
    expect(all.total).toBe(2);
    expect(all.items.map((f: any) => f.id)).toEqual(['fb_1', 'fb_2']);
    expect(all.items[0]).toEqual(expect.objectContaining({ user_email: 'ada@example.com', type: 'bug' }));
    const bugs = (await (await t.req('/api/admin/feedback?type=feature', { cookie: admin })).json()) as any;
    expect(bugs.items.map((f: any) => f.id)).toEqual(['fb_2']);
    expect((await t.req('/api/admin/feedback?status=nope', { cookie: admin })).status).toBe(422);
  });

  it('refuses feedback a device sends with an unknown kind or its own triage, writing nothing', async () => {
    const res = await push(t, ada, [
      feedback('fb_rant', { type: 'rant', title: 'Unknown kind' }),
      feedback('fb_me_first', { type: 'bug', title: 'Me first', priority: 'critical' }),
      feedback('fb_done', { type: 'feature', title: 'Already done', status: 'resolved' }),
      feedback('fb_ok', { type: 'other', title: 'Fine' }),
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.changeErrors.map((e: any) => [e.id, e.code])).toEqual([
      ['fb_rant', 'invalid_field'],
      ['fb_me_first', 'invalid_field'],
      ['fb_done', 'invalid_field'],
    ]);
    expect(body.changeErrors[1].message).toMatch(/priority is set by an admin/);
    expect((await t.db.execute('SELECT id, status, priority FROM user_feedback')).rows.map((r) => ({ ...r }))).toEqual([{ id: 'fb_ok', status: 'open', priority: 'medium' }]);
    // after triage, a device cannot downgrade or close its report either
    await t.req('/api/admin/feedback/fb_ok', { cookie: admin, method: 'PATCH', body: { status: 'in_progress', priority: 'high' } });
    const later = (await (await push(t, ada, [{ table: 'user_feedback', id: 'fb_ok', op: 'upsert', fields: { status: 'closed', priority: 'low' }, hlc: hlc(Date.now() + 60_000) }])).json()) as any;
    expect(later.changeErrors).toHaveLength(1);
    expect({ ...(await t.db.execute("SELECT status, priority FROM user_feedback WHERE id = 'fb_ok'")).rows[0] }).toEqual({ status: 'in_progress', priority: 'high' });
    // nor reopen it with the starting values: on an existing report they are ignored, its other edits kept
    const reopen = (await (await push(t, ada, [{ table: 'user_feedback', id: 'fb_ok', op: 'upsert', fields: { status: 'open', priority: 'medium', description: 'More detail' }, hlc: hlc(Date.now() + 120_000) }])).json()) as any;
    expect(reopen.changeErrors ?? []).toEqual([]);
    expect({ ...(await t.db.execute("SELECT status, priority, description FROM user_feedback WHERE id = 'fb_ok'")).rows[0] }).toEqual({ status: 'in_progress', priority: 'high', description: 'More detail' });
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

  it('count pending and denied people, activity windows, focus minutes and workouts by when they happened', async () => {
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const adaId = String((await t.db.execute("SELECT id FROM users WHERE email = 'ada@example.com'")).rows[0].id);
    const run = (sql: string, args: Array<string | number | null> = []) => t.db.execute({ sql, args });
    await run('UPDATE users SET last_activity_at = ? WHERE id = ?', [ago(5), adaId]);
    await run("INSERT INTO users (id, name, email, approved, last_activity_at) VALUES ('u_wait', 'Wait', 'wait@example.com', 0, ?)", [ago(24 * 3)]);
    await run("INSERT INTO users (id, name, email, approved, denial_reason, last_activity_at) VALUES ('u_no', 'No', 'no@example.com', 0, 'spam', ?)", [ago(24 * 20)]);
    await run("INSERT INTO users (id, name, email, last_activity_at) VALUES ('u_old', 'Old', 'old@example.com', ?)", [ago(24 * 40)]);
    // focus: 25 min an hour ago, 50 min three days ago (minus 10 paused), a break and an abandoned session that do not count
    await run("INSERT INTO focus_sessions (id, user_id, mode, duration, status, completed_at) VALUES ('f1', ?, 'focus', 1500, 'completed', ?)", [adaId, ago(1)]);
    await run("INSERT INTO focus_sessions (id, user_id, mode, duration, paused_total, status, completed_at) VALUES ('f2', ?, 'focus', 3600, 600, 'completed', ?)", [adaId, ago(72)]);
    await run("INSERT INTO focus_sessions (id, user_id, mode, duration, status, completed_at) VALUES ('f3', ?, 'short_break', 300, 'completed', ?)", [adaId, ago(1)]);
    await run("INSERT INTO focus_sessions (id, user_id, mode, duration, status, completed_at) VALUES ('f4', ?, 'focus', 1500, 'abandoned', ?)", [adaId, ago(1)]);
    // workouts: one today, one five days ago, one ten days ago, one never finished
    for (const [wid, at] of [['w1', ago(2)], ['w2', ago(24 * 5)], ['w3', ago(24 * 10)], ['w4', null]] as const)
      await run('INSERT INTO workout_sessions (id, user_id, completed_at) VALUES (?, ?, ?)', [wid, adaId, at]);
    const stats = (await (await t.req('/api/admin/stats', { cookie: admin })).json()) as any;
    expect(stats.users).toEqual({ total: 5, approved: 3, pending: 1, denied: 1, admins: 1, active: { '1d': 2, '7d': 3, '30d': 4 } });
    expect(stats.activity.focusMinutes).toEqual({ '24h': 25, '7d': 25 + 50 });
    expect(stats.activity.workouts).toEqual({ '24h': 1, '7d': 2, total: 3 });
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
