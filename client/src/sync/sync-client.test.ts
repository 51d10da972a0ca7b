import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../db/db.ts';
import { commit, newId } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

let server: TestApp;
let cookie: string;

/** Each device is its own IndexedDB talking to the real server app in-process. */
function device(): { db: IgnitionDb; sync: SyncClient } {
  const db = openIgnitionDb(`device-${newId()}`);
  const f: FetchLike = (input, init) =>
    Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
  return { db, sync: new SyncClient(db, f) };
}

beforeEach(async () => {
  server = await createTestApp();
  cookie = await server.signIn('sync@example.com', 'Sync Tester');
});
afterEach(() => server.close());

describe('syncing two devices through the real server', () => {
  it('delivers rows and the server’s reward for an event made offline', async () => {
    const a = device();
    const b = device();
    const habitId = newId();
    const logId = newId();
    await commit([{ table: 'habits', id: habitId, fields: { name: 'Stretch', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5, skill_id: 'proficiency' } }], [], a.db);
    await commit(
      [{ table: 'habit_logs', id: logId, fields: { habit_id: habitId, date: '2026-11-20', count: 1 } }],
      [{ event_type: 'habit_complete', entity_id: logId, xp: 999_999, coins: 999_999 }],
      a.db,
    );
    const r = await a.sync.syncOnce();
    expect(r.rejected).toEqual([]);
    expect(await a.db.outbox_changes.count()).toBe(0);
    await b.sync.syncOnce();
    expect((await b.db.habits.get(habitId))?.name).toBe('Stretch');
    expect((await b.db.habit_logs.get(logId))?.habit_id).toBe(habitId);
    const events = await b.db.activity_events.where('event_type').equals('habit_complete').toArray();
    expect(events).toHaveLength(1);
    expect(events[0].xp_earned).toBe(10); // the server's figure, not the claimed 999,999
    const progress = await b.db.user_progress.toArray();
    expect(progress[0]?.total_xp).toBe(10);
    expect(progress[0]?.coins).toBe(5);
  });

  it('keeps both devices’ edits to different fields of one row', async () => {
    const a = device();
    const b = device();
    const id = newId();
    await commit([{ table: 'books', id, fields: { title: 'Dune', author: 'Herbert', status: 'reading' } }], [], a.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await commit([{ table: 'books', id, fields: { title: 'Dune (2nd ed.)' } }], [], a.db);
    await commit([{ table: 'books', id, fields: { rating: 5 } }], [], b.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    for (const d of [a, b]) {
      const book = await d.db.books.get(id);
      expect(book?.title).toBe('Dune (2nd ed.)');
      expect(book?.rating).toBe(5);
    }
  });

  it('lets a delete win over an older edit on another device', async () => {
    const a = device();
    const b = device();
    const id = newId();
    await commit([{ table: 'goals', id, fields: { title: 'Run a 10k', status: 'active' } }], [], a.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await commit([{ table: 'goals', id, fields: { title: 'Run a half marathon' } }], [], b.db);
    await commit([{ table: 'goals', id, delete: true }], [], a.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    expect(await a.db.goals.get(id)).toBeUndefined();
    expect(await b.db.goals.get(id)).toBeUndefined();
    const rs = await server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM goals WHERE id = ?', args: [id] });
    expect(Number(rs.rows[0].n)).toBe(0);
  });

  it('rolls back a purchase the server cannot afford and says why', async () => {
    const a = device();
    await a.sync.syncOnce(); // pulls the global rewards
    const movie = (await a.db.rewards.toArray()).find((r) => r.name === 'Movie Night');
    expect(movie).toBeDefined();
    const purchaseId = newId();
    await commit(
      [{ table: 'reward_purchases', id: purchaseId, fields: { reward_id: movie!.id, purchased_at: new Date().toISOString(), redeemed: false } }],
      [{ event_type: 'reward_purchase', entity_id: purchaseId, coins: -75 }],
      a.db,
    );
    const r = await a.sync.syncOnce();
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].code).toBe('insufficient_coins');
    expect(r.rejected[0].message).toContain('Movie Night');
    expect(await a.db.reward_purchases.get(purchaseId)).toBeUndefined();
    const ev = (await a.db.activity_events.toArray()).find((e) => e.entity_id === purchaseId);
    expect(ev?.sync_status).toBe('rejected');
  });

  it('splits a push the server finds too large', async () => {
    const a = device();
    a.sync.batchSize = 1500; // over the server's limit of 1000
    const ops = Array.from({ length: 1200 }, (_, i) => ({ table: 'journal_entries' as const, id: newId(), fields: { date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, content: `entry ${i}` } }));
    await commit(ops, [], a.db);
    await a.sync.syncOnce();
    expect(await a.db.outbox_changes.count()).toBe(0);
    expect(a.sync.batchSize).toBeLessThanOrEqual(1000);
    const rs = await server.db.execute('SELECT COUNT(*) AS n FROM journal_entries');
    expect(Number(rs.rows[0].n)).toBe(1200);
  });
  it('tells how far a long sync has got: after each push batch and each pull page but the last', async () => {
    const a = device();
    a.sync.batchSize = 100;
    const ops = Array.from({ length: 250 }, (_, i) => ({ table: 'journal_entries' as const, id: newId(), fields: { date: '2025-02-01', content: `entry ${i}` } }));
    await commit(ops, [], a.db);
    const seenA: Array<{ pushed: number; pulled: number }> = [];
    a.sync.onProgress = (p) => seenA.push(p);
    await a.sync.syncOnce();
    expect(seenA.filter((p) => p.pulled === 0).map((p) => p.pushed)).toEqual([100, 200, 250]);

    const b = device();
    b.sync.pullLimit = 100;
    const seenB: Array<{ pushed: number; pulled: number }> = [];
    b.sync.onProgress = (p) => seenB.push(p);
    const r = await b.sync.syncOnce();
    const pulled = seenB.map((p) => p.pulled);
    // every page but the last, 100 rows at a time, and the last page's rows in the result
    expect(pulled.length).toBeGreaterThanOrEqual(2);
    expect(pulled).toEqual(pulled.map((_, i) => (i + 1) * 100));
    expect(r.pulled).toBeGreaterThan(pulled[pulled.length - 1]);
    expect(await b.db.journal_entries.count()).toBe(250);
  });
});
