import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk, progressOf } from './sync-helpers.ts';

describe('/api/learn/journal', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let aId: string;
  beforeAll(async () => {
    t = await createTestApp();
    a = await t.signIn('writer.a@example.com');
    b = await t.signIn('writer.b@example.com');
    aId = String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: ['writer.a@example.com'] })).rows[0].id);
  });
  afterAll(() => t.close());

  it('writes one entry for a day under the id derived from person and date, rewarded once', async () => {
    const before = await progressOf(t, 'writer.a@example.com');
    const res = await t.req('/api/learn/journal/2026-03-01', { method: 'PUT', cookie: a, body: { content: '# A good day\nWalked **far**.', mood: 4 } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.entry).toMatchObject({ id: `journal:${aId}:2026-03-01`, date: '2026-03-01', mood: 4 });
    expect(body.reward).toEqual({ xp: 10, coins: 5 });
    const again = await t.req('/api/learn/journal/2026-03-01', { method: 'PUT', cookie: a, body: { content: 'Rewritten', mood: 5 } });
    expect(again.status).toBe(200);
    expect((await again.json()).reward).toBeNull();
    const rows = await t.db.execute({ sql: "SELECT COUNT(*) AS n FROM journal_entries WHERE user_id = ? AND date = '2026-03-01'", args: [aId] });
    expect(Number(rows.rows[0].n)).toBe(1);
    const after = await progressOf(t, 'writer.a@example.com');
    expect(after.total_xp - before.total_xp).toBe(10);
    expect((await (await t.req('/api/learn/journal/2026-03-01', { cookie: a })).json()).entry).toMatchObject({ content: 'Rewritten', mood: 5 });
  });

  it('merges two devices that wrote the same day offline into one entry, the later edit winning', async () => {
    const entryId = `journal:${aId}:2026-03-05`;
    const early = hlc(Date.now() - 1000);
    const late = hlc(Date.now());
    // Device 2 syncs first with the later edit; device 1 arrives afterwards with an older one.
    await pushOk(t, a, [{ table: 'journal_entries', id: entryId, op: 'upsert', fields: { date: '2026-03-05', content: 'From the phone', mood: 2 }, hlc: late }], [
      { id: id(), event_type: 'journal_entry', entity_id: entryId, created_at: new Date().toISOString() },
    ]);
    const second = await pushOk(t, a, [{ table: 'journal_entries', id: entryId, op: 'upsert', fields: { date: '2026-03-05', content: 'From the laptop', mood: 3 }, hlc: early }], [
      { id: id(), event_type: 'journal_entry', entity_id: entryId, created_at: new Date().toISOString() },
    ]);
    expect(second.rejected[0]).toMatchObject({ code: 'already_rewarded' });
    const rows = (await t.db.execute({ sql: "SELECT content, mood FROM journal_entries WHERE user_id = ? AND date = '2026-03-05'", args: [aId] })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ content: 'From the phone', mood: 2 });
  });

  it('lists entries newest first and finds them by every word of the text', async () => {
    await t.req('/api/learn/journal/2026-02-10', { method: 'PUT', cookie: a, body: { content: 'Rainy walk with the dog', mood: 3 } });
    await t.req('/api/learn/journal/2026-02-11', { method: 'PUT', cookie: a, body: { content: 'Sunny, no walk today', mood: 4 } });
    const all = await (await t.req('/api/learn/journal', { cookie: a })).json();
    const dates = all.entries.map((e: { date: string }) => e.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const found = await (await t.req('/api/learn/journal?q=walk%20dog', { cookie: a })).json();
    expect(found.entries.map((e: { date: string }) => e.date)).toEqual(['2026-02-10']);
    const ranged = await (await t.req('/api/learn/journal?from=2026-02-11&to=2026-02-28', { cookie: a })).json();
    expect(ranged.entries.map((e: { date: string }) => e.date)).toEqual(['2026-02-11']);
  });

  it('refuses a mood of 6, a date that does not exist and an empty entry, writing nothing', async () => {
    const count = async () => Number((await t.db.execute('SELECT COUNT(*) AS n FROM journal_entries')).rows[0].n);
    const before = await count();
    expect((await t.req('/api/learn/journal/2026-04-01', { method: 'PUT', cookie: a, body: { content: 'x', mood: 6 } })).status).toBe(422);
    expect((await t.req('/api/learn/journal/2026-02-30', { method: 'PUT', cookie: a, body: { content: 'x' } })).status).toBe(422);
    expect((await t.req('/api/learn/journal/2026-04-01', { method: 'PUT', cookie: a, body: { content: '   ' } })).status).toBe(422);
    expect((await t.req('/api/learn/journal/2026-04-01', { method: 'PUT', cookie: a, body: {} })).status).toBe(422);
    expect(await count()).toBe(before);
  });

  it('removes an entry by blanking it, and the same day can be written again', async () => {
    await t.req('/api/learn/journal/2026-01-20', { method: 'PUT', cookie: a, body: { content: 'Oops' } });
    expect((await t.req('/api/learn/journal/2026-01-20', { method: 'DELETE', cookie: a })).status).toBe(204);
    expect((await t.req('/api/learn/journal/2026-01-20', { cookie: a })).status).toBe(404);
    expect((await t.req('/api/learn/journal/2026-01-20', { method: 'DELETE', cookie: a })).status).toBe(404);
    const res = await t.req('/api/learn/journal/2026-01-20', { method: 'PUT', cookie: a, body: { content: 'Second try', mood: 4 } });
    expect(res.status).toBe(201);
    expect((await res.json()).entry.content).toBe('Second try');
  });

  it("never shows or changes another person's entries", async () => {
    await t.req('/api/learn/journal/2026-05-05', { method: 'PUT', cookie: a, body: { content: 'Secret', mood: 1 } });
    expect((await t.req('/api/learn/journal/2026-05-05', { cookie: b })).status).toBe(404);
    expect((await t.req('/api/learn/journal/2026-05-05', { method: 'DELETE', cookie: b })).status).toBe(404);
    expect((await (await t.req('/api/learn/journal?q=secret', { cookie: b })).json()).entries).toEqual([]);
    // B writing the same date gets B's own row.
    const mine = await (await t.req('/api/learn/journal/2026-05-05', { method: 'PUT', cookie: b, body: { content: 'Mine' } })).json();
    expect(mine.entry.id).not.toBe(`journal:${aId}:2026-05-05`);
    // Pushing a change to A's derived id is refused.
    const res = await pushOk(t, b, [{ table: 'journal_entries', id: `journal:${aId}:2026-05-05`, op: 'upsert', fields: { content: 'hijack' }, hlc: hlc() }]);
    expect(res.changeErrors[0]).toMatchObject({ code: 'forbidden' });
    expect((await (await t.req('/api/learn/journal/2026-05-05', { cookie: a })).json()).entry.content).toBe('Secret');
  });

  it('needs a signed-in person', async () => {
    expect((await t.req('/api/learn/journal')).status).toBe(401);
  });
});
