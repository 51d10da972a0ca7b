import type { ResultSet } from '@libsql/client';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { recordHistorySql, sessionRecords } from '../personal-records.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import { entityIdsOf, overlay, placeholders, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface WorkoutFacts {
  sessions: Map<string, Row>;
  /** the sessions' sets, in set order */
  setsOf: Map<string, Row[]>;
  /** the person's sets of the sessions' exercises in finished sessions (personal records) */
  history: Row[];
}

const sessionIds = (q: RewardQuery) => entityIdsOf(q.events);

/**
 * A finished workout: paid once per session by its working sets; then each working set is
 * compared with the person's history for personal records (personal-records.ts).
 */
export const workoutComplete: Rewarder<WorkoutFacts> = {
  type: 'workout_complete',
  entityTable: 'workout_sessions',
  oncePerEntity: true,
  reads(q) {
    const ids = sessionIds(q);
    if (ids.length === 0) return [];
    const writtenSets = [...(q.written.get('workout_sets')?.keys() ?? [])];
    const writtenExercises = [...new Set([...(q.written.get('workout_sets')?.values() ?? [])].flatMap((s) => (typeof s.exercise_id === 'string' ? [s.exercise_id] : [])))];
    return [
      { sql: `${ownedRowsSql('workout_sessions')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      {
        sql: `SELECT * FROM workout_sets WHERE session_id IN (${placeholders(ids.length)})${writtenSets.length ? ` OR id IN (${placeholders(writtenSets.length)})` : ''}`,
        args: [...ids, ...writtenSets],
      },
      { sql: recordHistorySql(ids.length), args: [q.userId, ...ids, JSON.stringify(writtenExercises)] },
    ];
  },
  facts(results: ResultSet[], q) {
    const ids = new Set(sessionIds(q));
    const sessions = overlay(rowsOf(results[0]), q.written.get('workout_sessions'));
    const sets = overlay(rowsOf(results[1]), q.written.get('workout_sets'));
    // Read before the push's rows were written: the history holds the stored sets of other
    // sessions, so a push that also writes other sessions' rows is reconciled the interactive way.
    if (q.written.size && (ids.size > 1 || [...(q.written.get('workout_sessions')?.keys() ?? [])].some((id) => !ids.has(id)) || [...(q.written.get('workout_sets')?.keys() ?? [])].some((id) => !ids.has(String(sets.get(id)?.session_id)))))
      throw new NeedsInteractivePush('a workout push that writes other sessions');
    const setsOf = new Map<string, Row[]>();
    for (const s of sets.values()) {
      const sid = String(s.session_id);
      if (!ids.has(sid)) continue;
      const list = setsOf.get(sid) ?? [];
      list.push(s);
      setsOf.set(sid, list);
    }
    for (const list of setsOf.values()) list.sort((a, b) => Number(a.set_number ?? 1) - Number(b.set_number ?? 1) || String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
    return { sessions, setsOf, history: rowsOf(results[2]) };
  },
  entity: (f, id) => f.sessions.get(id),
  reward(e, row, f) {
    const sets = f.setsOf.get(String(e.entity_id)) ?? [];
    const result = computeReward({ type: 'workout_complete', workingSets: sets.filter((s) => !s.is_warmup && Number(s.reps ?? 0) > 0).length, completed: !!row!.completed_at });
    return { result, meta: { sets: sets.length }, follow: sessionRecords(String(e.entity_id), sets, f.history, e) };
  },
};
