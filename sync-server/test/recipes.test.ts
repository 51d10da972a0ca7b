import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, push, pushOk } from './sync-helpers.ts';
import { migrate, migrateTo } from '../src/db/migrate.ts';
import { STARTER_RECIPES } from '@ignition/shared/starter-recipes.ts';
import { RECIPE_DAILY_CAP } from '@ignition/shared/rules/recipes.ts';

const ADMIN = 'chef@example.com';
let t: TestApp;
let cookie: string;
let admin: string;
beforeEach(async () => {
  t = await createTestApp({ ADMIN_EMAILS: ADMIN });
  t.setNow(new Date('2026-12-07T10:00:00.000Z'));
  cookie = await t.signIn('cook@example.com');
  admin = await t.signIn(ADMIN, 'Chef');
});
afterEach(() => t.close());

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const recipe = (over: Record<string, unknown> = {}) => ({
  title: 'Tea',
  category: 'cooking',
  tags: ['drink'],
  servings: 2,
  ingredients: '500 ml water\n2 tsp tea',
  steps: [{ text: 'Boil the water' }, { text: 'Steep', timer_s: 180 }],
  created_at: '2026-12-07T09:00:00.000Z',
  updated_at: '2026-12-07T09:00:00.000Z',
  ...over,
});
const finish = (recipeId: string | null, over: Record<string, unknown> = {}) => ({
  id: id(),
  event_type: 'recipe_complete',
  entity_id: recipeId,
  created_at: '2026-12-07T09:30:00.000Z',
  local_date: '2026-12-07',
  // what a hostile client claims: ignored
  xp_earned: 1_000_000_000,
  coins_earned: 1_000_000,
  skill_id: 'charm',
  ...over,
});
const starter = STARTER_RECIPES[0].id;

describe('recipe_complete reconciliation', () => {
  it('pays the small reward for a shipped recipe, whatever the client claimed', async () => {
    const ev = finish(starter);
    const r = await pushOk(t, cookie, [], [ev]);
    expect(r.accepted).toEqual([ev.id]);
    const row = (await t.db.execute({ sql: 'SELECT xp_earned, coins_earned, skill_id, entity_id FROM activity_events WHERE id = ?', args: [ev.id] })).rows[0];
    expect({ ...row }).toEqual({ xp_earned: 10, coins_earned: 4, skill_id: 'proficiency', entity_id: starter });
    expect(await progressOf(t, 'cook@example.com')).toMatchObject({ total_xp: 10, coins: 4 });
  });

  it('pays for the person’s own recipe pushed in the same push', async () => {
    const rid = id();
    const ev = finish(rid);
    const r = await pushOk(t, cookie, [{ table: 'recipes', id: rid, op: 'upsert', fields: recipe(), hlc: hlc() }], [ev]);
    expect(r.changeErrors).toEqual([]);
    expect(r.accepted).toEqual([ev.id]);
  });

  it(`caps the reward at ${RECIPE_DAILY_CAP} runs per local day; the next day pays again`, async () => {
    const evs = Array.from({ length: RECIPE_DAILY_CAP + 2 }, (_, i) => finish(starter, { created_at: `2026-12-07T09:0${i}:00.000Z` }));
    const r = await pushOk(t, cookie, [], evs);
    expect(r.accepted).toEqual(evs.slice(0, RECIPE_DAILY_CAP).map((e) => e.id));
    expect(r.rejected.map((x: { code: string }) => x.code)).toEqual(['daily_cap_reached', 'daily_cap_reached']);
    // a later push the same day is still capped (the cap reads the server's rows, not the push)
    const again = await pushOk(t, cookie, [], [finish(STARTER_RECIPES[1].id)]);
    expect(again.rejected.map((x: { code: string }) => x.code)).toEqual(['daily_cap_reached']);
    t.setNow(new Date('2026-12-08T12:00:00.000Z'));
    const next = await pushOk(t, cookie, [], [finish(starter, { created_at: '2026-12-08T08:00:00.000Z', local_date: '2026-12-08' })]);
    expect(next.accepted).toHaveLength(1);
    expect(await progressOf(t, 'cook@example.com')).toMatchObject({ total_xp: 10 * (RECIPE_DAILY_CAP + 1), coins: 4 * (RECIPE_DAILY_CAP + 1) });
  });

  it('refuses someone else’s recipe, an unknown one, none at all, and one without steps', async () => {
    const other = await t.signIn('other@example.com');
    const theirs = id();
    await pushOk(t, other, [{ table: 'recipes', id: theirs, op: 'upsert', fields: recipe(), hlc: hlc() }]);
    const empty = id();
    await pushOk(t, cookie, [{ table: 'recipes', id: empty, op: 'upsert', fields: recipe({ steps: [] }), hlc: hlc() }]);
    const evs = [finish(theirs), finish('recipe-that-never-was'), finish(null), finish(empty)];
    const r = await pushOk(t, cookie, [], evs);
    expect(r.accepted).toEqual([]);
    expect(r.rejected.map((x: { id: string; code: string }) => [x.id, x.code])).toEqual([
      [evs[0].id, 'unknown_entity'],
      [evs[1].id, 'unknown_entity'],
      [evs[2].id, 'unknown_entity'],
      [evs[3].id, 'not_completed'],
    ]);
    expect(await progressOf(t, 'cook@example.com')).toMatchObject({ total_xp: 0, coins: 0 });
  });

  it('is idempotent: the same event id twice (in one push and across pushes) pays once', async () => {
    const ev = finish(starter);
    const r1 = await pushOk(t, cookie, [], [ev, ev]);
    expect(r1.accepted).toContain(ev.id);
    const r2 = await pushOk(t, cookie, [], [ev]);
    expect(r2.accepted).toEqual([ev.id]);
    expect(Number((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM activity_events WHERE id = ?', args: [ev.id] })).rows[0].n)).toBe(1);
    expect(await progressOf(t, 'cook@example.com')).toMatchObject({ total_xp: 10, coins: 4 });
  });
});

describe('recipe rows through sync', () => {
  it('refuses bad rows with invalid_field and writes nothing', async () => {
    const bad = [{ steps: 'boil' }, { steps: [{ text: 'x', timer_s: -5 }] }, { tags: 'soup' }, { servings: 0 }, { title: 'x'.repeat(201) }];
    const r = await pushOk(t, cookie, bad.map((over) => ({ table: 'recipes', id: id(), op: 'upsert', fields: recipe(over), hlc: hlc() })));
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(bad.map(() => 'invalid_field'));
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM recipes WHERE user_id IS NOT NULL')).rows[0].n)).toBe(0);
  });

  it('forbids writing a global recipe or another person’s recipe, and marks need a recipe one may see', async () => {
    const other = await t.signIn('other@example.com');
    const theirs = id();
    await pushOk(t, other, [{ table: 'recipes', id: theirs, op: 'upsert', fields: recipe(), hlc: hlc() }]);
    const r = await pushOk(t, cookie, [
      { table: 'recipes', id: starter, op: 'upsert', fields: { title: 'Mine now' }, hlc: hlc(Date.now() + 1000) },
      { table: 'recipes', id: starter, op: 'delete', hlc: hlc(Date.now() + 2000) },
      { table: 'recipes', id: theirs, op: 'upsert', fields: { title: 'Mine now' }, hlc: hlc(Date.now() + 3000) },
      { table: 'recipe_marks', id: id(), op: 'upsert', fields: { recipe_id: theirs, favorite: true }, hlc: hlc() },
      { table: 'recipe_marks', id: id(), op: 'upsert', fields: { recipe_id: starter, favorite: true }, hlc: hlc() },
      { table: 'recipes', id: id(), op: 'upsert', fields: recipe({ is_global: true }), hlc: hlc() },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code).sort()).toEqual(['forbidden', 'forbidden', 'forbidden', 'invalid_field', 'unknown_reference']);
    expect((await t.db.execute({ sql: 'SELECT title FROM recipes WHERE id = ?', args: [starter] })).rows[0].title).toBe(STARTER_RECIPES[0].title);
  });

  it('pulls the starter recipes to everyone and a personal one only to its owner', async () => {
    const mine = id();
    await pushOk(t, cookie, [{ table: 'recipes', id: mine, op: 'upsert', fields: recipe(), hlc: hlc() }]);
    const pulled = await (await t.req('/api/sync/pull', { cookie })).json();
    const ids = pulled.changes.filter((c: { table: string }) => c.table === 'recipes').map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([...STARTER_RECIPES.map((s) => s.id), mine]));
    const row = pulled.changes.find((c: { id: string }) => c.id === mine).row;
    expect(row.steps).toEqual([{ text: 'Boil the water' }, { text: 'Steep', timer_s: 180 }]);
    const other = await t.signIn('other@example.com');
    const theirs = await (await t.req('/api/sync/pull', { cookie: other })).json();
    expect(theirs.changes.some((c: { id: string }) => c.id === mine)).toBe(false);
  });
});

describe('REST /api/learn/recipes', () => {
  it('lists global and personal recipes with filters; create, read, patch, mark and delete a personal one', async () => {
    const created = await json(await t.req('/api/learn/recipes', { cookie, body: { title: 'Cold brew', category: 'cooking', tags: ['coffee'], servings: 4, steps: [{ text: 'Grind coarse' }, { text: 'Steep overnight', timer_s: 43_200 }] } }));
    expect(created.status).toBe(201);
    const rid = created.body.recipe.id;
    expect(created.body.recipe).toMatchObject({ title: 'Cold brew', global: false, tags: ['coffee'], steps: [{ text: 'Grind coarse', timer_s: null }, { text: 'Steep overnight', timer_s: 43_200 }] });

    const all = await json(await t.req('/api/learn/recipes', { cookie }));
    expect(all.body.recipes.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([rid, ...STARTER_RECIPES.map((s) => s.id)]));
    expect((await json(await t.req('/api/learn/recipes?category=fitness', { cookie }))).body.recipes.map((r: { id: string }) => r.id)).toEqual(['recipe-workout-warmup']);
    expect((await json(await t.req('/api/learn/recipes?tag=coffee', { cookie }))).body.recipes.map((r: { id: string }) => r.id)).toEqual([rid]);
    expect((await json(await t.req('/api/learn/recipes?scope=mine', { cookie }))).body.recipes.map((r: { id: string }) => r.id)).toEqual([rid]);

    const patched = await json(await t.req(`/api/learn/recipes/${rid}`, { cookie, method: 'PATCH', body: { steps: [{ text: 'Steep overnight', timer_s: 43_200 }, { text: 'Grind coarse' }], servings: 2 } }));
    expect(patched.status).toBe(200);
    expect(patched.body.recipe.steps.map((s: { text: string }) => s.text)).toEqual(['Steep overnight', 'Grind coarse']);

    const fav = await json(await t.req(`/api/learn/recipes/${starter}/mark`, { cookie, method: 'PUT', body: { favorite: true } }));
    expect(fav.body.recipe).toMatchObject({ favorite: true, saved: false, global: true });
    const saved = await json(await t.req(`/api/learn/recipes/${starter}/mark`, { cookie, method: 'PUT', body: { saved: true } }));
    expect(saved.body.recipe).toMatchObject({ favorite: true, saved: true });
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM recipe_marks')).rows[0].n)).toBe(1);
    expect((await json(await t.req('/api/learn/recipes?favorites=1', { cookie }))).body.recipes.map((r: { id: string }) => r.id)).toEqual([starter]);

    const done = await json(await t.req(`/api/learn/recipes/${rid}/complete`, { cookie, method: 'POST' }));
    expect(done.body.reward).toMatchObject({ accepted: true, xp: 10, coins: 4 });

    expect((await t.req(`/api/learn/recipes/${rid}`, { cookie, method: 'DELETE' })).status).toBe(204);
    expect((await t.req(`/api/learn/recipes/${rid}`, { cookie })).status).toBe(404);
  });

  it('keeps global recipes read-only and other people’s recipes invisible; bad input is a 4xx', async () => {
    expect((await t.req(`/api/learn/recipes/${starter}`, { cookie, method: 'PATCH', body: { title: 'x' } })).status).toBe(403);
    expect((await t.req(`/api/learn/recipes/${starter}`, { cookie, method: 'DELETE' })).status).toBe(403);
    const other = await t.signIn('other@example.com');
    const theirs = (await json(await t.req('/api/learn/recipes', { cookie: other, body: { title: 'Secret', steps: [{ text: 'x' }] } }))).body.recipe.id;
    for (const [method, path, body] of [
      ['GET', `/api/learn/recipes/${theirs}`, undefined],
      ['PATCH', `/api/learn/recipes/${theirs}`, { title: 'Mine' }],
      ['DELETE', `/api/learn/recipes/${theirs}`, undefined],
      ['PUT', `/api/learn/recipes/${theirs}/mark`, { favorite: true }],
      ['POST', `/api/learn/recipes/${theirs}/complete`, undefined],
    ] as const)
      expect((await t.req(path, { cookie, method, body })).status, `${method} ${path}`).toBe(404);
    for (const body of [{}, { title: '' }, { title: 'x', steps: [] }, { title: 'x', steps: [{ text: 'a', timer_s: 0 }] }, { title: 'x', steps: [{ text: 'a' }], user_id: 'u' }, { title: 'x', steps: [{ text: 'a' }], servings: 1.5 }]) {
      const res = await t.req('/api/learn/recipes', { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.code).toBeTypeOf('string');
    }
    expect((await t.req('/api/learn/recipes?favorites=maybe', { cookie })).status).toBe(422);
    expect((await t.req('/api/learn/recipes')).status).toBe(401);
  });
});

describe('admin recipes (global, audited)', () => {
  it('creates, edits and deletes a global recipe that everyone sees, each write in the audit log', async () => {
    expect((await t.req('/api/admin/recipes', { cookie })).status).toBe(403);
    const created = await json(await t.req('/api/admin/recipes', { cookie: admin, body: { title: 'Morning pages', category: 'routine', tags: ['writing'], steps: [{ text: 'Write three pages', timer_s: 1200 }] } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user_id: null, is_global: 1 });
    const gid = created.body.id;
    const seen = await json(await t.req(`/api/learn/recipes/${gid}`, { cookie }));
    expect(seen.body.recipe).toMatchObject({ global: true, title: 'Morning pages', steps: [{ text: 'Write three pages', timer_s: 1200 }] });
    expect((await json(await t.req(`/api/admin/recipes/${gid}`, { cookie: admin, method: 'PATCH', body: { title: 'Morning pages (3)' } }))).status).toBe(200);
    const list = await json(await t.req('/api/admin/recipes?q=morning', { cookie: admin }));
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([gid]);
    // a personal recipe is not the admin's content
    const personal = (await json(await t.req('/api/learn/recipes', { cookie, body: { title: 'Mine', steps: [{ text: 'x' }] } }))).body.recipe.id;
    expect((await t.req(`/api/admin/recipes/${personal}`, { cookie: admin })).status).toBe(404);
    await t.req(`/api/learn/recipes/${gid}/mark`, { cookie, method: 'PUT', body: { favorite: true } });
    expect((await json(await t.req(`/api/admin/recipes/${gid}`, { cookie: admin, method: 'DELETE' }))).body).toMatchObject({ deleted: gid, cascaded: 1 });
    const audit = (await t.db.execute("SELECT action FROM admin_audit WHERE target_table = 'recipes' ORDER BY created_at, id")).rows.map((r) => r.action);
    expect(audit).toEqual(['recipes.create', 'recipes.update', 'recipes.delete']);
    expect((await t.req(`/api/learn/recipes/${gid}`, { cookie })).status).toBe(404);
  });

  it('refuses bad admin input with a 4xx', async () => {
    for (const body of [{}, { title: 'x' }, { title: 'x', steps: [{ text: 'a', timer_s: 1e9 }] }, { title: 'x', steps: [{ text: 'a' }], user_id: 'someone' }])
      expect((await t.req('/api/admin/recipes', { cookie: admin, body })).status, JSON.stringify(body)).toBe(422);
  });
});

describe('seed-era recipes', () => {
  it('keep their rows through migration 0027 (owner, title, ingredients, instructions) and read as steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-recipes-'));
    const db = createClient({ url: `file:${join(dir, 'old.db')}` });
    try {
      await migrateTo(db, 25);
      await db.execute("INSERT INTO users (id, name, email) VALUES ('u1', 'Old', 'old@example.com')");
      await db.execute("INSERT INTO recipes (id, user_id, title, ingredients, instructions, created_at, updated_at) VALUES ('old1', 'u1', 'Soup', '1 onion', '1. Chop\n2. Simmer', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')");
      await migrate(db);
      const row = (await db.execute("SELECT * FROM recipes WHERE id = 'old1'")).rows[0];
      expect({ ...row }).toMatchObject({ user_id: 'u1', title: 'Soup', ingredients: '1 onion', instructions: '1. Chop\n2. Simmer', created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-02T00:00:00.000Z', steps: null });
      // user deletes still cascade
      await db.execute("DELETE FROM users WHERE id = 'u1'");
      expect((await db.execute('SELECT COUNT(*) AS n FROM recipes')).rows[0].n).toBe(0);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pushed device write never makes a global recipe (user_id is the server’s)', async () => {
    const rid = id();
    const res = await push(t, cookie, [{ table: 'recipes', id: rid, op: 'upsert', fields: { ...recipe(), user_id: null }, hlc: hlc() }]);
    expect(res.status).toBe(200);
    expect((await t.db.execute({ sql: 'SELECT user_id FROM recipes WHERE id = ?', args: [rid] })).rows[0].user_id).not.toBeNull();
  });

  it('are in the account export with the marks', async () => {
    const rid = id();
    await pushOk(t, cookie, [
      { table: 'recipes', id: rid, op: 'upsert', fields: recipe(), hlc: hlc() },
      { table: 'recipe_marks', id: id(), op: 'upsert', fields: { recipe_id: starter, saved: true }, hlc: hlc() },
    ]);
    const body = await (await t.req('/api/user/export', { cookie })).json();
    expect(body.tables.recipes.map((r: { id: string }) => r.id)).toEqual([rid]);
    expect(body.tables.recipe_marks).toHaveLength(1);
  });
});
