import { afterEach, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { ensureExerciseLibrary, filterExercises, facets } from './library.ts';
import { finishSession, historyBests, historyPoints, loadSessionPage, logSet, newSetRow, optimisticRecords, previousPerformance, REST_KEY, startSession, type RestTimer } from './session-logic.ts';
import { copyTemplate, deleteTemplate, loadTemplate, saveTemplate, templateOps, type Template } from './template-ops.ts';
import { parseDraft, suggestDraft } from './set-entry.tsx';

let n = 0;
const dbs: IgnitionDb[] = [];
const fresh = () => {
  const d = openIgnitionDb(`exercise-test-${n++}`);
  dbs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete();
});

const set = (session_id: string, weight: number, reps: number, extra: Partial<{ is_warmup: boolean; exercise_id: string }> = {}) =>
  newSetRow({ session_id, exercise_id: extra.exercise_id ?? 'ex_Barbell_Squat', set_number: 1, weight, reps, rpe: null, notes: null, is_warmup: extra.is_warmup ?? false });

describe('the offline exercise library', () => {
  it('is put into IndexedDB once, with the server’s ids, and searched by words, muscle, equipment and category', async () => {
    const db = fresh();
    await ensureExerciseLibrary(db);
    await ensureExerciseLibrary(db);
    const all = await db.exercises.toArray();
    expect(all.length).toBe(873);
    expect(await db.outbox_changes.count()).toBe(0);
    expect(all.find((e) => e.id === 'ex_Barbell_Squat')).toMatchObject({ name: 'Barbell Squat', is_custom: false, user_id: null });
    const hits = filterExercises(all, { q: 'bench press', muscle: 'chest', equipment: 'barbell', category: 'strength' });
    expect(hits.length).toBeGreaterThan(2);
    expect(hits.every((e) => /bench/i.test(String(e.name)) && /press/i.test(String(e.name)))).toBe(true);
    expect(facets(all).muscles).toContain('quadriceps');
  });
});

describe('logging a session on the device', () => {
  it('stores each set with its clock in the outbox and starts the rest timer from the tap', async () => {
    const db = fresh();
    const sessionId = await startSession(null, db);
    const row = set(sessionId, 100, 5);
    await logSet(row, 120, db);
    expect(await db.workout_sets.get(row.id)).toMatchObject({ weight: 100, reps: 5, session_id: sessionId });
    expect((await db.outbox_changes.toArray()).map((c) => c.table)).toEqual(['workout_sessions', 'workout_sets']);
    const timer = (await db.meta.get(REST_KEY))!.value as RestTimer;
    expect(timer.until).toBe(Date.parse(String(row.created_at)) + 120_000);
  });

  it('finishes with the rules’ optimistic XP, counting only working sets', async () => {
    const db = fresh();
    const sessionId = await startSession({ id: 'w1', name: 'Legs' }, db);
    const sets = [set(sessionId, 40, 10, { is_warmup: true }), set(sessionId, 100, 5), set(sessionId, 100, 5)];
    for (const s of sets) await logSet(s, 0, db);
    const { working } = await finishSession((await db.workout_sessions.get(sessionId))!, 'Good', sets, db);
    expect(working).toBe(2);
    const ev = (await db.activity_events.toArray())[0];
    expect(ev).toMatchObject({ event_type: 'workout_complete', entity_id: sessionId, xp_earned: 24, coins_earned: 12, sync_status: 'pending' });
    expect((await db.workout_sessions.get(sessionId))!.completed_at).toBeTruthy();
    expect(await db.meta.get(REST_KEY)).toBeUndefined();
  });

  it('shows last time’s sets and expects records only against finished sessions', async () => {
    const db = fresh();
    const first = await startSession(null, db);
    const a = set(first, 100, 5);
    await logSet(a, 0, db);
    await finishSession((await db.workout_sessions.get(first))!, '', [a], db);
    const now = await startSession(null, db);
    const b = set(now, 102.5, 5);
    await logSet(b, 0, db);
    expect((await previousPerformance('ex_Barbell_Squat', now, db)).map((s) => s.id)).toEqual([a.id]);
    const bests = await historyBests('ex_Barbell_Squat', now, db);
    expect(optimisticRecords(bests, [b]).map((r) => r.record_type)).toEqual(['weight', 'e1rm', 'volume']);
    expect(optimisticRecords(bests, [set(now, 100, 5)])).toEqual([]);
  });

  it('suggests the next set from the last one and stores weights in kilograms', () => {
    const last = { id: 's', weight: 102.058, reps: 5 };
    expect(suggestDraft([last], [], undefined, 'lb')).toMatchObject({ weight: '225', reps: '5' });
    expect(suggestDraft([], [], { exercise_id: 'x', sets: 3, reps: '8-12', weight: 60, rest_seconds: 90, section: 'Main' }, 'kg')).toMatchObject({ weight: '60', reps: '12' });
    expect(parseDraft({ weight: '225', reps: '5', rpe: '8', notes: '', warmup: false }, 'lb')).toEqual({ ok: true, weight: 102.058, reps: 5, rpe: 8 });
    expect(parseDraft({ weight: '100', reps: '0', rpe: '', notes: '', warmup: false }, 'kg').ok).toBe(false);
    // 60 kg reads as 132.3 lb: logging that again keeps 60 kg rather than 60.01 kg (a false "heavier").
    const again = { weight: '132.3', reps: '5', rpe: '', notes: '', warmup: false };
    expect(parseDraft(again, 'lb')).toMatchObject({ ok: true, weight: 60.01 });
    expect(parseDraft(again, 'lb', [62.5, 60])).toMatchObject({ ok: true, weight: 60 });
    expect(parseDraft({ ...again, weight: '137.3' }, 'lb', [60])).toMatchObject({ ok: true, weight: 62.278 });
    expect(parseDraft({ weight: '100', reps: '5', rpe: '11', notes: '', warmup: false }, 'kg').ok).toBe(false);
  });
});

describe('history of one exercise', () => {
  it('charts the best estimated 1RM and the working volume of each finished session, oldest first', () => {
    const sessions = [
      { id: 'late', started_at: '2026-03-09T10:00:00.000Z', completed_at: '2026-03-09T11:00:00.000Z' },
      { id: 'early', started_at: '2026-03-02T10:00:00.000Z', completed_at: '2026-03-02T11:00:00.000Z' },
      { id: 'open', started_at: '2026-03-10T10:00:00.000Z', completed_at: null },
      { id: 'warmups', started_at: '2026-03-05T10:00:00.000Z', completed_at: '2026-03-05T11:00:00.000Z' },
    ];
    const sets = [
      set('early', 100, 5),
      set('early', 110, 1),
      set('early', 140, 3, { is_warmup: true }),
      set('late', 105, 5),
      set('open', 200, 5),
      set('warmups', 60, 10, { is_warmup: true }),
    ];
    const points = historyPoints(sessions, sets);
    expect(points.map((p) => p.s.id)).toEqual(['early', 'late']);
    expect(points[0].t).toBe(Date.parse('2026-03-02T10:00:00.000Z') / 1000);
    // 100 × 5 → 116.67 beats the single at 110; the heavier warm-up is left out.
    expect(points[0].e1rm).toBeCloseTo(116.67, 2);
    expect(points[0].volume).toBe(610);
    expect(points[1].e1rm).toBeCloseTo(122.5, 2);
    expect(points[1].volume).toBe(525);
    expect(historyPoints([], sets)).toEqual([]);
  });
});

describe('workout templates', () => {
  const template = (): Template => ({
    id: 'w1',
    name: 'Push',
    description: null,
    estimated_duration: 45,
    sections: [
      { id: 's1', name: 'Warm-up', section_type: 'warmup', items: [{ id: 'i1', exercise_id: 'ex_A', sets: 2, reps: '10', weight: null, rest_seconds: 30, notes: null }] },
      { id: 's2', name: 'Main', section_type: 'superset', items: [{ id: 'i2', exercise_id: 'ex_B', sets: 3, reps: '8-12', weight: 60, rest_seconds: 90, notes: null }, { id: 'i3', exercise_id: 'ex_C', sets: 3, reps: '8', weight: 20, rest_seconds: 90, notes: null }] },
    ],
  });

  it('saves sections and exercises in order, and reordering rewrites only the order', async () => {
    const db = fresh();
    const t = template();
    await saveTemplate(t, null, db);
    expect(await loadTemplate('w1', db)).toEqual(t);
    const reordered = { ...t, sections: [t.sections[1], { ...t.sections[0], items: [] }] };
    await saveTemplate(reordered, t, db);
    const back = (await loadTemplate('w1', db))!;
    expect(back.sections.map((s) => s.id)).toEqual(['s2', 's1']);
    expect(back.sections[1].items).toEqual([]);
    expect(await db.workout_exercises.get('i1')).toBeUndefined();
  });

  it('deletes a template (queued for sync) and the undo brings back an equal one under fresh ids', async () => {
    const db = fresh();
    const t = template();
    await saveTemplate(t, null, db);
    await deleteTemplate(t, db);
    expect(await loadTemplate('w1', db)).toBeNull();
    expect((await db.outbox_changes.toArray()).filter((c) => c.op === 'delete').map((c) => [c.table, c.row_id])).toContainEqual(['workouts', 'w1']);
    // Its sections and exercises go with it on this device too.
    expect(await db.workout_sections.where('workout_id').equals('w1').count()).toBe(0);
    expect(await db.workout_exercises.get('i2')).toBeUndefined();
    const back = copyTemplate(t, t.name);
    await saveTemplate(back, null, db);
    const again = (await loadTemplate(back.id, db))!;
    expect(again.name).toBe('Push');
    expect(again.sections.map((s) => [s.section_type, s.items.map((i) => [i.exercise_id, i.sets, i.reps, i.weight, i.rest_seconds])])).toEqual(
      t.sections.map((s) => [s.section_type, s.items.map((i) => [i.exercise_id, i.sets, i.reps, i.weight, i.rest_seconds])]),
    );
  });

  it('duplicates under fresh ids and deletes removed sections with their exercises', async () => {
    const t = template();
    const copy = copyTemplate(t);
    expect(copy.name).toBe('Push (copy)');
    expect(copy.sections.flatMap((s) => s.items.map((i) => i.id))).not.toContain('i2');
    const ops = templateOps({ ...t, sections: [t.sections[0]] }, t);
    expect(ops.filter((o) => o.delete)).toEqual([{ table: 'workout_sections', id: 's2', delete: true }]);
  });
});

describe('the workout history list', () => {
  it('reads a page of the newest finished sessions with only their sets and record counts', async () => {
    const db = fresh();
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i, 18)).toISOString();
    const sessions = Array.from({ length: 5 }, (_, i) => ({ id: `w${i}`, workout_id: null, name: `W${i}`, started_at: day(i), completed_at: i === 4 ? null : day(i), notes: null }));
    await db.workout_sessions.bulkPut(sessions);
    await db.workout_sets.bulkPut(sessions.flatMap((s) => [set(s.id, 100, 5), set(s.id, 100, 5)]));
    await db.personal_records.bulkPut([
      { id: 'pr1', exercise_id: 'ex_Barbell_Squat', record_type: 'weight', value: 100, session_id: 'w3' },
      { id: 'pr2', exercise_id: 'ex_Barbell_Squat', record_type: 'volume', value: 500, session_id: 'w3' },
    ]);
    // w4 is still going: not in the history. Newest finished first: w3, w2.
    const page = await loadSessionPage(2, db);
    expect(page.sessions.map((s) => s.id)).toEqual(['w3', 'w2']);
    expect(new Set(page.sets.map((s) => s.session_id))).toEqual(new Set(['w3', 'w2']));
    expect(page.records.get('w3')).toBe(2);
    expect(page.more).toBe(true);
    const all = await loadSessionPage(10, db);
    expect(all.sessions.map((s) => s.id)).toEqual(['w3', 'w2', 'w1', 'w0']);
    expect(all.sets).toHaveLength(8);
    expect(all.more).toBe(false);
  });
});
