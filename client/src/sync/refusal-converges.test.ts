import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb } from '../db/db.ts';
import { commit, newId } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

/**
 * Rule 4 after a refusal: a device that wrote a value the row contract refuses (an older app,
 * a bug) ends up holding the server's row again after its next sync, with the refusal listed;
 * it does not keep a value no other device will ever see.
 */
describe('a refused change', () => {
  let server: TestApp;
  let cookie: string;
  beforeAll(async () => {
    server = await createTestApp();
    cookie = await server.signIn('refused-change@example.com');
  });
  afterAll(() => server.close());

  it('is rolled back to the server\u2019s row on the device that sent it, and listed', async () => {
    const db = openIgnitionDb(`refused-${newId()}`);
    const f: FetchLike = (input, init) => Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
    const sync = new SyncClient(db, f);
    const h = newId();
    await commit([{ table: 'habits', id: h, fields: { name: 'Walk', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5 } }], [], db);
    await sync.syncOnce();
    // The outbox writes what it is given: this stands in for an app that did not check the limit.
    await commit([{ table: 'habits', id: h, fields: { xp_reward: 500, name: 'Walk far' } }], [], db);
    await sync.syncOnce();
    const local = (await db.table('habits').get(h)) as Record<string, unknown>;
    expect({ name: local.name, xp_reward: local.xp_reward }).toEqual({ name: 'Walk', xp_reward: 10 });
    expect((await server.db.execute({ sql: 'SELECT name, xp_reward FROM habits WHERE id = ?', args: [h] })).rows.map((r) => ({ ...r }))).toEqual([{ name: 'Walk', xp_reward: 10 }]);
    const refused = await db.table('refused_changes').toArray();
    expect(refused).toEqual([expect.objectContaining({ table: 'habits', row_id: h, code: 'invalid_field' })]);
    // A later valid edit of the same row lands as usual.
    await commit([{ table: 'habits', id: h, fields: { name: 'Walk far' } }], [], db);
    await sync.syncOnce();
    expect((await server.db.execute({ sql: 'SELECT name FROM habits WHERE id = ?', args: [h] })).rows[0].name).toBe('Walk far');
  });
});
