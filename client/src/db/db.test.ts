import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { dexieSchemaV1, openIgnitionDb } from './db.ts';

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
    expect(db.verno).toBe(3);
    expect(await db.refused_changes.count()).toBe(0);
    expect(await db.calendar_events.count()).toBe(2);
    expect((await db.calendar_events.where('recurrence').above('').toArray()).map((r) => r.id)).toEqual(['series']);
    expect((await db.habits.get('h1'))?.name).toBe('Read');
    db.close();
    await Dexie.delete(name);
  });
});
