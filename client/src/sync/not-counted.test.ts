import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIgnitionDb } from '../db/db.ts';
import { commit, newId } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { dismissNotCounted, dismissRefusedChanges, loadNotCounted, loadRefusedChanges, refusedWhat, refusedWhy } from './not-counted.tsx';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

let server: TestApp;
let cookie: string;
beforeEach(async () => {
  server = await createTestApp();
  cookie = await server.signIn('refused@example.com');
});
afterEach(() => server.close());

const fetchAs: FetchLike = (input, init) =>
  Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));

describe('what the server did not count stays listed until dismissed', () => {
  it('keeps a refused purchase with its reason and price after a reload, until the person dismisses it', async () => {
    const name = `refused-${newId()}`;
    const a = openIgnitionDb(name);
    const sync = new SyncClient(a, fetchAs);
    await sync.syncOnce();
    const movie = (await a.rewards.toArray()).find((r) => r.name === 'Movie Night')!;
    const purchaseId = newId();
    await commit(
      [{ table: 'reward_purchases', id: purchaseId, fields: { reward_id: movie.id, cost: 75, purchased_at: new Date().toISOString(), redeemed: false } }],
      [{ event_type: 'reward_purchase', entity_id: purchaseId, coins: -75, metadata: { reward_name: 'Movie Night' } }],
      a,
    );
    await sync.syncOnce();
    expect(await a.reward_purchases.get(purchaseId)).toBeUndefined(); // the server removed the row
    a.close();

    const reopened = openIgnitionDb(name); // a reload, offline: nothing is fetched
    const mine = await loadNotCounted(['reward_purchase'], reopened);
    expect(mine).toHaveLength(1);
    expect(refusedWhat(mine[0])).toBe('Purchase: Movie Night (75 coins)');
    expect(refusedWhy(mine[0])).toMatch(/^Not enough coins — .*Movie Night/);
    expect(mine[0].coins_earned).toBe(0);
    expect(await loadNotCounted(['focus_complete'], reopened)).toEqual([]);

    await dismissNotCounted([mine[0].id], reopened);
    expect(await loadNotCounted(undefined, reopened)).toEqual([]);
    expect((await reopened.activity_events.get(mine[0].id))?.sync_status).toBe('rejected'); // still in the history
    reopened.close();
  });

  it('lists every kind of refused event, newest first', async () => {
    const a = openIgnitionDb(`refused-${newId()}`);
    const sync = new SyncClient(a, fetchAs);
    const journalId = newId();
    await commit([{ table: 'journal_entries', id: journalId, fields: { date: '2026-11-20', content: 'Dear diary' } }], [{ event_type: 'journal_entry', entity_id: journalId, xp: 10, coins: 5, created_at: '2026-11-20T10:00:00.000Z' }], a);
    await commit([], [{ event_type: 'lesson_complete', entity_id: 'no-such-lesson', xp: 25, created_at: '2026-11-21T10:00:00.000Z' }], a);
    await commit([], [{ event_type: 'journal_entry', entity_id: journalId, xp: 10, coins: 5, created_at: '2026-11-20T11:00:00.000Z' }], a);
    const r = await sync.syncOnce();
    expect(r.rejected).toHaveLength(2);
    const listed = await loadNotCounted(undefined, a);
    expect(listed.map((e) => [e.event_type, e.reject_code])).toEqual([
      ['lesson_complete', 'unknown_entity'],
      ['journal_entry', 'already_rewarded'],
    ]);
    expect(refusedWhat(listed[0])).toBe('Lesson (+25 XP)');
    a.close();
  });

  it('keeps a row change the server refused, with its reason, until dismissed', async () => {
    const a = openIgnitionDb(`refused-${newId()}`);
    const sync = new SyncClient(a, fetchAs);
    const logId = newId();
    await commit([{ table: 'habit_logs', id: logId, fields: { habit_id: 'no-such-habit', date: '2026-11-20', count: 1 } }], [], a);
    await sync.syncOnce();
    expect(await a.outbox_changes.count()).toBe(0);
    const refused = await loadRefusedChanges(a);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ table: 'habit_logs', row_id: logId, code: 'unknown_reference' });
    await dismissRefusedChanges([refused[0].key], a);
    expect(await loadRefusedChanges(a)).toEqual([]);
    a.close();
  });
});
