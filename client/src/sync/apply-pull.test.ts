import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PulledChange } from '@ignition/shared/sync/protocol.ts';
import { openIgnitionDb, type IgnitionDb, type Row } from '../db/db.ts';
import { applyPulledChanges } from './apply-pull.ts';
import { commit, newId, resetOutboxForTests } from './outbox.ts';

const OLD = '2020-01-01T00:00:00.000Z-0000-00000000000000aa';
const FUTURE = '2999-01-01T00:00:00.000Z-0000-00000000000000bb';

const set = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  session_id: 'sess-1',
  exercise_id: 'ex-1',
  set_number: 1,
  weight: 100,
  reps: 5,
  rpe: 8,
  is_warmup: false,
  created_at: '2026-01-01T10:00:00.000Z',
  ...fields,
});

const upsert = (id: string, fields: Record<string, unknown> = {}, clocks: Record<string, string> = { weight: OLD, reps: OLD }, table = 'workout_sets'): PulledChange => ({
  table,
  id,
  op: 'upsert',
  seq: 1,
  row: table === 'workout_sets' ? set(id, fields) : { id, ...fields },
  clocks,
});

/** Pads a pull so it is long enough for the bulk (key range) path, as a real first pull is. */
const filler = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => upsert(`${prefix}-${String(i).padStart(5, '0')}`));

describe.each([
  ['a short pull (read by key)', 0],
  ['a long pull (read by key range)', 300],
])('applyPulledChanges, %s', (_name, pad) => {
  let db: IgnitionDb;
  beforeEach(() => {
    db = openIgnitionDb(`apply-pull-${newId()}`);
    resetOutboxForTests(db);
  });
  afterEach(() => db.delete());

  const pull = (changes: PulledChange[]) => applyPulledChanges(db, [...filler(pad, 'pad-a'), ...changes, ...filler(pad, 'pad-z')]);

  it('adds new rows whole, and the padding too', async () => {
    await pull([upsert('s-new', { weight: 80 })]);
    expect(await db.workout_sets.get('s-new')).toEqual(set('s-new', { weight: 80 }));
    expect(await db.workout_sets.count()).toBe(1 + 2 * pad);
  });

  it('keeps a field with a newer local pending edit and takes the others', async () => {
    await pull([upsert('s1', { weight: 100, reps: 5 })]);
    await commit([{ table: 'workout_sets', id: 's1', fields: { weight: 120 } }], [], db);
    // Another device changed both fields, at a time before our edit.
    await pull([upsert('s1', { weight: 90, reps: 7 }, { weight: OLD, reps: OLD })]);
    const row = await db.workout_sets.get('s1');
    expect(row?.weight).toBe(120);
    expect(row?.reps).toBe(7);
    expect((await db.row_clocks.get('workout_sets:s1'))?.clocks.reps).toBe(OLD);
  });

  it('a pulled field newer than the local edit wins, and its clock is kept', async () => {
    await pull([upsert('s1')]);
    await commit([{ table: 'workout_sets', id: 's1', fields: { weight: 120 } }], [], db);
    await pull([upsert('s1', { weight: 95 }, { weight: FUTURE })]);
    expect((await db.workout_sets.get('s1'))?.weight).toBe(95);
    expect((await db.row_clocks.get('workout_sets:s1'))?.clocks.weight).toBe(FUTURE);
  });

  it('an edit made locally before the first pull is not overwritten by an older pulled value', async () => {
    await commit([{ table: 'workout_sets', id: 's2', fields: set('s2', { notes: 'mine' }) }], [], db);
    await pull([upsert('s2', { notes: 'theirs' }, { notes: OLD })]);
    expect((await db.workout_sets.get('s2'))?.notes).toBe('mine');
  });

  it('keeps fields of a local row the pulled row does not carry', async () => {
    await pull([upsert('s3')]);
    await db.table('workout_sets').update('s3', { local_only: 'x' });
    await pull([upsert('s3', { reps: 9 })]);
    const row = (await db.table('workout_sets').get('s3')) as Row | undefined;
    expect(row?.local_only).toBe('x');
    expect(row?.reps).toBe(9);
  });

  it('does not bring back a row deleted here (tombstone), and a pulled delete removes a row with its children', async () => {
    await pull([upsert('s4'), upsert('sess-9', { user_id: 'u', name: 'Legs' }, {}, 'workout_sessions'), upsert('s5', { session_id: 'sess-9' })]);
    await commit([{ table: 'workout_sets', id: 's4', delete: true }], [], db);
    await pull([upsert('s4', { weight: 1 }, { weight: FUTURE })]);
    expect(await db.workout_sets.get('s4')).toBeUndefined();

    await pull([{ table: 'workout_sessions', id: 'sess-9', op: 'delete', seq: 2, clocks: { _deleted: FUTURE } }]);
    expect(await db.workout_sessions.get('sess-9')).toBeUndefined();
    expect(await db.workout_sets.get('s5')).toBeUndefined();
    expect((await db.row_clocks.get('workout_sets:s5'))?.deleted).toBe(FUTURE);
    // ...and an upsert of it later in the same or a later pull does not resurrect it
    await pull([upsert('s5', { session_id: 'sess-9' }, { weight: FUTURE })]);
    expect(await db.workout_sets.get('s5')).toBeUndefined();
  });

  it('applies upserts and deletes of one row in pull order', async () => {
    await pull([upsert('s6'), { table: 'workout_sets', id: 's6', op: 'delete', seq: 2, clocks: { _deleted: OLD } }, upsert('s7', { reps: 1 }), upsert('s7', { reps: 2 })]);
    expect(await db.workout_sets.get('s6')).toBeUndefined();
    expect((await db.workout_sets.get('s7'))?.reps).toBe(2);
  });

  it('returns the highest clock seen', async () => {
    expect(await pull([upsert('s8', {}, { weight: FUTURE })])).toBe(FUTURE);
  });
});

describe('applyPulledChanges over a local table much bigger than the pull', () => {
  it('still finds the local rows and clocks past the range read cap', async () => {
    const db = openIgnitionDb(`apply-pull-${newId()}`);
    resetOutboxForTests(db);
    // 1,000 local rows whose ids interleave with the pulled ones, so the key range holds far
    // more keys than the pull has ids and the keys-only read stops early.
    const local = Array.from({ length: 1000 }, (_, i) => set(`k-${String(i).padStart(5, '0')}-a`, { reps: 1 }));
    await db.workout_sets.bulkPut(local);
    await db.row_clocks.bulkPut(local.map((r) => ({ key: `workout_sets:${r.id}`, clocks: { reps: FUTURE } })));
    const ids = Array.from({ length: 100 }, (_, i) => `k-${String(i * 10).padStart(5, '0')}-a`);
    await applyPulledChanges(db, ids.map((id) => upsert(id, { reps: 2, weight: 50 }, { reps: OLD, weight: OLD })));
    const rows = await db.workout_sets.bulkGet(ids);
    // reps has a newer local clock on every row: kept; weight had none: taken.
    expect(rows.every((r) => r?.reps === 1 && r?.weight === 50)).toBe(true);
    expect(await db.workout_sets.count()).toBe(1000);
    await db.delete();
  });
});
