import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { pushOk } from './sync-helpers.ts';

let t: TestApp;
let a: string;
beforeEach(async () => {
  t = await createTestApp();
  a = await t.signIn('rest-fields@example.com');
});
afterEach(() => t.close());

const logOf = async (id: string) => {
  const r = (await t.db.execute({ sql: "SELECT seq, clocks FROM sync_rows WHERE table_name = 'habits' AND row_id = ?", args: [id] })).rows[0];
  return { seq: Number(r.seq), clocks: JSON.parse(String(r.clocks)) as Record<string, string> };
};

describe('REST writes restamp only the fields they change', () => {
  it('a PATCH repeating the stored values changes no clock and logs no change', async () => {
    const h = (await (await t.req('/api/habits', { cookie: a, body: { name: 'Walk', description: 'Around the block', xp_reward: 10 } })).json()).habit;
    const before = await logOf(h.id);
    const res = await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'PATCH', body: { name: 'Walk', description: 'Around the block', xp_reward: 10 } });
    expect(res.status).toBe(200);
    expect(await logOf(h.id)).toEqual(before);
  });

  it('a PATCH of the description keeps a device’s older-stamped rename of the same habit pushed later', async () => {
    const h = (await (await t.req('/api/habits', { cookie: a, body: { name: 'Walk', description: 'Around the block' } })).json()).habit;
    const created = (await logOf(h.id)).clocks;
    // The phone renamed it offline after the habit was made and before the script's PATCH: its
    // stamp sorts just after the creation's (same time and counter, a higher node id).
    const renamedOffline = `${created.name.slice(0, -16)}ffffffffffffffff`;
    const res = await t.req(`/api/habits/${h.id}`, { cookie: a, method: 'PATCH', body: { name: 'Walk', description: 'Twice around the block' } });
    expect(res.status).toBe(200);
    const log = await logOf(h.id);
    expect(log.clocks.name).toBe(created.name);
    expect(log.clocks.description > renamedOffline).toBe(true);
    await pushOk(t, a, [{ table: 'habits', id: h.id, op: 'upsert', fields: { name: 'Evening walk' }, hlc: renamedOffline }]);
    const got = (await (await t.req('/api/habits', { cookie: a })).json()).habits.find((x: { id: string }) => x.id === h.id);
    expect(got).toMatchObject({ name: 'Evening walk', description: 'Twice around the block' });
  });
});
