import type { PushEvent } from '../../../../shared-schema/src/sync/protocol.ts';
import { computeReward } from '../../../../shared-schema/src/rules/rewards.ts';
import { bestsFromHistory, detectPersonalRecords } from '../../../../shared-schema/src/rules/fitness.ts';
import type { EconomyLedger } from './ledger.ts';
import type { Db } from './sql.ts';

type R = Record<string, any>;

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
  for (const exerciseId of exerciseIds) {
    const history = (
      await tx.execute({
        sql: `SELECT s.id, s.session_id, s.weight, s.reps, s.is_warmup FROM workout_sets s JOIN workout_sessions w ON w.id = s.session_id
              WHERE w.user_id = ? AND s.exercise_id = ? AND s.session_id != ? AND w.completed_at IS NOT NULL AND w.completed_at <= ?`,
        args: [ledger.userId, exerciseId, sessionId, ev.created_at],
      })
    ).rows.map((r) => ({ id: String(r.id), session_id: String(r.session_id), weight: Number(r.weight ?? 0), reps: Number(r.reps ?? 0), is_warmup: !!r.is_warmup }));
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
