import { periodKey } from '../dates.ts';

/** The period a quest counts in: the local date (daily), the Monday of the week (weekly), or once. */
export function questPeriodKey(type: string, localDate: string): string {
  return periodKey(type === 'weekly' ? 'weekly' : type === 'one_time' ? 'one_time' : 'daily', localDate);
}

export interface QuestLike {
  id: string;
  type: string;
  event_type: string | null;
  target: number;
}

/** Whether an event counts toward a quest ('active_day' quests count distinct active days). */
export function eventCountsForQuest(quest: QuestLike, eventType: string, firstActiveToday: boolean): boolean {
  if (quest.event_type === 'active_day') return firstActiveToday;
  return quest.event_type === eventType;
}

/** Progress of a quest for its current period, from its progress rows keyed by period. */
export function questProgressNow(quest: QuestLike, rows: Array<{ period_key?: string | null; current_count: number; completed: boolean | number }>, today: string) {
  const key = questPeriodKey(quest.type, today);
  const row = rows.find((r) => r.period_key === key);
  const count = Math.min(quest.target, Number(row?.current_count ?? 0));
  return { periodKey: key, count, target: quest.target, completed: !!row?.completed, fraction: quest.target ? count / quest.target : 0 };
}
