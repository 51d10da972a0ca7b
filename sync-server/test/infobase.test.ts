import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrateTo } from '../src/db/migrate.ts';
import { backupChunks } from '../src/services/backup-service.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk } from './sync-helpers.ts';

const ADMIN = 'boss@example.com';
let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp({ ADMIN_EMAILS: ADMIN });
  t.setNow(new Date('2026-11-24T18:00:00.000Z'));
  cookie = await t.signIn('writer@example.com');
});
afterEach(() => t.close());

type Entry = { id: string; title: string; content: string; category: string | null; tags: string[]; pinned: boolean; archived: boolean; created_at: string; updated_at: string };
const create = async (body: Record<string, unknown>, who = cookie) => {
  const res = await t.req('/api/infobase', { cookie: who, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { entry: Entry }).entry;
};
const list = async (query = '', who = cookie) => {
  const res = await t.req(`/api/infobase${query}`, { cookie: who });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { entries: Entry[]; nextCursor: string | null };
};
const count = async () => Number((await t.db.execute('SELECT COUNT(*) AS n FROM infobase_entries')).rows[0].n);

describe('the infobase REST routes', () => {
  it('creates, reads, edits and deletes an entry through the sync path (pulled by devices, no reward)', async () => {
    const e = await create({ title: 'Sourdough', content: '# Starter\nFeed it daily.', category: 'Kitchen', tags: ['food', 'baking'] });
    expect(e).toMatchObject({ title: 'Sourdough', category: 'Kitchen', tags: ['food', 'baking'], pinned: false, archived: false, created_at: '2026-11-24T18:00:00.000Z' });
    const got = await (await t.req(`/api/infobase/${e.id}`, { cookie })).json();
    expect(got.entry.content).toBe('# Starter\nFeed it daily.');

    t.setNow(new Date('2026-11-24T19:00:00.000Z'));
    const patched = await t.req(`/api/infobase/${e.id}`, { method: 'PATCH', cookie, body: { pinned: true, tags: ['food'] } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).entry).toMatchObject({ pinned: true, tags: ['food'], title: 'Sourdough', updated_at: '2026-11-24T19:00:00.000Z' });

    const pulled = await (await t.req('/api/sync/pull', { cookie })).json();
    const row = pulled.changes.find((c: { table: string; id: string }) => c.table === 'infobase_entries' && c.id === e.id)?.row;
    expect(row).toMatchObject({ title: 'Sourdough', pinned: true, archived: false, tags: ['food'] });
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM activity_events')).rows[0].n)).toBe(0);

    const del = await t.req(`/api/infobase/${e.id}`, { method: 'DELETE', cookie });
    expect(del.status).toBe(204);
    expect((await t.req(`/api/infobase/${e.id}`, { cookie })).status).toBe(404);
    const after = await (await t.req(`/api/sync/pull?cursor=${pulled.cursor}`, { cookie })).json();
    expect(after.changes).toEqual([expect.objectContaining({ table: 'infobase_entries', id: e.id, op: 'delete' })]);
  });

  it('filters by words, tag and category, hides archived entries unless asked, and pages by cursor newest first', async () => {
    const made: Entry[] = [];
    for (let i = 0; i < 7; i++) {
      t.setNow(new Date(Date.UTC(2026, 10, 20, 10, i)));
      made.push(await create({ title: `Note ${i}`, content: i % 2 ? 'about Rust borrowing' : 'about bread', category: i % 2 ? 'Code' : 'Kitchen', tags: i % 3 === 0 ? ['Weekly'] : [] }));
    }
    await t.req(`/api/infobase/${made[6].id}`, { method: 'PATCH', cookie, body: { archived: true } });
    expect((await list()).entries.map((e) => e.title)).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1', 'Note 0']);
    expect((await list('?archived=true')).entries.map((e) => e.title)).toEqual(['Note 6']);
    expect((await list('?archived=all')).entries).toHaveLength(7);
    expect((await list('?q=RUST%20borrow')).entries.map((e) => e.title)).toEqual(['Note 5', 'Note 3', 'Note 1']);
    expect((await list('?q=note%204')).entries.map((e) => e.title)).toEqual(['Note 4']);
    expect((await list('?q=100%25')).entries).toEqual([]);
    expect((await list('?category=kitchen')).entries.map((e) => e.title)).toEqual(['Note 4', 'Note 2', 'Note 0']);
    expect((await list('?tag=weekly')).entries.map((e) => e.title)).toEqual(['Note 3', 'Note 0']);
    expect((await list('?tag=weekly&category=Code')).entries.map((e) => e.title)).toEqual(['Note 3']);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?archived=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.entries.map((e) => e.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Note 6', 'Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1', 'Note 0']);
  });

  it('shows what an entry links to (entries by title, own things with their titles) and the entries linking to it', async () => {
    const book = (await (await t.req('/api/books', { cookie, body: { title: 'The Bread Book', total_pages: 200 } })).json()).book;
    const habit = (await (await t.req('/api/habits', { cookie, body: { name: 'Feed starter' } })).json()).habit;
    const bread = await create({ title: 'Bread', content: `Needs [[Starter]] and [[flour|good flour]]. From [[book:${book.id}]], daily [[habit:feed STARTER]], see [[Missing page]] and [[goal:nope]]` });
    const starter = await create({ title: 'Starter', content: 'Used for [[bread]]. Code: `[[Bread]]`' });
    await create({ title: 'Flour', content: 'Rye' });
    const other = await t.signIn('other@example.com');
    await create({ title: 'Spy', content: 'I link to [[Bread]] too' }, other);

    const got = await (await t.req(`/api/infobase/${bread.id}`, { cookie })).json();
    expect(got.links).toEqual([
      { kind: 'entry', title: 'Starter', id: starter.id },
      { kind: 'entry', title: 'flour', id: expect.any(String) },
      { kind: 'book', ref: book.id, title: 'The Bread Book', id: book.id },
      { kind: 'habit', ref: 'feed STARTER', title: 'Feed starter', id: habit.id },
      { kind: 'entry', title: 'Missing page', id: null },
      { kind: 'goal', ref: 'nope', title: 'nope', id: null },
    ]);
    expect(got.backlinks).toEqual([{ id: starter.id, title: 'Starter' }]);

    // Titles match in any case, beyond ASCII too.
    const ecole = await create({ title: 'École  Étoile' });
    const deck = (await (await t.req('/api/learn/decks', { cookie, body: { title: 'ÜBUNG' } })).json()).deck;
    const note = await create({ title: 'Links', content: '[[école étoile]] and [[deck:übung]]' });
    const links = (await (await t.req(`/api/infobase/${note.id}`, { cookie })).json()).links;
    expect(links).toEqual([
      { kind: 'entry', title: 'école étoile', id: ecole.id },
      { kind: 'deck', ref: 'übung', title: 'ÜBUNG', id: deck.id },
    ]);
    expect((await (await t.req(`/api/infobase/${ecole.id}`, { cookie })).json()).backlinks).toEqual([{ id: note.id, title: 'Links' }]);
  });

  it('answers bad input with a 4xx that names the problem and stores nothing', async () => {
    const bad: Array<[string, string, unknown]> = [
      ['POST', '/api/infobase', {}],
      ['POST', '/api/infobase', { title: '   ' }],
      ['POST', '/api/infobase', { title: 'a [[b]]' }],
      ['POST', '/api/infobase', { title: 'x'.repeat(201) }],
      ['POST', '/api/infobase', { title: 'ok', tags: 'food' }],
      ['POST', '/api/infobase', { title: 'ok', tags: [''] }],
      ['POST', '/api/infobase', { title: 'ok', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }],
      ['POST', '/api/infobase', { title: 'ok', pinned: 'yes' }],
      ['POST', '/api/infobase', { title: 'ok', user_id: 'someone' }],
      ['POST', '/api/infobase', { title: 'ok', content: 'x'.repeat(100_001) }],
      ['POST', '/api/infobase', { title: 'ok', id: '../../etc' }],
      ['GET', '/api/infobase?limit=0', undefined],
      ['GET', '/api/infobase?limit=abc', undefined],
      ['GET', '/api/infobase?cursor=not-a-cursor', undefined],
      ['GET', '/api/infobase?archived=maybe', undefined],
      ['GET', '/api/infobase?sort=title', undefined],
      ['GET', '/api/infobase/bad%20id', undefined],
    ];
    for (const [method, path, body] of bad) {
      const res = await t.req(path, { method, cookie, body: body as never });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path} ${text}`).toBeLessThan(500);
      const json = JSON.parse(text);
      expect(json.error.code, text).toMatch(/validation_failed|not_found|bad_request/);
      expect(json.error.message.length).toBeGreaterThan(5);
    }
    expect(await count()).toBe(0);
    const e = await create({ title: 'Keep' });
    const res = await t.req(`/api/infobase/${e.id}`, { method: 'PATCH', cookie, body: {} });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/at least one field/);
    expect((await t.req('/api/infobase', { cookie, body: { id: e.id, title: 'Again' } })).status).toBe(409);
  });
});

describe('the infobase through /api/sync/push, as a hostile client', () => {
  const entry = (over: Record<string, unknown> = {}) => ({ title: 'Plan', content: 'See [[Other]]', category: 'Work', tags: ['a'], pinned: false, archived: false, created_at: '2026-11-24T17:00:00.000Z', updated_at: '2026-11-24T17:00:00.000Z', ...over });

  it('stores a good pushed entry under the pusher, whatever user_id it claims', async () => {
    const eid = id();
    const victim = await t.signIn('victim@example.com');
    const victimId = String((await t.db.execute("SELECT id FROM users WHERE email = 'victim@example.com'")).rows[0].id);
    const r = await pushOk(t, cookie, [{ table: 'infobase_entries', id: eid, op: 'upsert', fields: entry({ user_id: victimId }), hlc: hlc() }]);
    expect(r.changeErrors ?? []).toEqual([]);
    const owner = String((await t.db.execute({ sql: 'SELECT user_id FROM infobase_entries WHERE id = ?', args: [eid] })).rows[0].user_id);
    expect(owner).not.toBe(victimId);
    expect((await list('', victim)).entries).toEqual([]);
  });

  it('refuses bad fields with invalid_field or unknown_field and writes nothing', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'invalid_field'],
      [{ title: 'a|b' }, 'invalid_field'],
      [{ title: 'x'.repeat(201) }, 'invalid_field'],
      [{ tags: 'not a list' }, 'invalid_field'],
      [{ tags: [1, 2] }, 'invalid_field'],
      [{ pinned: 'yes' }, 'invalid_field'],
      [{ archived: 2 }, 'invalid_field'],
      [{ created_at: 'yesterday' }, 'invalid_field'],
      [{ content: 'x'.repeat(100_001) }, 'invalid_field'],
      [{ synced_at: '2026-11-24T17:00:00.000Z' }, 'unknown_field'],
      [{ xp_earned: 1000 }, 'unknown_field'],
    ];
    const r = await pushOk(t, cookie, bad.map(([over]) => ({ table: 'infobase_entries', id: id(), op: 'upsert', fields: entry(over), hlc: hlc() })));
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(bad.map(([, code]) => code));
    expect(await count()).toBe(0);
  });

  it("forbids editing or deleting another user's entry by its id, and never shows it to them", async () => {
    const eid = id();
    await pushOk(t, cookie, [{ table: 'infobase_entries', id: eid, op: 'upsert', fields: entry({ content: 'Secret plans' }), hlc: hlc() }]);
    const other = await t.signIn('other@example.com');
    const r = await pushOk(t, other, [
      { table: 'infobase_entries', id: eid, op: 'upsert', fields: { content: 'Overwritten' }, hlc: hlc(Date.now() + 10_000) },
      { table: 'infobase_entries', id: eid, op: 'delete', hlc: hlc(Date.now() + 20_000) },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(['forbidden', 'forbidden']);
    expect((await t.db.execute({ sql: 'SELECT content FROM infobase_entries WHERE id = ?', args: [eid] })).rows[0].content).toBe('Secret plans');
    const pulled = await (await t.req('/api/sync/pull', { cookie: other })).json();
    expect(JSON.stringify(pulled)).not.toContain('Secret plans');
    expect((await t.req(`/api/infobase/${eid}`, { cookie: other })).status).toBe(404);
  });

  it('keeps a deleted entry deleted: a late edit from another device does not bring it back', async () => {
    const eid = id();
    await pushOk(t, cookie, [{ table: 'infobase_entries', id: eid, op: 'upsert', fields: entry(), hlc: hlc() }]);
    await pushOk(t, cookie, [{ table: 'infobase_entries', id: eid, op: 'delete', hlc: hlc() }]);
    await pushOk(t, cookie, [{ table: 'infobase_entries', id: eid, op: 'upsert', fields: { title: 'Back?' }, hlc: hlc(Date.now() + 5_000) }]);
    expect(await count()).toBe(0);
  });
});

describe('the infobase in export, backup and restore', () => {
  it('is in the account export and in an admin backup that restores it', async () => {
    const e = await create({ title: 'Exported', content: 'Body [[Other]]', tags: ['x'] });
    const exp = await (await t.req('/api/user/export', { cookie })).json();
    expect(exp.tables.infobase_entries.map((r: { id: string }) => r.id)).toEqual([e.id]);

    const admin = await t.signIn(ADMIN, 'Boss');
    const backup = await (await t.req('/api/admin/backup', { cookie: admin, method: 'POST' })).text();
    expect(JSON.parse(backup).tables.infobase_entries).toEqual([expect.objectContaining({ id: e.id, title: 'Exported', tags: '["x"]' })]);
    await t.req(`/api/infobase/${e.id}`, { method: 'DELETE', cookie });
    expect(await count()).toBe(0);
    const res = await t.req('/api/admin/restore', { cookie: admin, body: backup, headers: { 'content-type': 'application/json' } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await (await t.req(`/api/infobase/${e.id}`, { cookie })).json()).entry).toMatchObject({ title: 'Exported', tags: ['x'] });
  });

  /** A backup as a seed-era install (schema v8–v14) made it, with infobase rows where the version had the table. */
  async function seedEraBackup(version: number): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-infobase-'));
    const db = createClient({ url: `file:${join(dir, 'old.db')}` });
    try {
      await migrateTo(db, version);
      const at = '2025-06-01T10:00:00.000Z';
      await db.execute({ sql: "INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES ('u_old', 'Old', 'old@example.com', 'user', ?, ?)", args: [at, at] });
      if (version >= 9) {
        const tags = version >= 10 ? ", tags" : '';
        const vals = version >= 10 ? ", 'garden, ideas'" : '';
        const vals2 = version >= 10 ? `, '["plants"]'` : '';
        await db.execute({ sql: `INSERT INTO infobase_entries (id, user_id, title, content, category, created_at, updated_at${tags}) VALUES ('ib1', 'u_old', 'Tomatoes', 'Water at dawn. See [[Soil]]', 'Garden', ?, ?${vals})`, args: [at, at] });
        await db.execute({ sql: `INSERT INTO infobase_entries (id, user_id, title, content, category, created_at, updated_at${tags}) VALUES ('ib2', 'u_old', 'Soil', 'Loam', 'Garden', ?, ?${vals2})`, args: [at, at] });
      }
      let text = '';
      for await (const chunk of backupChunks(db, new Date(at))) text += chunk;
      return text;
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each([8, 9, 10, 12, 14])('restoring a version %i backup keeps its infobase rows, readable and synced to their owner', async (version) => {
    const admin = await t.signIn(ADMIN, 'Boss');
    const text = await seedEraBackup(version);
    const res = await t.req('/api/admin/restore', { cookie: admin, body: text, headers: { 'content-type': 'application/json' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const rows = (await t.db.execute('SELECT id, title, tags, pinned, archived FROM infobase_entries ORDER BY id')).rows.map((r) => ({ ...r }));
    if (version < 9) {
      expect(rows).toEqual([]);
      return;
    }
    expect(rows).toEqual([
      { id: 'ib1', title: 'Tomatoes', tags: version >= 10 ? '["garden","ideas"]' : null, pinned: 0, archived: 0 },
      { id: 'ib2', title: 'Soil', tags: version >= 10 ? '["plants"]' : null, pinned: 0, archived: 0 },
    ]);
    const log = (await t.db.execute("SELECT row_id FROM sync_rows WHERE table_name = 'infobase_entries' AND user_id = 'u_old' AND deleted = 0 ORDER BY row_id")).rows.map((r) => r.row_id);
    expect(log).toEqual(['ib1', 'ib2']);
    // The old owner signs in again and finds them, with the backlink between them.
    const old = await t.signIn('old@example.com');
    await t.db.execute({ sql: "UPDATE users SET approved = 1, tos_accepted = 1, tos_version = ? WHERE id = 'u_old'", args: [t.env.TOS_VERSION] });
    const got = await t.req('/api/infobase/ib2', { cookie: old });
    expect(got.status, await got.clone().text()).toBe(200);
    expect((await got.json()).backlinks).toEqual([{ id: 'ib1', title: 'Tomatoes' }]);
  });
});

describe('migration 0026 on a database that already has infobase rows', () => {
  it('keeps them, turns free-text tags into lists and puts them in the change log so their owner can pull and edit them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-infobase-mig-'));
    const db = createClient({ url: `file:${join(dir, 'm.db')}` });
    try {
      await migrateTo(db, 25);
      await db.execute("INSERT INTO users (id, name, email) VALUES ('u1', 'Old', 'old@example.com')");
      await db.execute(`INSERT INTO infobase_entries (id, user_id, title, content, tags) VALUES
        ('e1', 'u1', 'A', 'x', 'work, ideas ,, work2'), ('e2', 'u1', 'B', 'y', '["kept"]'), ('e3', 'u1', 'C', 'z', NULL), ('e4', 'u1', 'D', 'w', '')`);
      await migrateTo(db, LATEST_VERSION);
      const rows = (await db.execute('SELECT id, tags, pinned, archived FROM infobase_entries ORDER BY id')).rows.map((r) => ({ ...r }));
      expect(rows).toEqual([
        { id: 'e1', tags: '["work","ideas","work2"]', pinned: 0, archived: 0 },
        { id: 'e2', tags: '["kept"]', pinned: 0, archived: 0 },
        { id: 'e3', tags: null, pinned: 0, archived: 0 },
        { id: 'e4', tags: '[]', pinned: 0, archived: 0 },
      ]);
      const log = (await db.execute("SELECT row_id, user_id, deleted FROM sync_rows WHERE table_name = 'infobase_entries' ORDER BY row_id")).rows.map((r) => ({ ...r }));
      expect(log).toEqual(['e1', 'e2', 'e3', 'e4'].map((row_id) => ({ row_id, user_id: 'u1', deleted: 0 })));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the owner edit such a row by push, and refuses anyone else', async () => {
    const other = await t.signIn('other@example.com');
    const me = String((await t.db.execute("SELECT id FROM users WHERE email = 'writer@example.com'")).rows[0].id);
    // A row as the seed left it, logged as migration 0026 logs it (no clocks yet).
    await t.db.execute({ sql: "INSERT INTO infobase_entries (id, user_id, title, content) VALUES ('seed1', ?, 'Old note', 'old')", args: [me] });
    await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('infobase_entries', 'seed1', ?, '{}', 0)", args: [me] });
    const r = await pushOk(t, cookie, [{ table: 'infobase_entries', id: 'seed1', op: 'upsert', fields: { content: 'new' }, hlc: hlc() }]);
    expect(r.changeErrors ?? []).toEqual([]);
    const theirs = await pushOk(t, other, [{ table: 'infobase_entries', id: 'seed1', op: 'upsert', fields: { content: 'stolen' }, hlc: hlc(Date.now() + 5_000) }]);
    expect(theirs.changeErrors.map((e: { code: string }) => e.code)).toEqual(['forbidden']);
    expect((await t.db.execute("SELECT content FROM infobase_entries WHERE id = 'seed1'")).rows[0].content).toBe('new');
  });
});
