import { questPeriodKey } from '@ignition/shared/rules/quests.ts';
import type { Row } from '../db/db.ts';

/** A bool column as pulled (1/0) or written locally (true/false). */
export const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

/**
 * A quest of the person's own. Pulled rows carry no `user_id` (the server keeps it private), so
 * the flag tells: universal quests come with `is_universal` set, by seed or admin.
 */
export const isPersonalQuest = (q: Row) => !truthy(q.is_universal);

export interface QuestState {
  quest: Row;
  title: string;
  type: string;
  periodKey: string;
  count: number;
  target: number;
  fraction: number;
  /** completed on the server, or optimistically by events it has not seen yet */
  completed: boolean;
  /** completed only by events still waiting to sync (the reward is a guess until the server grants it) */
  optimistic: boolean;
  xp: number;
  coins: number;
  skill: string | null;
  personal: boolean;
}

interface EventLike {
  event_type: string;
  local_date: string;
  xp_earned: number;
  created_at?: string;
}

/**
 * Quest progress as the person should see it: the server's count for each period plus the
 * events it has not confirmed yet, counted with the same rules the server applies
 * (ledger.advanceQuests). Returns one state per (quest, period) that has progress, plus the
 * current period of every active quest, so the economy can add optimistic completions of any
 * period while screens show today's.
 */
export function questStates(quests: Row[], progressRows: Row[], unconfirmed: EventLike[], activeDates: Set<string>, today: string): { current: QuestState[]; optimisticCompletions: QuestState[] } {
  const active = quests.filter((q) => truthy(q.is_active ?? true));
  const byKey = new Map<string, Row>();
  for (const r of progressRows) byKey.set(`${r.quest_id}|${r.period_key}`, r);
  const extra = new Map<string, number>();
  // Events in time order, so "first active day" counts the way living through them would.
  const sorted = [...unconfirmed].sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
  const newDays = new Set<string>();
  for (const e of sorted) {
    if (e.event_type === 'quest_complete' || e.event_type === 'personal_record' || e.event_type === 'reward_purchase' || e.event_type === 'reward_redeem') continue;
    const firstActive = (e.xp_earned || 0) > 0 && !activeDates.has(e.local_date) && !newDays.has(e.local_date);
    if ((e.xp_earned || 0) > 0) newDays.add(e.local_date);
    for (const q of active) {
      const counts = q.event_type === 'active_day' ? firstActive : q.event_type === e.event_type;
      if (!counts) continue;
      const key = `${q.id}|${questPeriodKey(String(q.type), e.local_date)}`;
      extra.set(key, (extra.get(key) ?? 0) + 1);
    }
  }
  const state = (q: Row, period: string): QuestState => {
    const row = byKey.get(`${q.id}|${period}`);
    const target = Math.max(1, Number(q.target ?? 1));
    const serverDone = truthy(row?.completed);
    const raw = Number(row?.current_count ?? 0) + (serverDone ? 0 : extra.get(`${q.id}|${period}`) ?? 0);
    const count = Math.min(target, raw);
    const completed = serverDone || raw >= target;
    return {
      quest: q,
      title: String(q.title ?? 'Quest'),
      type: String(q.type ?? 'daily'),
      periodKey: period,
      count,
      target,
      fraction: count / target,
      completed,
      optimistic: completed && !serverDone,
      xp: Number(q.xp_reward ?? 0),
      coins: Number(q.coin_reward ?? 0),
      skill: q.skill_id ? String(q.skill_id) : null,
      personal: isPersonalQuest(q),
    };
  };
  const current = active.map((q) => state(q, questPeriodKey(String(q.type), today)));
  const optimisticCompletions: QuestState[] = [];
  for (const key of extra.keys()) {
    const [qid, period] = key.split('|');
    const q = active.find((x) => x.id === qid);
    if (!q) continue;
    const s = state(q, period);
    if (s.optimistic) optimisticCompletions.push(s);
  }
  return { current, optimisticCompletions };
}

/** Daily quests first, then weekly, then one-time; within each, unfinished before finished. */
export function sortQuestStates(states: QuestState[]): QuestState[] {
  const order: Record<string, number> = { daily: 0, weekly: 1, one_time: 2 };
  return [...states].sort((a, b) => (order[a.type] ?? 3) - (order[b.type] ?? 3) || Number(a.completed) - Number(b.completed) || a.title.localeCompare(b.title));
}
