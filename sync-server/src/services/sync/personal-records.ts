import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { bestsFromHistory, detectPersonalRecords } from '@ignition/shared/rules/fitness.ts';
import type { EconomyLedger } from './ledger.ts';
import { selectIn, type Db } from './sql.ts';

type R = Record<string, any>;

/**
 * A person's sets of some exercises in their finished sessions before this one. CROSS JOIN keeps
 * SQLite's order: the person's sessions first (by user), then each session's sets (by session);
 * left to itself it starts from every user's sets of the exercise. `+s.exercise_id` keeps the
 * exercise index out of it, so each session's sets are found by the session index.
 */
export const RECORD_HISTORY_SQL = `SELECT s.id, s.session_id, s.exercise_id, s.weight, s.reps, s.is_warmup
  FROM workout_sessions w CROSS JOIN workout_sets s ON s.session_id = w.id
  WHERE w.user_id = ? AND w.id != ? AND w.completed_at IS NOT NULL AND w.completed_at <= ? AND +s.exercise_id IN`;

/**
 * Personal records are the server's call: each working set of a finished session is compared
 * with the user's earlier sets of the same exercise. Every record is stored (linked to its set);
 * at most three per session are rewarded.
 */
export async function detectSessionRecords(tx: Db, ledger: EconomyLedger, sessionId: string, ev: PushEvent & { created_at: string; local_date: string }) {
  const sets = (await tx.execute({ sql: 'SELECT * FROM workout_sets WHERE session_id = ? ORDER BY set_number, created_at', args: [sessionId] })).rows.map((r) => ({ ...r }) as R);
  const working = sets.filter((s) => !s.is_warmup && Number(s.reps ?? 0) > 0);
  const exerciseIds = [...new Set(working.map((s) => String(s.exercise_id)))];
  let rewarded = 0;
  if (exerciseIds.length === 0) return;
  // The person's earlier finished sessions, then their sets of these exercises: bounded by this
  // person's history, not by every set of a popular exercise on the server.
  const past = new Map<string, { id: string; session_id: string; weight: number; reps: number; is_warmup: boolean }[]>();
  for (const r of await selectIn<R>(tx, RECORD_HISTORY_SQL, exerciseIds, [ledger.userId, sessionId, ev.created_at])) {
    const list = past.get(String(r.exercise_id)) ?? [];
    list.push({ id: String(r.id), session_id: String(r.session_id), weight: Number(r.weight ?? 0), reps: Number(r.reps ?? 0), is_warmup: !!r.is_warmup });
    past.set(String(r.exercise_id), list);
  }
  for (const exerciseId of exerciseIds) {
    const history = past.get(exerciseId) ?? [];
    const mine = working
      .filter((s) => s.exercise_id === exerciseId)
      .map((s) => ({ id: String(s.id), session_id: sessionId, weight: Number(s.weight ?? 0), reps: Number(s.reps ?? 0), is_warmup: false }));
    const records = detectPersonalRecords(bestsFromHistory(history), mine);
    for (const rec of records) {
      const set = mine.find((s) => s.id === rec.set_id);
      const id = `pr_${sessionId}_${exerciseId}_${rec.record_type}`.slice(0, 120);
      ledger.personalRecords.push({
        id,
        exercise_id: exerciseId,
        record_type: rec.record_type,
        value: rec.value,
        weight: set?.weight ?? null,
        reps: set?.reps ?? null,
        achieved_at: ev.created_at,
        set_id: rec.set_id,
        session_id: sessionId,
      });
      const reward = computeReward({ type: 'personal_record', prsThisSession: rewarded });
      if ('rejected' in reward) continue;
      rewarded++;
      ledger.acceptEvent({
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
}
