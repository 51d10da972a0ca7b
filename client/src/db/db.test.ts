import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { dexieSchemaV1, dexieSchemaV2, dexieSchemaV3, dexieSchemaV4, openIgnitionDb } from './db.ts';

describe('the device database', () => {
  it('upgrades a version-1 database in place: rows kept, recurring series found by the new index', async () => {
    const name = `upgrade-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(dexieSchemaV1());
    await v1.open();
    await v1.table('calendar_events').bulkPut([
      { id: 'series', title: 'Standup', start_time: '2026-03-02T09:00:00.000Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' },
      { id: 'once', title: 'Dentist', start_time: '2026-03-16T15:00:00.000Z', recurrence: null },
    ]);
    await v1.table('habits').put({ id: 'h1', name: 'Read' });
    v1.close();

    const db = openIgnitionDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    expect(await db.refused_changes.count()).toBe(0);
    expect(await db.calendar_events.count()).toBe(2);
    expect((await db.calendar_events.where('recurrence').above('').toArray()).map((r) => r.id)).toEqual(['series']);
    expect((await db.habits.get('h1'))?.name).toBe('Read');
    db.close();
    await Dexie.delete(name);
  });

  it('upgrades a version-3 database to 4: the track library and the device-only audio store appear', async () => {
    const name = `upgrade-v3-${Date.now()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores(dexieSchemaV1());
    v3.version(2).stores(dexieSchemaV2());
    v3.version(3).stores(dexieSchemaV3());
    await v3.open();
    expect(v3.tables.map((t) => t.name)).not.toContain('tracks');
    await v3.table('habits').put({ id: 'h1', name: 'Read' });
    v3.close();

    const db = openIgnitionDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    await db.tracks.put({ id: 't1', title: 'Ref', content_sha256: 'a'.repeat(64) });
    expect((await db.tracks.where('content_sha256').equals('a'.repeat(64)).first())?.title).toBe('Ref');
    await db.track_audio.put({ sha256: 'a'.repeat(64), blob: new Blob([new Uint8Array([1, 2, 3])]), type: 'audio/wav', size: 3, stored_at: '2026-11-24T17:00:00.000Z' });
    expect(await db.track_audio.count()).toBe(1);
    expect((await db.habits.get('h1'))?.name).toBe('Read');
    db.close();
    await Dexie.delete(name);
  });

  it('upgrades a version-4 database to 5: the infobase store appears, listed by update time and category', async () => {
    const name = `upgrade-v4-${Date.now()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores(dexieSchemaV1());
    v4.version(2).stores(dexieSchemaV2());
    v4.version(3).stores(dexieSchemaV3());
    v4.version(4).stores(dexieSchemaV4());
    await v4.open();
    expect(v4.tables.map((t) => t.name)).not.toContain('infobase_entries');
    await v4.table('tracks').put({ id: 't1', title: 'Ref' });
    v4.close();

    const db = openIgnitionDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(5);
    await db.infobase_entries.bulkPut([
      { id: 'e1', title: 'Bread', category: 'kitchen', updated_at: '2026-11-24T17:00:00.000Z' },
      { id: 'e2', title: 'Rust', category: 'code', updated_at: '2026-11-25T17:00:00.000Z' },
    ]);
    expect((await db.infobase_entries.orderBy('updated_at').reverse().toArray()).map((e) => e.id)).toEqual(['e2', 'e1']);
    expect((await db.infobase_entries.where('category').equals('kitchen').toArray()).map((e) => e.id)).toEqual(['e1']);
    expect((await db.tracks.get('t1'))?.title).toBe('Ref');
    db.close();
    await Dexie.delete(name);
  });
});
