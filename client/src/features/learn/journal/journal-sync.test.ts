import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../../db/db.ts';
import { commit, newId } from '../../../sync/outbox.ts';
import { SyncClient, type FetchLike } from '../../../sync/sync-client.ts';
import { createTestApp, type TestApp } from '../../../../../sync-server/test/test-app.ts';
import { journalIdFor } from './journal-logic.ts';

describe('one journal entry per day across devices', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await createTestApp();
  });
  afterAll(() => server.close());

  it('two devices writing the same day offline end with one entry, the later edit, rewarded once', async () => {
    const email = 'two.journals@example.com';
    const cookie = await server.signIn(email);
    const userId = String((await server.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id);
    const device = (): { db: IgnitionDb; sync: SyncClient } => {
      const db = openIgnitionDb(`journal-${newId()}`);
      const f: FetchLike = (input, init) =>
        Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
      return { db, sync: new SyncClient(db, f) };
    };
    const phone = device();
    const laptop = device();
    const date = '2026-03-01';
    const write = (d: { db: IgnitionDb }, content: string, mood: number) => {
      const id = journalIdFor(userId, date);
      return commit(
        [{ table: 'journal_entries', id, fields: { date, content, mood, created_at: new Date().toISOString(), updated_at: new Date().toISOString() } }],
        [{ event_type: 'journal_entry', entity_id: id, skill_id: 'charm', xp: 10, coins: 5 }],
        d.db,
      );
    };
    // Both offline: neither has synced anything yet.
    await write(phone, 'Morning notes from the phone', 3);
    await write(laptop, 'Evening notes from the laptop', 5);
    await phone.sync.syncOnce();
    await laptop.sync.syncOnce();
    await phone.sync.syncOnce();

    const serverRows = (await server.db.execute({ sql: 'SELECT content, mood FROM journal_entries WHERE user_id = ? AND date = ?', args: [userId, date] })).rows;
    expect(serverRows).toHaveLength(1);
    expect(serverRows[0]).toMatchObject({ content: 'Evening notes from the laptop', mood: 5 });
    for (const d of [phone, laptop]) {
      const local = await d.db.journal_entries.where('date').equals(date).toArray();
      expect(local).toHaveLength(1);
      expect(local[0]).toMatchObject({ content: 'Evening notes from the laptop', mood: 5 });
    }
    const xp = (await server.db.execute({ sql: 'SELECT total_xp FROM user_progress WHERE user_id = ?', args: [userId] })).rows[0];
    expect(Number(xp.total_xp)).toBe(10);
    phone.db.close();
    laptop.db.close();
  });
});
