import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../db/db.ts';
import { commit, newId, resetOutboxForTests } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { deviceNow, skewDeviceClockForTests } from './device-clock.ts';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

/**
 * Rule 8 from a person's side: a phone whose clock runs three days ahead, and a laptop with the
 * right time, edit the same habit. Every edit lands on both and on the server, in the order it
 * was made; the phone's clock is corrected by the server's replies; nothing is frozen.
 */
const DAYS_AHEAD = 3 * 86_400_000;

describe('a device whose clock is three days ahead', () => {
  let server: TestApp;
  let cookie: string;
  beforeAll(async () => {
    server = await createTestApp();
    cookie = await server.signIn('fast-clock@example.com');
  });
  afterAll(() => server.close());

  const device = () => {
    const db = openIgnitionDb(`clock-${newId()}`);
    const f: FetchLike = (input, init) => Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
    return { db, sync: new SyncClient(db, f) };
  };
  const serverRow = async (id: string) => ({ ...(await server.db.execute({ sql: 'SELECT name, description, target_count FROM habits WHERE id = ?', args: [id] })).rows[0] });
  const localRow = async (db: IgnitionDb, id: string) => {
    const r = (await db.table('habits').get(id)) as Record<string, unknown>;
    return { name: r.name, description: r.description, target_count: r.target_count };
  };
  const stampsOnServer = async () => (await server.db.execute("SELECT clocks FROM sync_rows WHERE table_name = 'habits'")).rows.flatMap((r) => Object.values(JSON.parse(String(r.clocks))) as string[]);

  it('lands all its edits, lets the other device edit the same row afterwards, and freezes nothing', async () => {
    const phone = device();
    const laptop = device();
    skewDeviceClockForTests(phone.db, DAYS_AHEAD);
    const h = newId();

    // Offline on the phone, before it has ever heard from the server: stamped three days ahead.
    await commit([{ table: 'habits', id: h, fields: { name: 'Walk', description: 'after lunch', frequency: 'daily', target_count: 1 } }], [], phone.db);
    await commit([{ table: 'habits', id: h, fields: { target_count: 2 } }], [], phone.db);
    await phone.sync.syncOnce();
    expect(await serverRow(h)).toEqual({ name: 'Walk', description: 'after lunch', target_count: 2 });
    // The server restamped them at its own clock: nothing stored is ahead of it.
    const ceiling = new Date(Date.now() + 61_000).toISOString();
    for (const s of await stampsOnServer()) expect(s < ceiling, s).toBe(true);
    // The phone now stamps with corrected time.
    expect(Math.abs(deviceNow(phone.db) - Date.now())).toBeLessThan(5_000);

    // The laptop, with the right time, renames it afterwards: the rename lands everywhere.
    await laptop.sync.syncOnce();
    await commit([{ table: 'habits', id: h, fields: { name: 'Evening walk' } }], [], laptop.db);
    await laptop.sync.syncOnce();
    await phone.sync.syncOnce();
    expect(await serverRow(h)).toMatchObject({ name: 'Evening walk' });
    expect(await localRow(phone.db, h)).toEqual({ name: 'Evening walk', description: 'after lunch', target_count: 2 });

    // The phone's next edits (its clock still wrong, now corrected) land too, after a reload.
    resetOutboxForTests(phone.db);
    await commit([{ table: 'habits', id: h, fields: { description: 'before dinner' } }], [], phone.db);
    await phone.sync.syncOnce();
    await commit([{ table: 'habits', id: h, fields: { target_count: 3 } }], [], laptop.db);
    await laptop.sync.syncOnce();
    await phone.sync.syncOnce();
    const want = { name: 'Evening walk', description: 'before dinner', target_count: 3 };
    expect(await serverRow(h)).toEqual(want);
    expect(await localRow(phone.db, h)).toEqual(want);
    expect(await localRow(laptop.db, h)).toEqual(want);
    for (const s of await stampsOnServer()) expect(s < new Date(Date.now() + 61_000).toISOString(), s).toBe(true);
  });
});
