import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';

let t: TestApp;
let admin: string;
let user: string;
const ADMIN = 'boss@example.com';

beforeEach(async () => {
  t = await createTestApp({ ADMIN_EMAILS: ADMIN });
  admin = await t.signIn(ADMIN, 'Boss');
  user = await t.signIn('ada@example.com', 'Ada');
});
afterEach(() => t.close());

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const pull = async (cookie: string, cursor = '0') => (await t.req(`/api/sync/pull?cursor=${cursor}&limit=1000`, { cookie })).json() as Promise<any>;
const userId = async (email: string) => String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id);
const audit = async () => (await t.db.execute('SELECT action, target_table, target_id, admin_id FROM admin_audit ORDER BY created_at, id')).rows.map((r) => ({ ...r }));

describe('admin routes', () => {
  it('refuse signed-out callers with 401 and non-admins with 403', async () => {
    expect((await t.req('/api/admin/users')).status).toBe(401);
    for (const path of ['/api/admin/users', '/api/admin/stats', '/api/admin/feedback', '/api/admin/quests', '/api/admin/audit']) {
      expect((await t.req(path, { cookie: user })).status, path).toBe(403);
    }
    expect((await t.req('/api/admin/backup', { cookie: user, method: 'POST' })).status).toBe(403);
    expect((await t.req('/api/admin/restore', { cookie: user, body: '{}' })).status).toBe(403);
  });

  it('list users with search, role filter and paging', async () => {
    await t.signIn('grace@example.com', 'Grace Hopper');
    const all = await json(await t.req('/api/admin/users?limit=2', { cookie: admin }));
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.items[0]).toEqual(expect.objectContaining({ email: expect.any(String), role: expect.any(String), created_at: expect.any(String) }));
    const page2 = await json(await t.req('/api/admin/users?limit=2&offset=2', { cookie: admin }));
    expect(page2.body.items).toHaveLength(1);
    const found = await json(await t.req('/api/admin/users?q=hopper', { cookie: admin }));
    expect(found.body.items.map((u: any) => u.email)).toEqual(['grace@example.com']);
    const admins = await json(await t.req('/api/admin/users?role=admin', { cookie: admin }));
    expect(admins.body.items.map((u: any) => u.email)).toEqual([ADMIN]);
    expect((await t.req('/api/admin/users?limit=0', { cookie: admin })).status).toBe(422);
  });

  it('filter users by approval and sort them by last activity or name', async () => {
    await t.signIn('grace@example.com', 'Grace Hopper');
    const [ada, grace] = [await userId('ada@example.com'), await userId('grace@example.com')];
    await t.req(`/api/admin/users/${grace}`, { cookie: admin, method: 'PATCH', body: { approved: false, denialReason: 'Duplicate account' } });
    await t.db.execute("INSERT INTO users (id, name, email, approved) VALUES ('u_wait', 'Waiting Walt', 'walt@example.com', 0)");
    await t.db.execute({ sql: "UPDATE users SET last_activity_at = CASE id WHEN ? THEN '2026-11-25T10:00:00.000Z' WHEN ? THEN '2026-11-20T10:00:00.000Z' ELSE last_activity_at END", args: [ada, grace] });
    const emails = async (query: string) => ((await json(await t.req(`/api/admin/users?${query}`, { cookie: admin }))).body.items as any[]).map((u) => u.email);
    expect(await emails('approval=pending')).toEqual(['walt@example.com']);
    expect(await emails('approval=denied')).toEqual(['grace@example.com']);
    expect((await emails('approval=approved')).sort()).toEqual(['ada@example.com', ADMIN]);
    // most recently active first, never-active people last
    const byActivity = ((await json(await t.req('/api/admin/users?sort=activity', { cookie: admin }))).body.items as any[]);
    expect(byActivity.map((u) => u.email)).toEqual([ADMIN, 'ada@example.com', 'grace@example.com', 'walt@example.com']);
    expect(byActivity.map((u) => u.last_activity_at).slice(1)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-20T10:00:00.000Z', null]);
    // Ada, Boss, Grace Hopper, Waiting Walt
    expect(await emails('sort=name')).toEqual(['ada@example.com', ADMIN, 'grace@example.com', 'walt@example.com']);
    expect((await t.req('/api/admin/users?approval=maybe', { cookie: admin })).status).toBe(422);
  });

  it('approve, deny with a reason and change roles, auditing each write', async () => {
    const ada = await userId('ada@example.com');
    const denied = await json(await t.req(`/api/admin/users/${ada}`, { cookie: admin, method: 'PATCH', body: { approved: false, denialReason: 'Unknown person' } }));
    expect(denied.status).toBe(200);
    expect(denied.body).toEqual(expect.objectContaining({ approved: 0, denial_reason: 'Unknown person' }));
    // the denied user is told why on their next request
    const refused = await json(await t.req('/api/sync/pull?cursor=0', { cookie: user }));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Unknown person');
    expect((await t.req(`/api/admin/users/${ada}`, { cookie: admin, method: 'PATCH', body: { approved: false } })).status).toBe(422);
    const approved = await json(await t.req(`/api/admin/users/${ada}`, { cookie: admin, method: 'PATCH', body: { approved: true } }));
    expect(approved.body).toEqual(expect.objectContaining({ approved: 1, denial_reason: null }));
    const promoted = await json(await t.req(`/api/admin/users/${ada}`, { cookie: admin, method: 'PATCH', body: { role: 'admin' } }));
    expect(promoted.body.role).toBe('admin');
    expect((await t.req('/api/admin/stats', { cookie: user })).status).toBe(200);
    const log = await audit();
    expect(log.map((r) => r.action)).toEqual(['users.deny', 'users.approve', 'users.role']);
    expect(log.every((r) => r.admin_id === (log[0].admin_id as string) && r.target_id === ada)).toBe(true);
    const visible = await json(await t.req('/api/admin/audit', { cookie: admin }));
    expect(visible.body.items[0]).toEqual(expect.objectContaining({ action: 'users.role', admin_email: ADMIN, target_id: ada }));
  });

  it('refuse to demote the last admin, and allow it once another admin exists', async () => {
    const me = await userId(ADMIN);
    const last = await json(await t.req(`/api/admin/users/${me}`, { cookie: admin, method: 'PATCH', body: { role: 'user' } }));
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_admin');
    expect((await t.db.execute({ sql: 'SELECT role FROM users WHERE id = ?', args: [me] })).rows[0].role).toBe('admin');
    await t.req(`/api/admin/users/${await userId('ada@example.com')}`, { cookie: admin, method: 'PATCH', body: { role: 'admin' } });
    expect((await t.req(`/api/admin/users/${me}`, { cookie: admin, method: 'PATCH', body: { role: 'user' } })).status).toBe(200);
    expect((await t.req(`/api/admin/users/nope`, { cookie: user, method: 'PATCH', body: { role: 'user' } })).status).toBe(404);
  });

  it('create, edit and delete universal quests that reach every client through pull', async () => {
    const before = await pull(user);
    const created = await json(
      await t.req('/api/admin/quests', {
        cookie: admin,
        body: { title: 'Read Daily', description: 'Log a reading session.', type: 'daily', event_type: 'reading_session', target: 1, xp_reward: 25, coin_reward: 10, skill_id: 'knowledge' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ title: 'Read Daily', is_universal: 1, user_id: null }));
    const qid = created.body.id;
    let p = await pull(user, before.cursor);
    expect(p.changes).toEqual([expect.objectContaining({ table: 'quests', id: qid, op: 'upsert', row: expect.objectContaining({ title: 'Read Daily', is_universal: true }) })]);
    const edited = await json(await t.req(`/api/admin/quests/${qid}`, { cookie: admin, method: 'PATCH', body: { target: 2, is_active: false } }));
    expect(edited.body).toEqual(expect.objectContaining({ target: 2, is_active: 0 }));
    p = await pull(user, p.cursor);
    expect(p.changes[0].row).toEqual(expect.objectContaining({ target: 2, is_active: false }));
    expect((await t.req('/api/admin/quests', { cookie: admin, body: { title: 'x', type: 'hourly', event_type: 'a', target: 1, xp_reward: 1, coin_reward: 1 } })).status).toBe(422);
    expect((await t.req(`/api/admin/quests/${qid}`, { cookie: admin, method: 'PATCH', body: {} })).status).toBe(422);
    const deleted = await json(await t.req(`/api/admin/quests/${qid}`, { cookie: admin, method: 'DELETE' }));
    expect(deleted.status).toBe(200);
    p = await pull(user, p.cursor);
    expect(p.changes).toEqual([expect.objectContaining({ table: 'quests', id: qid, op: 'delete' })]);
    expect((await t.req(`/api/admin/quests/${qid}`, { cookie: admin })).status).toBe(404);
    expect((await audit()).map((r) => r.action)).toEqual(['quests.create', 'quests.update', 'quests.delete']);
  });

  it('list only shared quests, never a user’s personal ones', async () => {
    const mine = id();
    await pushOk(t, user, [{ table: 'quests', id: mine, op: 'upsert', fields: { title: 'Secret quest', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 5, coin_reward: 1 }, hlc: hlc() }]);
    const list = await json(await t.req('/api/admin/quests?limit=200', { cookie: admin }));
    expect(list.body.total).toBe(5);
    expect(list.body.items.map((q: any) => q.id)).not.toContain(mine);
    expect((await t.req(`/api/admin/quests/${mine}`, { cookie: admin, method: 'PATCH', body: { title: 'hijack' } })).status).toBe(404);
  });

  it('change a skill curve, report whose level moves, and refuse deleting a core skill', async () => {
    const c = journal('2026-11-20');
    await pushOk(t, user, [c.change], [c.event]);
    await t.db.execute("UPDATE user_progress SET charm_xp = 120");
    const res = await json(await t.req('/api/admin/skills/charm', { cookie: admin, method: 'PATCH', body: { xp_scaling_base: 40, xp_scaling_multiplier: 1.5 } }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ xp_scaling_base: 40, xp_scaling_multiplier: 1.5 }));
    // 120 XP: level 2 on 100×1.5ⁿ (100, then 150), level 3 on 40×1.5ⁿ (40 + 60 = 100 ≤ 120)
    expect(res.body.levelChanges).toEqual({ usersAffected: 1, levelsUp: 1, levelsDown: 0 });
    // the next push's authoritative snapshot uses the new curve
    const c2 = journal('2026-11-21');
    const pushed = await pushOk(t, user, [c2.change], [c2.event]);
    expect(pushed.progress.skills.charm.level).toBe(3);
    expect((await t.req('/api/admin/skills/charm', { cookie: admin, method: 'DELETE' })).status).toBe(409);
    const added = await json(await t.req('/api/admin/skills', { cookie: admin, body: { id: 'creativity', name: 'Creativity', max_level: 5, xp_scaling_base: 80, xp_scaling_multiplier: 1.2 } }));
    expect(added.status).toBe(201);
    expect((await t.req('/api/admin/skills/creativity', { cookie: admin, method: 'DELETE' })).status).toBe(200);
  });

  it('refuse deleting a global reward someone bought, and allow deactivating it', async () => {
    const purchase = id();
    await pushOk(t, user, [{ table: 'reward_purchases', id: purchase, op: 'upsert', fields: { reward_id: 'r_snack_run', cost: 30, purchased_at: new Date().toISOString() }, hlc: hlc() }]);
    const del = await json(await t.req('/api/admin/rewards/r_snack_run', { cookie: admin, method: 'DELETE' }));
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('in_use');
    expect((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM reward_purchases WHERE id = ?', args: [purchase] })).rows[0].n).toBe(1);
    const off = await json(await t.req('/api/admin/rewards/r_snack_run', { cookie: admin, method: 'PATCH', body: { is_active: false } }));
    expect(off.body.is_active).toBe(0);
  });

  it('manage courses and lessons, refusing a lesson for a missing course', async () => {
    const course = await json(await t.req('/api/admin/courses', { cookie: admin, body: { title: 'Stoicism 101', is_published: true } }));
    expect(course.status).toBe(201);
    const lesson = await json(await t.req('/api/admin/lessons', { cookie: admin, body: { course_id: course.body.id, title: 'Dichotomy of control', content: '# Hello', order_index: 1, xp_reward: 30 } }));
    expect(lesson.status).toBe(201);
    expect((await t.req('/api/admin/lessons', { cookie: admin, body: { course_id: 'nope', title: 'x', order_index: 1 } })).status).toBe(404);
    const listed = await json(await t.req(`/api/admin/lessons?courseId=${course.body.id}`, { cookie: admin }));
    expect(listed.body.items.map((l: any) => l.title)).toEqual(['Dichotomy of control']);
    const p = await pull(user);
    expect(p.changes.filter((ch: any) => ch.id === course.body.id || ch.id === lesson.body.id)).toHaveLength(2);
    // deleting the course takes its lessons with it, and devices get both tombstones
    await t.req(`/api/admin/courses/${course.body.id}`, { cookie: admin, method: 'DELETE' });
    const after = await pull(user, p.cursor);
    expect(after.changes.map((ch: any) => `${ch.table}:${ch.op}`).sort()).toEqual(['courses:delete', 'lessons:delete']);
  });

  it('add to the shared exercise library', async () => {
    const ex = await json(await t.req('/api/admin/exercises', { cookie: admin, body: { name: 'Zorblax Carry', category: 'strength', muscle_groups: ['forearms', 'traps'], equipment: 'other' } }));
    expect(ex.status).toBe(201);
    expect(JSON.parse(ex.body.muscle_groups)).toEqual(['forearms', 'traps']);
    const found = await json(await t.req('/api/admin/exercises?q=zorblax', { cookie: admin }));
    expect(found.body.total).toBe(1);
  });

  it('describe every admin route in the OpenAPI document generated from the zod schemas', async () => {
    const doc = (await json(await t.req('/api/admin/openapi.json', { cookie: admin }))).body;
    expect(doc.openapi).toBe('3.1.0');
    const registered = t.app.routes
      .filter((r) => r.path.startsWith('/api/admin/') && r.method !== 'ALL' && r.path !== '/api/admin/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`));
    expect(new Set(documented)).toEqual(new Set(registered));
    expect(doc.paths['/api/admin/quests'].post.requestBody.content['application/json'].schema.properties.type.enum).toEqual(['daily', 'weekly', 'one_time']);
    expect(doc.paths['/api/admin/restore'].post.responses['413'].description).toContain('RESTORE_MAX_BYTES');
  });
});
