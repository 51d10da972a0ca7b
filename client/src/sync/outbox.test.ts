import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../db/db.ts';
import type { TableRowOf } from '@ignition/shared/tables.ts';

import { commit, newId, onLocalWrite } from './outbox.ts';

let db: IgnitionDb;
beforeEach(() => {
  db = openIgnitionDb(`outbox-${newId()}`);
});
afterEach(() => db.close());

/** A habit as the "Edit habit" form saves it: every field it shows. */
const habitForm = (over: Record<string, unknown> = {}) => ({
  name: 'Walk',
  description: 'Around the block',
  frequency: 'daily' as const,
  target_count: 1,
  skill_id: 'guts',
  xp_reward: 10,
  coin_reward: 5,
  archived: false,
  updated_at: new Date().toISOString(),
  ...over,
});

async function created(): Promise<string> {
  const id = newId();
  await commit([{ table: 'habits', id, fields: habitForm() }], [], db);
  await db.outbox_changes.clear();
  return id;
}

describe('commit writes only what changes the row as stored on the device', () => {
  it('a save that changes nothing writes no outbox entry and no clock', async () => {
    const id = await created();
    const clocksBefore = await db.row_clocks.get(`habits:${id}`);
    let told = 0;
    const stop = onLocalWrite(() => told++);
    await commit([{ table: 'habits', id, fields: habitForm({ updated_at: '2099-01-01T00:00:00.000Z' }) }], [], db);
    stop();
    expect(await db.outbox_changes.count()).toBe(0);
    expect(await db.row_clocks.get(`habits:${id}`)).toEqual(clocksBefore);
    expect((await db.habits.get(id))?.updated_at).not.toBe('2099-01-01T00:00:00.000Z');
    expect(told).toBe(0);
  });

  it('a save changing one of eight fields stamps and sends that field (and the touch stamp) only', async () => {
    const id = await created();
    const before = (await db.row_clocks.get(`habits:${id}`))!.clocks;
    await commit([{ table: 'habits', id, fields: habitForm({ name: 'Evening walk', updated_at: '2030-01-01T00:00:00.000Z' }) }], [], db);
    const out = await db.outbox_changes.toArray();
    expect(out).toHaveLength(1);
    expect(out[0].fields).toEqual({ name: 'Evening walk', updated_at: '2030-01-01T00:00:00.000Z' });
    const after = (await db.row_clocks.get(`habits:${id}`))!.clocks;
    const restamped = Object.keys(after).filter((f) => after[f] !== before[f]).sort();
    expect(restamped).toEqual(['name', 'updated_at']);
    expect(after.name).toBe(out[0].hlc);
    const row = await db.habits.get(id);
    expect(row?.name).toBe('Evening walk');
    expect(row?.description).toBe('Around the block');
  });

  it('compares JSON fields by value, not by identity or key order', async () => {
    const id = newId();
    await commit([{ table: 'daily_plans', id, fields: { plan_date: '2026-11-24', items: [{ id: 'a', text: 'Run', done: false }] } }], [], db);
    await db.outbox_changes.clear();
    await commit([{ table: 'daily_plans', id, fields: { plan_date: '2026-11-24', items: [{ done: false, text: 'Run', id: 'a' }] } }], [], db);
    expect(await db.outbox_changes.count()).toBe(0);
    await commit([{ table: 'daily_plans', id, fields: { plan_date: '2026-11-24', items: [{ id: 'a', text: 'Run', done: true }] } }], [], db);
    expect((await db.outbox_changes.toArray()).map((c) => c.fields)).toEqual([{ items: [{ id: 'a', text: 'Run', done: true }] }]);
  });

  it('treats a stored 0/1 as the same bool and a missing field as the same as null', async () => {
    const id = await created();
    await db.habits.update(id, { archived: 0 });
    await commit([{ table: 'habits', id, fields: { archived: false, ...({ notes_that_were_never_set: undefined } as unknown as Partial<TableRowOf<'habits'>>) } }], [], db);
    await commit([{ table: 'books', id: newId(), fields: { title: 'Dune' } }], [], db);
    const bookId = (await db.books.toArray())[0].id;
    await db.outbox_changes.clear();
    await commit([{ table: 'books', id: bookId, fields: { title: 'Dune', author: null } }], [], db);
    expect(await db.outbox_changes.count()).toBe(0);
  });

  it('still writes a new row whole, events of a no-change save, and deletes', async () => {
    const id = newId();
    await commit([{ table: 'habits', id, fields: habitForm() }], [], db);
    expect((await db.outbox_changes.toArray())[0].fields).toMatchObject({ name: 'Walk', description: 'Around the block', updated_at: expect.any(String) });
    await db.outbox_changes.clear();
    await commit([{ table: 'habits', id, fields: habitForm() }], [{ event_type: 'habit_complete', entity_id: id }], db);
    expect(await db.outbox_changes.count()).toBe(0);
    expect(await db.activity_events.count()).toBe(1);
    await commit([{ table: 'habits', id, delete: true }], [], db);
    expect((await db.outbox_changes.toArray()).map((c) => c.op)).toEqual(['delete']);
  });
});
