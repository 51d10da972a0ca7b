import Dexie from 'dexie';
import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal } from '../../sync/outbox.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { bestsFromHistory, detectPersonalRecords, estimate1RM, sessionVolume, type Bests, type PersonalRecord, type SetLike } from '@ignition/shared/rules/fitness.ts';

export const DEFAULT_REST_SECONDS = 90;
export const REST_KEY = 'exercise_rest_timer';

export interface RestTimer {
  session_id: string;
  exercise_id: string;
  /** epoch ms when the rest ends: the timer is this timestamp, so reloads and a locked screen lose nothing */
  until: number;
  seconds: number;
}

export interface PlannedExercise {
  exercise_id: string;
  sets: number | null;
  reps: string | null;
  weight: number | null;
  rest_seconds: number | null;
  section: string | null;
}

export const asSet = (s: Row): SetLike => ({ id: s.id, weight: Number(s.weight ?? 0), reps: Number(s.reps ?? 0), is_warmup: !!s.is_warmup, session_id: String(s.session_id) });
export const isWorking = (s: Row) => !s.is_warmup && Number(s.reps ?? 0) > 0;

/** A template's exercises in order (sections, then exercises), as the plan of a session. */
export async function loadPlan(workoutId: string | null | undefined, database: IgnitionDb = defaultDb): Promise<PlannedExercise[]> {
  if (!workoutId) return [];
  const sections = (await database.workout_sections.where('workout_id').equals(workoutId).toArray()).sort((a, b) => Number(a.order_index) - Number(b.order_index));
  const out: PlannedExercise[] = [];
  for (const s of sections) {
    const items = (await database.workout_exercises.where('section_id').equals(s.id).toArray()).sort((a, b) => Number(a.order_index) - Number(b.order_index));
    for (const it of items)
      out.push({
        exercise_id: String(it.exercise_id),
        sets: it.sets == null ? null : Number(it.sets),
        reps: it.reps == null ? null : String(it.reps),
        weight: it.weight == null ? null : Number(it.weight),
        rest_seconds: it.rest_seconds == null ? null : Number(it.rest_seconds),
        section: String(s.name ?? s.section_type ?? ''),
      });
  }
  return out;
}

export async function startSession(workout: Row | null, database: IgnitionDb = defaultDb): Promise<string> {
  const id = newId();
  await commit([{ table: 'workout_sessions', id, fields: { workout_id: workout?.id ?? null, name: workout ? String(workout.name) : 'Workout', started_at: new Date().toISOString(), completed_at: null, notes: null } }], [], database);
  return id;
}

export async function activeSession(database: IgnitionDb = defaultDb): Promise<Row | undefined> {
  const all = await database.workout_sessions.orderBy('started_at').reverse().toArray();
  return all.find((s) => !s.completed_at);
}

export interface NewSet {
  session_id: string;
  exercise_id: string;
  set_number: number;
  weight: number;
  reps: number;
  rpe: number | null;
  notes: string | null;
  is_warmup: boolean;
}

/** The row a tap makes, before it is stored: the screen shows it at once while it is written. */
export function newSetRow(set: NewSet, now = Date.now()): Row {
  return { id: newId(), ...set, created_at: new Date(now).toISOString() };
}

/** One tap: the set is stored (and queued for sync) and the rest timer starts from the tap. */
export async function logSet(row: Row, restSeconds: number, database: IgnitionDb = defaultDb): Promise<string> {
  const { id, ...fields } = row;
  const from = Date.parse(String(row.created_at));
  // The set and the timer it starts are one write: a reload never finds one without the other.
  const startRest = () =>
    database.meta.put({ key: REST_KEY, value: { session_id: String(row.session_id), exercise_id: String(row.exercise_id), until: from + restSeconds * 1000, seconds: restSeconds } satisfies RestTimer });
  await commit([{ table: 'workout_sets', id, fields }], [], database, restSeconds > 0 ? startRest : undefined);
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent('ignition:set-stored', { detail: id }));
  return id;
}

export async function stopRest(database: IgnitionDb = defaultDb) {
  await database.meta.delete(REST_KEY);
}

export async function extendRest(seconds: number, database: IgnitionDb = defaultDb) {
  const t = (await database.meta.get(REST_KEY))?.value as RestTimer | undefined;
  if (t) await database.meta.put({ key: REST_KEY, value: { ...t, until: Math.max(Date.now(), t.until) + seconds * 1000, seconds: t.seconds + seconds } });
}

/** Finishing stamps the session and sends workout_complete with the rules' optimistic reward. */
export async function finishSession(session: Row, notes: string, sets: Row[], database: IgnitionDb = defaultDb) {
  const working = sets.filter(isWorking).length;
  const reward = computeReward({ type: 'workout_complete', workingSets: working, completed: true });
  const now = new Date();
  const events =
    'rejected' in reward
      ? []
      : [{ event_type: 'workout_complete', entity_id: session.id, skill_id: reward.skill ?? 'guts', xp: reward.xp, coins: reward.coins, metadata: { sets: sets.length }, created_at: now.toISOString(), local_date: todayLocal(now) }];
  await commit([{ table: 'workout_sessions', id: session.id, fields: { completed_at: now.toISOString(), notes: notes.trim() || null } }], events, database);
  await database.meta.delete(REST_KEY);
  return { working, reward };
}

/** The sets of one exercise in the latest other session that has it: "last time" beside each set. */
export async function previousPerformance(exerciseId: string, sessionId: string, database: IgnitionDb = defaultDb): Promise<Row[]> {
  const last = await database.workout_sets
    .where('[exercise_id+created_at]')
    .between([exerciseId, Dexie.minKey], [exerciseId, Dexie.maxKey])
    .reverse()
    .filter((s) => s.session_id !== sessionId)
    .first();
  if (!last) return [];
  return (await database.workout_sets.where('session_id').equals(String(last.session_id)).toArray())
    .filter((s) => s.exercise_id === exerciseId)
    .sort((a, b) => Number(a.set_number) - Number(b.set_number));
}

/**
 * The XP and coins the server adds for `count` new records of one workout (its personal_record
 * events, up to the per-workout cap): counted into the optimistic figure so it does not jump on sync.
 */
export function recordRewards(count: number): { xp: number; coins: number } {
  let xp = 0;
  let coins = 0;
  for (let i = 0; i < count; i++) {
    const r = computeReward({ type: 'personal_record', prsThisSession: i });
    if ('rejected' in r) break;
    xp += r.xp;
    coins += r.coins;
  }
  return { xp, coins };
}

/** Bests from every other finished session of an exercise, for records shown before the server answers. */
export async function historyBests(exerciseId: string, sessionId: string, database: IgnitionDb = defaultDb): Promise<Bests> {
  const sets = await database.workout_sets.where('[exercise_id+created_at]').between([exerciseId, Dexie.minKey], [exerciseId, Dexie.maxKey]).toArray();
  const others = sets.filter((s) => s.session_id !== sessionId);
  const sessions = await database.workout_sessions.bulkGet([...new Set(others.map((s) => String(s.session_id)))]);
  const done = new Set(sessions.filter((s) => s?.completed_at).map((s) => s!.id));
  return bestsFromHistory(others.filter((s) => done.has(String(s.session_id))).map(asSet));
}

/** Optimistic records of a session's sets of one exercise (the server's answer replaces them). */
export function optimisticRecords(bests: Bests | undefined, sets: Row[]): PersonalRecord[] {
  if (!bests) return [];
  return detectPersonalRecords(bests, sets.map(asSet));
}

export const RECORD_WORDS: Record<string, string> = { weight: 'Heaviest', reps: 'Most reps', e1rm: 'Best 1RM', volume: 'Best volume' };

export interface HistoryPoint {
  s: Row;
  /** unix seconds the session started */
  t: number;
  /** the session's best estimated 1RM (Epley), kilograms */
  e1rm: number;
  /** the session's working volume, kilograms × reps */
  volume: number;
  sets: Row[];
}

/** One exercise's chart points: per finished session with working sets, oldest first (warm-ups never count). */
export function historyPoints(sessions: Iterable<Row>, sets: Row[]): HistoryPoint[] {
  return [...sessions]
    .filter((s) => s.completed_at)
    .map((s) => {
      const mine = sets.filter((x) => x.session_id === s.id && isWorking(x));
      return { s, t: Math.floor(Date.parse(String(s.started_at)) / 1000), e1rm: Math.max(0, ...mine.map((x) => estimate1RM(Number(x.weight), Number(x.reps)))), volume: sessionVolume(mine.map(asSet)), sets: mine };
    })
    .filter((p) => p.sets.length)
    .sort((a, b) => a.t - b.t);
}

/**
 * The history list's page: the newest `n` finished sessions, only their sets (a few years of
 * training is thousands), how many records each of them set, and whether older ones remain.
 */
export async function loadSessionPage(n: number, database: IgnitionDb = defaultDb) {
  const finished = (await database.workout_sessions.orderBy('started_at').reverse().toArray()).filter((s) => s.completed_at);
  const sessions = finished.slice(0, n);
  const sets = await database.workout_sets.where('session_id').anyOf(sessions.map((s) => s.id)).toArray();
  const records = new Map<string, number>();
  for (const p of await database.personal_records.toArray()) records.set(String(p.session_id), (records.get(String(p.session_id)) ?? 0) + 1);
  return { sessions, more: finished.length > n, sets, records };
}
