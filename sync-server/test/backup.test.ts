import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { constants as bufferConstants } from 'node:buffer';
import { LATEST_VERSION } from '../src/db/migrate.ts';
import { EnvError, loadEnv } from '../src/env.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';
import { backupAtVersion } from './fixtures/versioned-backups.ts';

const ADMIN = 'boss@example.com';
let t: TestApp;
let admin: string;

beforeEach(async () => {
  t = await createTestApp({ ADMIN_EMAILS: ADMIN });
  admin = await t.signIn(ADMIN, 'Boss');
});
afterEach(() => t.close());

/** Bookkeeping that a restore rebuilds or keeps by design, compared separately. */
const NOT_COMPARED = new Set(['_migrations', 'sqlite_sequence', 'sessions', 'verification_tokens', 'rate_limits', 'sync_rows', 'admin_audit', 'db_metadata']);

async function snapshot(app: TestApp) {
  const tables = (await app.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) => String(r.name));
  const out: Record<string, unknown[]> = {};
  for (const name of tables) {
    if (NOT_COMPARED.has(name)) continue;
    out[name] = (await app.db.execute(`SELECT * FROM "${name}" ORDER BY 1`)).rows.map((r) => ({ ...r }));
  }
  return out;
}

async function fillWithLife(app: TestApp) {
  const ada = await app.signIn('ada@example.com', 'Ada');
  const j = journal('2026-11-20');
  const deck = id();
  await pushOk(app, ada, [
    j.change,
    { table: 'flashcard_decks', id: deck, op: 'upsert', fields: { title: 'Kanji', card_count: 1 }, hlc: hlc() },
    { table: 'flashcards', id: id(), op: 'upsert', fields: { deck_id: deck, front: '火', back: 'fire' }, hlc: hlc() },
    { table: 'user_feedback', id: 'fb_ada', op: 'upsert', fields: { type: 'bug', title: 'Sync icon spins', description: 'After reload', status: 'open', priority: 'medium' }, hlc: hlc() },
    // a Mon/Wed/Fri habit with a skipped day (issue 23)
    { table: 'habits', id: 'h_ada_climb', op: 'upsert', fields: { name: 'Climb', frequency: 'daily', target_count: 1, schedule: 'weekdays', schedule_days: 21 }, hlc: hlc() },
    { table: 'habit_skips', id: 'hs_ada_sick', op: 'upsert', fields: { habit_id: 'h_ada_climb', date: '2026-11-18', reason: 'sick' }, hlc: hlc() },
  ], [j.event]);
  await app.req('/api/admin/quests', { cookie: admin, body: { id: 'q_admin_made', title: 'Hydrate', type: 'daily', event_type: 'habit_complete', target: 3, xp_reward: 15, coin_reward: 5 } });
  await app.req('/api/admin/feedback/fb_ada', { cookie: admin, method: 'PATCH', body: { status: 'in_progress', priority: 'high', admin_notes: 'repro on Pixel' } });
  await app.db.execute("INSERT INTO accounts (id, userId, provider, providerAccountId, access_token, refresh_token, id_token, scope) SELECT 'acc_ada', id, 'google', 'g-ada', 'ya29.SECRET', 'REFRESH-SECRET', 'ID-SECRET', 'openid email' FROM users WHERE email = 'ada@example.com'");
  return ada;
}

async function backupText(app: TestApp, cookie: string) {
  const res = await app.req('/api/admin/backup', { cookie, method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="ignition-backup-.*\.json"/);
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks++;
    text += dec.decode(value, { stream: true });
  }
  return { text, chunks };
}

const restore = (app: TestApp, cookie: string, body: string, dryRun = false) =>
  app.req(`/api/admin/restore${dryRun ? '?dryRun=1' : ''}`, { cookie, body, headers: { 'content-type': 'application/json' } });

const rowsOf = async (app: TestApp, table: string, where = '1 = 1') => (await app.db.execute(`SELECT * FROM "${table}" WHERE ${where} ORDER BY 1`)).rows.map((r) => ({ ...r }));

describe('backup', () => {
  it('streams the seed’s JSON format without OAuth tokens or session hashes', async () => {
    await fillWithLife(t);
    const { text, chunks } = await backupText(t, admin);
    expect(chunks).toBeGreaterThan(10);
    const doc = JSON.parse(text);
    expect(doc.version).toBe(LATEST_VERSION);
    expect(doc.versionName).toMatch(/^\d{4}_/);
    expect(Date.parse(doc.createdAt)).toBeGreaterThan(0);
    expect(doc.tables.users.map((u: any) => u.email).sort()).toEqual(['ada@example.com', ADMIN]);
    expect(doc.tables.exercises.length).toBeGreaterThan(800);
    expect(doc.tables.sessions).toBeUndefined();
    expect(doc.tables.accounts[0]).toEqual(expect.objectContaining({ provider: 'google', scope: 'openid email' }));
    expect(text).not.toMatch(/SECRET/);
    const sessionHashes = (await t.db.execute('SELECT sessionToken FROM sessions')).rows.map((r) => String(r.sessionToken));
    for (const h of sessionHashes) expect(text).not.toContain(h);
  });

  it('round-trips: backup, restore into an empty database, identical rows', async () => {
    await fillWithLife(t);
    const before = await snapshot(t);
    const { text } = await backupText(t, admin);
    const other = await createTestApp({ ADMIN_EMAILS: ADMIN });
    try {
      await other.db.execute('DELETE FROM exercises');
      const otherAdmin = await other.signIn(ADMIN, 'Boss');
      const res = await restore(other, otherAdmin, text);
      expect(res.status, await res.clone().text()).toBe(200);
      const report = (await res.json()) as any;
      expect(report.dryRun).toBe(false);
      const after = await snapshot(other);
      // accounts come back without their tokens; everything else is identical
      const strip = (rows: any[]) => rows.map(({ access_token, refresh_token, id_token, session_state, ...r }) => r);
      expect(strip(after.accounts as any[])).toEqual(strip(before.accounts as any[]));
      expect((after.accounts as any[])[0].access_token).toBeNull();
      delete before.accounts;
      delete after.accounts;
      expect(after).toEqual(before);
      // every restored synced row is in the change log for its owner
      const ada = String((before.users as any[]).find((u) => u.email === 'ada@example.com').id);
      const log = await rowsOf(other, 'sync_rows', "table_name = 'journal_entries'");
      expect(log).toEqual([expect.objectContaining({ user_id: ada, deleted: 0 })]);
      expect((await rowsOf(other, 'sync_rows', "table_name = 'flashcards'"))[0].user_id).toBe(ada);
      expect(await rowsOf(other, 'habit_skips')).toEqual([expect.objectContaining({ id: 'hs_ada_sick', habit_id: 'h_ada_climb', user_id: ada, date: '2026-11-18', reason: 'sick' })]);
      expect((await rowsOf(other, 'habits', "id = 'h_ada_climb'"))[0]).toMatchObject({ schedule: 'weekdays', schedule_days: 21 });
      expect((await rowsOf(other, 'sync_rows', "table_name = 'habit_skips'"))[0].user_id).toBe(ada);
    } finally {
      other.close();
    }
  });

  it('keeps the restoring admin signed in and lets devices with an old cursor pull the restored rows', async () => {
    const ada = await fillWithLife(t);
    const { text } = await backupText(t, admin);
    const cursor = (await (await t.req('/api/sync/pull?cursor=0&limit=5000', { cookie: ada })).json() as any).cursor;
    await t.req('/api/admin/quests/q_admin_made', { cookie: admin, method: 'DELETE' });
    const res = await restore(t, admin, text);
    expect(res.status).toBe(200);
    expect((await t.req('/api/admin/stats', { cookie: admin })).status).toBe(200);
    const pulled = (await (await t.req(`/api/sync/pull?cursor=${cursor}&limit=5000`, { cookie: ada })).json()) as any;
    const quest = pulled.changes.find((c: any) => c.id === 'q_admin_made');
    expect(quest).toEqual(expect.objectContaining({ op: 'upsert', row: expect.objectContaining({ title: 'Hydrate' }) }));
    expect(pulled.changes.some((c: any) => c.table === 'journal_entries')).toBe(true);
  });

  it('keeps event metadata that is not JSON as text, so the person’s next pushes still work', async () => {
    const ada = await fillWithLife(t);
    const { text } = await backupText(t, admin);
    const doc = JSON.parse(text);
    const event = doc.tables.activity_events.find((e: any) => e.event_type === 'journal_entry');
    event.metadata = 'wrote this by hand';
    const res = await restore(t, admin, JSON.stringify(doc));
    expect(res.status).toBe(200);
    expect((await res.json()).warnings).toContain('1 activity event(s) had metadata that is not JSON; it is kept as text under "legacy_text"');
    const row = (await t.db.execute({ sql: 'SELECT metadata FROM activity_events WHERE id = ?', args: [event.id] })).rows[0];
    expect(JSON.parse(String(row.metadata))).toEqual({ legacy_text: 'wrote this by hand' });
    // the reads of metadata on the push path (the once-only keys of the same entity) still work
    const again = { ...journal('2026-11-20').event, entity_id: event.entity_id };
    const reply = await pushOk(t, ada, [], [again]);
    expect(reply.rejected.map((r: { code: string }) => r.code)).toEqual(['already_rewarded']);
  });

  it('in dry-run mode reports what would change and changes nothing', async () => {
    await fillWithLife(t);
    const { text } = await backupText(t, admin);
    await t.signIn('late@example.com', 'Late');
    const before = await snapshot(t);
    const res = await restore(t, admin, text, true);
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report.dryRun).toBe(true);
    expect(report.tables.find((r: any) => r.table === 'users')).toEqual({ table: 'users', before: 3, after: 2 });
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a truncated file, an unknown column and a broken reference, changing nothing', async () => {
    await fillWithLife(t);
    const { text } = await backupText(t, admin);
    const before = await snapshot(t);
    const truncated = await restore(t, admin, text.slice(0, Math.floor(text.length / 2)));
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as any).error.message).toMatch(/not valid JSON.*complete/);
    const doc = JSON.parse(text);
    const badColumn = structuredClone(doc);
    badColumn.tables.users[0].shoe_size = 44;
    const r1 = await restore(t, admin, JSON.stringify(badColumn));
    expect(r1.status).toBe(422);
    expect(((await r1.json()) as any).error.message).toContain('shoe_size');
    const orphan = structuredClone(doc);
    orphan.tables.journal_entries[0].user_id = 'nobody';
    const r2 = await restore(t, admin, JSON.stringify(orphan));
    expect(r2.status).toBe(422);
    expect(((await r2.json()) as any).error.message).toMatch(/missing rows|FOREIGN KEY/);
    const tooNew = await restore(t, admin, JSON.stringify({ ...doc, version: LATEST_VERSION + 1 }));
    expect(((await tooNew.json()) as any).error.code).toBe('backup_too_new');
    expect((await restore(t, admin, '[1,2]')).status).toBe(422);
    expect(await snapshot(t)).toEqual(before);
  });

  it('accepts a restore body larger than the global body limit', async () => {
    const small = await createTestApp({ ADMIN_EMAILS: ADMIN, MAX_BODY_BYTES: '10000' });
    try {
      const a = await small.signIn(ADMIN);
      const { text } = await backupText(small, a);
      expect(text.length).toBeGreaterThan(10_000);
      expect((await restore(small, a, text, true)).status).toBe(200);
    } finally {
      small.close();
    }
  });

  it('refuses a body above RESTORE_MAX_BYTES with a 413, changing nothing', async () => {
    const capped = await createTestApp({ ADMIN_EMAILS: ADMIN, RESTORE_MAX_BYTES: '20000' });
    try {
      const a = await capped.signIn(ADMIN);
      await capped.signIn('ada@example.com', 'Ada');
      const { text } = await backupText(capped, a);
      expect(text.length).toBeGreaterThan(20_000);
      const before = await snapshot(capped);
      const res = await restore(capped, a, text);
      expect(res.status).toBe(413);
      const err = ((await res.json()) as any).error;
      expect(err.code).toBe('payload_too_large');
      expect(err.message).toContain('RESTORE_MAX_BYTES');
      expect(await snapshot(capped)).toEqual(before);
    } finally {
      capped.close();
    }
  });

  it('defaults RESTORE_MAX_BYTES to 256 MiB and refuses a limit no JavaScript string could hold', () => {
    expect(loadEnv({}).RESTORE_MAX_BYTES).toBe(256 * 1024 * 1024);
    expect(loadEnv({ RESTORE_MAX_BYTES: String(bufferConstants.MAX_STRING_LENGTH) }).RESTORE_MAX_BYTES).toBe(bufferConstants.MAX_STRING_LENGTH);
    // 512 MiB is just above Node's longest string: such a body could only end in a 500
    expect(() => loadEnv({ RESTORE_MAX_BYTES: String(512 * 1024 * 1024) })).toThrow(EnvError);
    expect(() => loadEnv({ RESTORE_MAX_BYTES: String(512 * 1024 * 1024) })).toThrow(/RESTORE_MAX_BYTES.*longest string/);
  });
});

describe('restore of older versions', () => {
  it.each([1, 4, 7, 12])('upgrades a version %i backup step by step and applies the seed’s defaults', async (version) => {
    const { text, doc } = await backupAtVersion(version);
    expect(doc.version).toBe(version);
    expect(doc.tables.sessions).toBeUndefined();
    expect(text).not.toContain('ya29.secret');
    const res = await restore(t, admin, text);
    expect(res.status, await res.clone().text()).toBe(200);
    const report = (await res.json()) as any;
    expect(report.steps[0]).toContain(`from schema version ${version} to ${LATEST_VERSION}`);
    const users = await rowsOf(t, 'users');
    expect(users.map((u) => u.email)).toEqual(['old-admin@example.com', 'old-user@example.com']);
    // v1–v3: every user has progress
    const progress = await rowsOf(t, 'user_progress');
    expect(progress.map((p) => p.user_id).sort()).toEqual(['u_old_admin', 'u_old_user']);
    if (version >= 2) expect(progress.find((p) => p.user_id === 'u_old_admin')).toEqual(expect.objectContaining({ total_xp: 350, coins: 40 }));
    // v4+: approval survives; before v4 everyone was approved
    const oldUser = users.find((u) => u.id === 'u_old_user')!;
    expect(oldUser.approved).toBe(version >= 4 ? 0 : 1);
    // v7+: skill curves survive; skill XP columns exist (0 before v7); the other default skills are seeded
    const skills = await rowsOf(t, 'skill_definitions');
    expect(skills.map((s) => s.id).sort()).toEqual(['charm', 'guts', 'kindness', 'knowledge', 'proficiency']);
    expect(skills.find((s) => s.id === 'knowledge')!.max_level).toBe(version >= 7 ? 12 : 10);
    expect(progress.find((p) => p.user_id === 'u_old_admin')?.knowledge_xp ?? 0).toBe(version >= 7 ? 200 : 0);
    // v4–v6: shared quests from before universal quests became universal; seeded universal quests exist
    const quests = await rowsOf(t, 'quests');
    if (version >= 2) expect(quests.find((q) => q.id === 'q_old')!.is_universal).toBe(version < 7 ? 1 : 0);
    if (version >= 7) expect(quests.find((q) => q.id === 'q_personalish')!.is_universal).toBe(0);
    expect(quests.filter((q) => String(q.id).startsWith('q_') && q.is_universal === 1).length).toBeGreaterThanOrEqual(5);
    // v7–v11: terms-of-service defaults; v12+: acceptance survives
    const oldAdmin = users.find((u) => u.id === 'u_old_admin')!;
    expect(oldAdmin.tos_accepted).toBe(version >= 12 ? 1 : 0);
    expect(oldAdmin.timezone).toBe('UTC');
    // OAuth tokens never travel; the account link does
    expect(await rowsOf(t, 'accounts')).toEqual([expect.objectContaining({ id: 'acc1', provider: 'google', access_token: null, refresh_token: null })]);
    if (version >= 3) expect((await rowsOf(t, 'workout_exercises'))[0]).toEqual(expect.objectContaining({ exercise_id: 'ex_old', sets: 3 }));
    if (version >= 7) expect((await rowsOf(t, 'user_feedback'))[0]).toEqual(expect.objectContaining({ title: 'Timer stops', status: 'open', priority: 'medium' }));
    // the shared library is back to the seed's defaults plus what the backup held
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM exercises')).rows[0].n)).toBeGreaterThan(800);
    // the restored user's rows are in the change log for their devices
    const log = await rowsOf(t, 'sync_rows', "user_id = 'u_old_user' AND deleted = 0");
    expect(log.length).toBeGreaterThan(0);
  });

  it('restores a current-version backup made the same way', async () => {
    const { text, doc } = await backupAtVersion(LATEST_VERSION);
    expect(doc.version).toBe(LATEST_VERSION);
    const res = await restore(t, admin, text);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await rowsOf(t, 'users')).map((u) => u.id)).toEqual(['u_old_admin', 'u_old_user']);
    expect((await rowsOf(t, 'skill_definitions', "id = 'knowledge'"))[0].max_level).toBe(12);
  });
});

describe('restore and the row contracts', () => {
  it('lists personal rows that break their contract in the dry run and the restore, restores them as they are, and pays them within the rules', async () => {
    const ada = await fillWithLife(t);
    const { text } = await backupText(t, admin);
    const doc = JSON.parse(text);
    const entry = doc.tables.journal_entries[0];
    entry.mood = 99;
    const owner = entry.user_id;
    doc.tables.quests.push({ id: 'q_old_greedy', user_id: owner, title: 'Old greedy', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 1_000_000, coin_reward: 1_000_000, skill_id: 'charm', is_universal: 0, is_active: 1 });
    const body = JSON.stringify(doc);
    const dry = await restore(t, admin, body, true);
    expect(dry.status, await dry.clone().text()).toBe(200);
    const report = (await dry.json()) as any;
    expect(report.contractViolationCount).toBe(2);
    expect(report.contractViolations).toEqual(
      expect.arrayContaining([
        { table: 'journal_entries', id: entry.id, field: 'mood', reason: expect.stringMatching(/from 1 to 5/) },
        { table: 'quests', id: 'q_old_greedy', field: 'xp_reward', reason: expect.stringMatching(/from 0 to 100/) },
      ]),
    );
    expect(report.warnings.join(' ')).toMatch(/2 personal row\(s\) break their table's row contract/);
    const res = await restore(t, admin, body);
    expect(res.status).toBe(200);
    expect((await rowsOf(t, 'quests', "id = 'q_old_greedy'"))[0].xp_reward).toBe(1_000_000);
    // The restored greedy quest completes on Ada's next entry and pays at most 100 XP and 50 coins.
    const today = new Date().toISOString().slice(0, 10);
    const j = journal(today, new Date(Date.now() - 60_000).toISOString());
    await pushOk(t, ada, [j.change], [j.event]);
    const paid = await rowsOf(t, 'activity_events', "event_type = 'quest_complete' AND entity_id = 'q_old_greedy'");
    expect(paid.map((e) => [e.xp_earned, e.coins_earned])).toEqual([[100, 50]]);
  });
});

describe('recipes in backups (issue 21)', () => {
  it.each([8, 12, 14])('a version %i backup keeps its seed-era recipe through the rebuild of migration 0027', async (version) => {
    const { text, doc } = await backupAtVersion(version);
    expect(doc.tables.recipes).toEqual([expect.objectContaining({ id: 'rec_old', user_id: 'u_old_user' })]);
    const res = await restore(t, admin, text);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await rowsOf(t, 'recipes', "id = 'rec_old'"))[0]).toEqual(
      expect.objectContaining({ user_id: 'u_old_user', title: 'Old soup', ingredients: '2 onions\n1 l stock', instructions: 'Chop the onions.\n\nSimmer 20 minutes.', steps: null }),
    );
    // the owner's devices pull it
    expect((await rowsOf(t, 'sync_rows', "table_name = 'recipes' AND row_id = 'rec_old'"))[0]).toEqual(expect.objectContaining({ user_id: 'u_old_user', deleted: 0 }));
  });

  it('round-trips personal and global recipes and the marks', async () => {
    const ada = await t.signIn('ada@example.com', 'Ada');
    const mine = (await (await t.req('/api/learn/recipes', { cookie: ada, body: { title: 'Tea', tags: ['drink'], steps: [{ text: 'Boil', timer_s: 120 }] } })).json()).recipe.id;
    const global = (await (await t.req('/api/admin/recipes', { cookie: admin, body: { title: 'Stretch', steps: [{ text: 'Reach' }] } })).json()).id;
    await t.req(`/api/learn/recipes/${global}/mark`, { cookie: ada, method: 'PUT', body: { favorite: true } });
    const { text } = await backupText(t, admin);
    const before = { recipes: await rowsOf(t, 'recipes'), marks: await rowsOf(t, 'recipe_marks') };
    await t.db.execute('DELETE FROM recipe_marks');
    await t.db.execute('DELETE FROM recipes');
    const res = await restore(t, admin, text);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await rowsOf(t, 'recipes')).toEqual(before.recipes);
    expect(await rowsOf(t, 'recipe_marks')).toEqual(before.marks);
    expect(before.recipes.map((r) => r.id)).toEqual(expect.arrayContaining([mine, global]));
  });
});
