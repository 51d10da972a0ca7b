import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';
import { recordHistorySql } from '../src/services/sync/personal-records.ts';

const SQUAT = 'ex_Barbell_Squat';

/** One finished session of squats pushed the way the app pushes it: rows, then the workout_complete event. */
function session(startedAt: string, sets: Array<{ weight: number; reps: number; warmup?: boolean }>) {
  const sessionId = id();
  const setIds: string[] = [];
  const changes: unknown[] = [
    { table: 'workout_sessions', id: sessionId, op: 'upsert', fields: { name: 'Legs', started_at: startedAt, completed_at: startedAt.replace('T10', 'T11') }, hlc: hlc() },
  ];
  sets.forEach((s, i) => {
    const setId = id();
    setIds.push(setId);
    changes.push({
      table: 'workout_sets',
      id: setId,
      op: 'upsert',
      fields: { session_id: sessionId, exercise_id: SQUAT, set_number: i + 1, weight: s.weight, reps: s.reps, is_warmup: !!s.warmup, created_at: startedAt },
      hlc: hlc(),
    });
  });
  const event = { id: id(), event_type: 'workout_complete', entity_id: sessionId, created_at: startedAt.replace('T10', 'T11'), local_date: startedAt.slice(0, 10) };
  return { sessionId, setIds, changes, event };
}

describe('personal records on finishing a workout', () => {
  let t: TestApp;
  let cookie: string;
  const email = 'records@example.com';
  beforeAll(async () => {
    t = await createTestApp();
    cookie = await t.signIn(email);
  });
  afterAll(() => t.close());

  const records = async (sessionId: string) =>
    (await t.db.execute({ sql: 'SELECT record_type, value, set_id FROM personal_records WHERE session_id = ? ORDER BY record_type', args: [sessionId] })).rows.map((r) => ({ ...r }));

  it('rewards the workout by working sets and stores records linked to their sets, rewarding at most three', async () => {
    const s = session('2026-03-02T10:00:00.000Z', [{ weight: 40, reps: 10, warmup: true }, { weight: 100, reps: 5 }, { weight: 100, reps: 5 }]);
    const res = await pushOk(t, cookie, s.changes, [s.event]);
    expect(res.accepted).toEqual([s.event.id]);
    const recs = await records(s.sessionId);
    expect(recs.map((r) => r.record_type)).toEqual(['e1rm', 'volume', 'weight']);
    expect(recs.find((r) => r.record_type === 'weight')!.set_id).toBe(s.setIds[1]);
    expect(Number(recs.find((r) => r.record_type === 'volume')!.value)).toBe(1000);
    // 20 + 2 × 2 working sets, three records at 10 XP each, and the daily "Stay Active" quest.
    expect((await progressOf(t, email)).total_xp).toBe(24 + 30 + 30);
    const prEvents = await t.db.execute("SELECT entity_id FROM activity_events WHERE event_type = 'personal_record'");
    expect(prEvents.rows.length).toBe(3);
  });

  it('reads the history by person (their sessions, then those sessions’ sets), never every user’s sets of the exercise', async () => {
    const plan = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${recordHistorySql(1)}`, args: ['u', 's', JSON.stringify([SQUAT])] })).rows.map((r) => String(r.detail));
    expect(plan[0]).toMatch(/^SEARCH w USING INDEX idx_workout_sessions_user \(user_id=\?\)/);
    expect(plan[1]).toMatch(/^SEARCH s USING INDEX idx_workout_sets_session \(session_id=\?\)/);
  });

  it('does not count a tie or a heavier warm-up as a record', async () => {
    const s = session('2026-03-04T10:00:00.000Z', [{ weight: 120, reps: 3, warmup: true }, { weight: 100, reps: 5 }]);
    await pushOk(t, cookie, s.changes, [s.event]);
    expect(await records(s.sessionId)).toEqual([]);
  });

  it('finds more reps at a weight lifted before, and a pound weight compared in kilograms', async () => {
    // 225 lb stored as kilograms the way the app stores it.
    const kg = Math.round(225 * 0.45359237 * 1000) / 1000;
    const first = session('2026-03-06T10:00:00.000Z', [{ weight: kg, reps: 3 }]);
    await pushOk(t, cookie, first.changes, [first.event]);
    expect((await records(first.sessionId)).map((r) => r.record_type)).toContain('weight');
    const again = session('2026-03-08T10:00:00.000Z', [{ weight: kg, reps: 4 }]);
    await pushOk(t, cookie, again.changes, [again.event]);
    const recs = await records(again.sessionId);
    // 4 reps at 102 kg beats the 3 done before at that weight, but not the 100 kg × 5 estimated 1RM.
    expect(recs.map((r) => r.record_type)).toEqual(['reps']);
    expect(recs.find((r) => r.record_type === 'reps')!.set_id).toBe(again.setIds[0]);
  });

  it('answers a repeated push the same way without a second reward', async () => {
    const s = session('2026-03-10T10:00:00.000Z', [{ weight: 110, reps: 5 }]);
    await pushOk(t, cookie, s.changes, [s.event]);
    const xp = (await progressOf(t, email)).total_xp;
    const again = await pushOk(t, cookie, s.changes, [s.event]);
    expect(again.accepted).toEqual([s.event.id]);
    expect((await progressOf(t, email)).total_xp).toBe(xp);
    expect((await records(s.sessionId)).length).toBeGreaterThan(0);
  });

  it('rejects a workout with only warm-up sets', async () => {
    const s = session('2026-03-12T10:00:00.000Z', [{ weight: 60, reps: 10, warmup: true }]);
    const res = await pushOk(t, cookie, s.changes, [s.event]);
    expect(res.rejected.map((r: { code: string }) => r.code)).toEqual(['no_working_sets']);
    expect(await records(s.sessionId)).toEqual([]);
  });

  it('refuses set and template values outside the rules (RPE 1–10, a rep target, a known section) and writes none of them', async () => {
    const s = session('2026-03-14T10:00:00.000Z', [{ weight: 100, reps: 5 }]);
    await pushOk(t, cookie, s.changes.slice(0, 1));
    const badRpe = id();
    const heavy = id();
    const workout = id();
    const section = id();
    const badSection = id();
    const badItem = id();
    const okItem = id();
    const set = (setId: string, fields: Record<string, unknown>) => ({
      table: 'workout_sets',
      id: setId,
      op: 'upsert',
      fields: { session_id: s.sessionId, exercise_id: SQUAT, set_number: 1, weight: 100, reps: 5, ...fields },
      hlc: hlc(),
    });
    const res = await pushOk(t, cookie, [
      set(badRpe, { rpe: 11 }),
      set(heavy, { weight: 1_000_000 }),
      set(s.setIds[0], { rpe: 8 }),
      { table: 'workouts', id: workout, op: 'upsert', fields: { name: 'Legs' }, hlc: hlc() },
      { table: 'workout_sections', id: section, op: 'upsert', fields: { workout_id: workout, name: 'Main', section_type: 'superset', order_index: 0 }, hlc: hlc() },
      { table: 'workout_sections', id: badSection, op: 'upsert', fields: { workout_id: workout, name: 'Odd', section_type: 'dropset', order_index: 1 }, hlc: hlc() },
      { table: 'workout_exercises', id: badItem, op: 'upsert', fields: { section_id: section, exercise_id: SQUAT, sets: 3, reps: 'lots', order_index: 0 }, hlc: hlc() },
      { table: 'workout_exercises', id: okItem, op: 'upsert', fields: { section_id: section, exercise_id: SQUAT, sets: 3, reps: '8-12', order_index: 1 }, hlc: hlc() },
    ]);
    expect(res.changeErrors.map((e: { id: string; code: string }) => [e.id, e.code])).toEqual([
      [badRpe, 'invalid_field'],
      [heavy, 'invalid_field'],
      [badSection, 'invalid_field'],
      [badItem, 'invalid_field'],
    ]);
    expect(res.changeErrors[0].message).toMatch(/RPE must be from 1 to 10/);
    const stored = async (table: string, ids: string[]) =>
      (await t.db.execute({ sql: `SELECT id FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`, args: ids })).rows.map((r) => String(r.id)).sort();
    expect(await stored('workout_sets', [badRpe, heavy, s.setIds[0]])).toEqual([s.setIds[0]]);
    expect(await stored('workout_sections', [section, badSection])).toEqual([section]);
    expect(await stored('workout_exercises', [badItem, okItem])).toEqual([okItem]);
    // A later edit is checked too: an RPE of 0 leaves the stored 8 alone.
    const edit = await pushOk(t, cookie, [{ table: 'workout_sets', id: s.setIds[0], op: 'upsert', fields: { rpe: 0 }, hlc: hlc() }]);
    expect(edit.changeErrors.map((e: { code: string }) => e.code)).toEqual(['invalid_field']);
    expect(Number((await t.db.execute({ sql: 'SELECT rpe FROM workout_sets WHERE id = ?', args: [s.setIds[0]] })).rows[0].rpe)).toBe(8);
  });
});
