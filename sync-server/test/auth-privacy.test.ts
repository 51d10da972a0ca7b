import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';

/** A's and B's data: journal entries with their rewarded events, and a workout with a set (a child table without user_id). */
async function seedPerson(t: TestApp, cookie: string, tag: string) {
  const j = journal('2026-11-20');
  const sessionId = id();
  const setId = id();
  const exerciseId = id();
  await pushOk(
    t,
    cookie,
    [
      j.change,
      { table: 'exercises', id: exerciseId, op: 'upsert', fields: { name: `${tag} squat`, category: 'strength' }, hlc: hlc() },
      { table: 'workout_sessions', id: sessionId, op: 'upsert', fields: { name: `${tag} legs`, started_at: '2026-11-20T10:00:00.000Z' }, hlc: hlc() },
      { table: 'workout_sets', id: setId, op: 'upsert', fields: { session_id: sessionId, exercise_id: exerciseId, set_number: 1, weight: 60, reps: 5, notes: `${tag} set` }, hlc: hlc() },
    ],
    [j.event],
  );
  return { journalId: j.change.id, sessionId, setId };
}

describe('exporting and deleting my data', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let aRows: Awaited<ReturnType<typeof seedPerson>>;
  let bRows: Awaited<ReturnType<typeof seedPerson>>;
  let aId: string;
  let bId: string;

  beforeAll(async () => {
    t = await createTestApp();
    a = await t.signIn('a@example.com', 'Alice');
    b = await t.signIn('b@example.com', 'Bob');
    aRows = await seedPerson(t, a, 'alice');
    bRows = await seedPerson(t, b, 'bob');
    aId = (await (await t.req('/api/auth/me', { cookie: a })).json()).user.id;
    bId = (await (await t.req('/api/auth/me', { cookie: b })).json()).user.id;
    await t.db.execute({ sql: "INSERT INTO accounts (id, userId, provider, providerAccountId, access_token, refresh_token, id_token) VALUES ('acc-a', ?, 'oidc', 'alice-sub', 'AT-secret', 'RT-secret', 'IDT-secret')", args: [aId] });
    await t.db.execute("INSERT INTO verification_tokens (identifier, token, expires) VALUES ('a@example.com', 'VT-alice', '2099-01-01T00:00:00.000Z'), ('b@example.com', 'VT-bob', '2099-01-01T00:00:00.000Z')");
  });
  afterAll(() => t.close());

  it('exports every row of mine in every table as one JSON download, and nothing of anyone else', async () => {
    const res = await t.req('/api/user/export', { cookie: a });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="ignition-export-\d{4}-\d{2}-\d{2}\.json"/);
    const data = await res.json();
    const text = JSON.stringify(data);
    expect(data.tables.users).toEqual([expect.objectContaining({ id: aId, email: 'a@example.com', name: 'Alice' })]);
    expect(data.tables.journal_entries.map((r: { id: string }) => r.id)).toEqual([aRows.journalId]);
    expect(data.tables.workout_sessions.map((r: { id: string }) => r.id)).toEqual([aRows.sessionId]);
    expect(data.tables.workout_sets.map((r: { id: string }) => r.id)).toEqual([aRows.setId]);
    expect(data.tables.activity_events.length).toBeGreaterThan(0);
    expect(data.tables.user_progress).toHaveLength(1);
    expect(data.tables.accounts).toEqual([expect.objectContaining({ provider: 'oidc', providerAccountId: 'alice-sub' })]);
    // No other user's data, no secrets.
    expect(text).not.toContain(bId);
    expect(text).not.toContain('bob');
    expect(text).not.toMatch(/AT-secret|RT-secret|IDT-secret|VT-alice/);
    expect(data.tables.sessions).toBeUndefined();
    expect(text).not.toContain(a.split('=')[1]);
  });

  it('needs a session to export', async () => {
    expect((await t.req('/api/user/export')).status).toBe(401);
  });

  it('refuses to delete without the typed confirmation and deletes nothing', async () => {
    for (const body of [{}, { confirm: 'delete' }, { confirm: 'yes' }]) {
      const res = await t.req('/api/user/delete', { cookie: a, body });
      expect(res.status).toBe(422);
    }
    expect((await t.req('/api/auth/me', { cookie: a }).then((r) => r.json())).user.id).toBe(aId);
  });

  it('deletes me and all my rows, signs out every device, and leaves other people untouched', async () => {
    const laptop = await t.signIn('a@example.com');
    const res = await t.req('/api/user/delete', { cookie: a, body: { confirm: 'DELETE' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // Every table: no row names me any more.
    const tables = (await t.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map((r) => String(r.name));
    for (const table of tables) {
      const cols = (await t.db.execute(`PRAGMA table_info("${table}")`)).rows.map((r) => String(r.name));
      for (const col of cols.filter((c) => c === 'user_id' || c === 'userId')) {
        const n = await t.db.execute({ sql: `SELECT count(*) AS n FROM "${table}" WHERE "${col}" = ?`, args: [aId] });
        expect(Number(n.rows[0].n), `${table}.${col}`).toBe(0);
      }
    }
    expect((await t.db.execute({ sql: 'SELECT count(*) AS n FROM users WHERE id = ?', args: [aId] })).rows[0].n).toBe(0);
    expect((await t.db.execute({ sql: 'SELECT count(*) AS n FROM workout_sets WHERE id = ?', args: [aRows.setId] })).rows[0].n).toBe(0);
    // One-time tokens for my email go too; Bob's stay.
    expect((await t.db.execute('SELECT token FROM verification_tokens')).rows.map((r) => r.token)).toEqual(['VT-bob']);
    // The other device learns it on its next sync.
    expect((await t.req('/api/sync/pull', { cookie: laptop })).status).toBe(401);
    // Bob keeps everything.
    const bob = await (await t.req('/api/user/export', { cookie: b })).json();
    expect(bob.tables.workout_sets.map((r: { id: string }) => r.id)).toEqual([bRows.setId]);
    expect(bob.tables.journal_entries).toHaveLength(1);
    expect((await t.req('/api/sync/pull', { cookie: b })).status).toBe(200);
  });

  it('lets the same email sign up again afterwards as a new, empty account', async () => {
    const again = await t.signIn('a@example.com');
    const data = await (await t.req('/api/user/export', { cookie: again })).json();
    expect(data.user_id).not.toBe(aId);
    expect(data.tables.journal_entries).toBeUndefined();
  });
});
