import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { newId } from '../../sync/outbox.ts';
import { SyncClient, type FetchLike } from '../../sync/sync-client.ts';
import { createTestApp, type TestApp } from '../../../../sync-server/test/test-app.ts';
import { myFeedback, sendFeedback } from './feedback-data.ts';

let server: TestApp;
let cookie: string;
let admin: string;

function device(): { db: IgnitionDb; sync: SyncClient } {
  const db = openIgnitionDb(`feedback-${newId()}`);
  const f: FetchLike = (input, init) =>
    Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
  return { db, sync: new SyncClient(db, f) };
}

beforeEach(async () => {
  server = await createTestApp({ ADMIN_EMAILS: 'boss@example.com' });
  admin = await server.signIn('boss@example.com', 'Boss');
  cookie = await server.signIn('sam@example.com', 'Sam');
});
afterEach(() => server.close());

describe('feedback from the app', () => {
  it('is saved on the device first, sent with the next sync, and shows the status an admin sets', async () => {
    const phone = device();
    const id = await sendFeedback({ type: 'bug', title: '  Timer stops  ', description: 'Locked screen' }, phone.db);
    let mine = await myFeedback(phone.db);
    expect(mine).toEqual([expect.objectContaining({ id, title: 'Timer stops', status: 'open', waiting: true })]);
    expect(Number((await server.db.execute('SELECT COUNT(*) AS n FROM user_feedback')).rows[0].n)).toBe(0);

    await phone.sync.syncOnce();
    mine = await myFeedback(phone.db);
    expect(mine[0].waiting).toBe(false);
    const row = (await server.db.execute({ sql: 'SELECT u.email, f.type, f.title FROM user_feedback f JOIN users u ON u.id = f.user_id WHERE f.id = ?', args: [id] })).rows[0];
    expect({ ...row }).toEqual({ email: 'sam@example.com', type: 'bug', title: 'Timer stops' });

    const res = await server.req(`/api/admin/feedback/${id}`, { cookie: admin, method: 'PATCH', body: { status: 'resolved', priority: 'high' } });
    expect(res.status).toBe(200);
    await phone.sync.syncOnce();
    expect((await myFeedback(phone.db))[0]).toEqual(expect.objectContaining({ status: 'resolved', priority: 'high', title: 'Timer stops' }));
  });

  it('refuses an empty title without writing anything', async () => {
    const phone = device();
    await expect(sendFeedback({ type: 'other', title: '   ' }, phone.db)).rejects.toThrow(/title/);
    expect(await phone.db.outbox_changes.count()).toBe(0);
  });

  it('reaches a device that pulls a universal quest an admin just made', async () => {
    const phone = device();
    await phone.sync.syncOnce();
    const res = await server.req('/api/admin/quests', { cookie: admin, body: { id: 'q_hydrate', title: 'Hydrate', type: 'daily', event_type: 'habit_complete', target: 3, xp_reward: 15, coin_reward: 5 } });
    expect(res.status).toBe(201);
    await phone.sync.syncOnce();
    expect(await phone.db.quests.get('q_hydrate')).toEqual(expect.objectContaining({ title: 'Hydrate', is_universal: true, target: 3 }));
    await server.req('/api/admin/quests/q_hydrate', { cookie: admin, method: 'DELETE' });
    await phone.sync.syncOnce();
    expect(await phone.db.quests.get('q_hydrate')).toBeUndefined();
  });
});
