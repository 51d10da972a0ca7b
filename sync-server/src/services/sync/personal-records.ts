import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { bestsFromHistory, detectPersonalRecords } from '@ignition/shared/rules/fitness.ts';
import type { AcceptedEvent } from './ledger.ts';
import type { PlacedEvent, RecordRow, Row } from './rewarders/types.ts';

/**
 * A person's sets of some exercises in their finished sessions: CROSS JOIN keeps SQLite's order
 * (the person's sessions first, by user, then each session's sets, by session); left to itself it
 * starts from every user's sets of the exercise. `+s.exercise_id` keeps the exercise index out of
 * it. The exercises are the session's (stored, as a subquery) and those the push writes (`json_each`);
 * the sessions finished after the event and the session itself are left out in memory.
 */
export const recordHistorySql = (sessions: number) => `SELECT s.id, s.session_id, s.exercise_id, s.weight, s.reps, s.is_warmup, w.completed_at AS session_completed_at
  FROM workout_sessions w CROSS JOIN workout_sets s ON s.session_id = w.id
  WHERE w.user_id = ? AND w.completed_at IS NOT NULL
    AND +s.exercise_id IN (SELECT exercise_id FROM workout_sets WHERE session_id IN (${Array.from({ length: sessions }, () => '?').join(', ')}) UNION SELECT value FROM json_each(?))`;

/**
 * Personal records are the server's call: each working set of a finished session is compared
 * with the user's earlier sets of the same exercise (in sessions finished before the event).
 * Every record is stored (linked to its set); at most three per session are rewarded.
 */
export function sessionRecords(sessionId: string, sets: Row[], history: Row[], ev: PlacedEvent): { records: RecordRow[]; events: AcceptedEvent[] } {
  const records: RecordRow[] = [];
  const events: AcceptedEvent[] = [];
  const working = sets.filter((s) => !s.is_warmup && Number(s.reps ?? 0) > 0);
  const exerciseIds = [...new Set(working.map((s) => String(s.exercise_id)))];
  if (exerciseIds.length === 0) return { records, events };
  const past = new Map<string, { id: string; session_id: string; weight: number; reps: number; is_warmup: boolean }[]>();
  for (const r of history) {
    if (r.session_id === sessionId || String(r.session_completed_at) > ev.created_at) continue;
    const list = past.get(String(r.exercise_id)) ?? [];
    list.push({ id: String(r.id), session_id: String(r.session_id), weight: Number(r.weight ?? 0), reps: Number(r.reps ?? 0), is_warmup: !!r.is_warmup });
    past.set(String(r.exercise_id), list);
  }
  let rewarded = 0;
  for (const exerciseId of exerciseIds) {
    const mine = working
      .filter((s) => s.exercise_id === exerciseId)
      .map((s) => ({ id: String(s.id), session_id: sessionId, weight: Number(s.weight ?? 0), reps: Number(s.reps ?? 0), is_warmup: false }));
    for (const rec of detectPersonalRecords(bestsFromHistory(past.get(exerciseId) ?? []), mine)) {
      const set = mine.find((s) => s.id === rec.set_id);
      const id = `pr_${sessionId}_${exerciseId}_${rec.record_type}`.slice(0, 120);
      records.push({ id, exercise_id: exerciseId, record_type: rec.record_type, value: rec.value, weight: set?.weight ?? null, reps: set?.reps ?? null, achieved_at: ev.created_at, set_id: rec.set_id, session_id: sessionId });
      const reward = computeReward({ type: 'personal_record', prsThisSession: rewarded });
      if ('rejected' in reward) continue;
      rewarded++;
      events.push({
        id: `ev_${id}`,
        event_type: 'personal_record',
        entity_id: id,
        xp: reward.xp,
        coins: reward.coins,
        skill: reward.skill ?? 'guts',
        metadata: { exercise_id: exerciseId, record_type: rec.record_type, value: rec.value, set_id: rec.set_id, session_id: sessionId },
        created_at: ev.created_at,
        local_date: ev.local_date,
      });
    }
  }
  return { records, events };
}
