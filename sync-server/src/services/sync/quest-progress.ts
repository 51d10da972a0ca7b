import type { InStatement, ResultSet } from '@libsql/client';
import { questPeriodKey } from '@ignition/shared/rules/quests.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { multiInsert } from './sql.ts';
import type { AcceptedEvent } from './ledger.ts';

/** A row as read: column name to value. */
type R = Record<string, unknown>;

/**
 * Quest progress in three steps that never interleave: the read set (`questReads`, run by the
 * planned push in its one read batch, and by the interactive push through its transaction), a
 * pure step over those facts and the push's accepted events (`advanceQuestProgress`), and the
 * writes (`questProgressWrites`).
 */

/** What quest progress reads: the same on both push paths. */
export interface QuestFacts {
  /** active quests (universal and the user's own) */
  quests: R[];
  /** days among the read's dates with a rewarded event before this push */
  activeDays: Set<string>;
  /** the user's quest progress rows for the active quests in the periods of the read's dates, by id */
  questProgress: Map<string, R>;
}

export const ACTIVE_QUESTS_SQL = 'SELECT * FROM quests WHERE is_active = 1 AND (user_id IS NULL OR user_id = ?)';
export const ACTIVE_DAYS_SQL = 'SELECT DISTINCT local_date FROM activity_events WHERE user_id = ? AND xp_earned > 0 AND local_date IN (SELECT value FROM json_each(?))';
/**
 * The progress rows an event of `?5`'s types can move on the dates read: each active quest of
 * those types (or of active days) in its own kind of period (a daily quest's days, a weekly one's
 * weeks), by primary key. (Every quest in every kind of period was three times the lookups, most
 * of them of rows that cannot exist: 2,900 for a 500-day offline push.)
 */
export const QUEST_PROGRESS_SQL =
  "SELECT * FROM user_quest_progress WHERE +user_id = ?1 AND id IN (SELECT 'qp_' || ?1 || '_' || q.id || '_' || p.value FROM quests q, json_each(CASE q.type WHEN 'weekly' THEN ?3 WHEN 'one_time' THEN ?4 ELSE ?2 END) p " +
  "WHERE q.is_active = 1 AND (q.user_id IS NULL OR q.user_id = ?1) AND (q.event_type = 'active_day' OR q.event_type IN (SELECT value FROM json_each(?5))))";

/** The period keys of each kind over `dates`, once each. */
const periodsOf = (kind: string, dates: readonly string[]) => JSON.stringify([...new Set(dates.map((d) => questPeriodKey(kind, d)))]);

/**
 * The read set over local `dates`, for events of `types`: three statements, results for
 * `questFactsFrom` in the same order.
 */
export function questReads(userId: string, dates: readonly string[], types: readonly string[]): InStatement[] {
  return [
    { sql: ACTIVE_QUESTS_SQL, args: [userId] },
    { sql: ACTIVE_DAYS_SQL, args: [userId, JSON.stringify(dates)] },
    { sql: QUEST_PROGRESS_SQL, args: [userId, periodsOf('daily', dates), periodsOf('weekly', dates), periodsOf('one_time', dates), JSON.stringify([...new Set(types)])] },
  ];
}

const rows = (rs: ResultSet | undefined): R[] => (rs?.rows ?? []).map((r) => ({ ...r }) as R);

export function questFactsFrom(results: ResultSet[]): QuestFacts {
  return {
    quests: rows(results[0]),
    activeDays: new Set(rows(results[1]).map((r) => String(r.local_date))),
    questProgress: new Map(rows(results[2]).map((r) => [String(r.id), r])),
  };
}

/** A row of user_quest_progress. */
export interface QuestProgressRow {
  id: string;
  user_id: string;
  quest_id: string;
  current_count: number;
  completed: number;
  completed_at: string | null;
  last_reset: string;
  period_key: string;
}

const questProgressRow = (r: R): QuestProgressRow => ({
  id: String(r.id),
  user_id: String(r.user_id),
  quest_id: String(r.quest_id),
  current_count: Number(r.current_count ?? 0),
  completed: Number(r.completed ?? 0),
  completed_at: r.completed_at == null ? null : String(r.completed_at),
  last_reset: String(r.last_reset ?? ''),
  period_key: String(r.period_key ?? ''),
});

/** The events that move quests (not the server's own, not spending). */
export const countsForQuests = (e: AcceptedEvent) => e.event_type !== 'quest_complete' && e.event_type !== 'personal_record' && e.event_type !== 'reward_purchase' && e.event_type !== 'reward_redeem';

/**
 * Quest progress for a step of accepted events (pure): the progress rows they move and the
 * quest_complete events of the quests they complete. `newDays` holds the days this push made
 * active in earlier steps and is added to (for "active on N days" quests).
 */
export function advanceQuestProgress(
  userId: string,
  facts: QuestFacts,
  countable: readonly AcceptedEvent[],
  newDays: Set<string>,
): { rows: QuestProgressRow[]; completions: AcceptedEvent[] } {
  const completions: AcceptedEvent[] = [];
  const quests = facts.quests;
  if (countable.length === 0 || quests.length === 0) return { rows: [], completions };
  const activeBefore = facts.activeDays;
  const idFor = (q: R, period: string) => `qp_${userId}_${String(q.id)}_${period}`;
  // One period key per quest type and date (a push of a month holds ~30 dates, not 500).
  const periods = new Map<string, string>();
  const periodOf = (type: unknown, date: string) => {
    const k = `${String(type)}|${date}`;
    let p = periods.get(k);
    if (p === undefined) periods.set(k, (p = questPeriodKey(String(type), date)));
    return p;
  };
  const progressRows = new Map<string, QuestProgressRow>();
  const touched = new Set<string>();
  for (const e of countable) {
    const firstActiveToday = e.xp > 0 && !activeBefore.has(e.local_date) && !newDays.has(e.local_date);
    if (e.xp > 0) newDays.add(e.local_date);
    for (const q of quests) {
      const counts = q.event_type === 'active_day' ? firstActiveToday : q.event_type === e.event_type;
      if (!counts) continue;
      const period = periodOf(q.type, e.local_date);
      const id = idFor(q, period);
      let row = progressRows.get(id);
      if (!row) {
        const stored = facts.questProgress.get(id);
        // (A stored row is kept from its first use, counted or not: a quest whose pay is refused stays completed for the step.)
        if (stored) progressRows.set(id, (row = questProgressRow(stored)));
        else row = { id, user_id: userId, quest_id: String(q.id), current_count: 0, completed: 0, completed_at: null, last_reset: period, period_key: period };
      }
      if (row.completed) continue;
      row.current_count = Number(row.current_count) + 1;
      if (row.current_count >= Number(q.target ?? 1)) {
        row.completed = 1;
        row.completed_at = e.created_at;
        // A personal quest pays at most what POST /api/quests allows, whatever its row says.
        const pay = computeReward({ type: 'quest_complete', xp_reward: Number(q.xp_reward ?? 0), coin_reward: Number(q.coin_reward ?? 0), skill_id: q.skill_id ? String(q.skill_id) : null, personal: q.user_id != null });
        if ('rejected' in pay) continue;
        completions.push({
          id: `qc_${id.slice(3)}`,
          event_type: 'quest_complete',
          entity_id: String(q.id),
          xp: pay.xp,
          coins: pay.coins,
          skill: pay.skill,
          metadata: { quest_title: q.title, period },
          created_at: e.created_at,
          local_date: e.local_date,
        });
      }
      progressRows.set(id, row);
      touched.add(id);
    }
  }
  return { rows: [...touched].map((id) => progressRows.get(id)!), completions };
}

/** The writes of a step's progress rows. */
export function questProgressWrites(userId: string, rows: readonly QuestProgressRow[]): InStatement[] {
  return multiInsert(
    'INSERT INTO user_quest_progress (id, user_id, quest_id, current_count, completed, completed_at, last_reset, period_key)',
    8,
    rows.map((r) => [r.id, userId, r.quest_id, r.current_count, r.completed, r.completed_at, r.last_reset, r.period_key]),
    'ON CONFLICT(id) DO UPDATE SET current_count = excluded.current_count, completed = excluded.completed, completed_at = excluded.completed_at',
  );
}
