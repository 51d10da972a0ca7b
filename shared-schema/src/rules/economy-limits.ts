/**
 * The limits on what a person's own rows may make the economy pay (GAME-RULES.md). The row
 * contracts refuse a change that breaks them, and the payout rules apply them again when they
 * pay, so a row stored before a limit existed cannot keep paying.
 */
export const ECONOMY_LIMITS = {
  /** what POST /api/quests allows; universal (admin) quests are the admin's to set */
  personalQuest: { xp_reward: 100, coin_reward: 50, target: 100 },
  habit: { target_count: 100, xp_reward: 100, coin_reward: 50 },
  rewardCost: { min: 1, max: 1_000_000 },
} as const;

/** The events a device records and pushes (GAME-RULES.md); quest_complete and personal_record are the server's. */
export const CLIENT_EVENT_TYPES = [
  'focus_complete',
  'workout_complete',
  'habit_complete',
  'lesson_complete',
  'review_complete',
  'reading_session',
  'journal_entry',
  'goal_milestone',
  'goal_complete',
  'planner_complete',
  'recipe_complete',
  'task_complete',
  'reward_purchase',
  'reward_redeem',
] as const;

/** The event types a quest may count: the rewarded ones a device records, records set, and "active on N days". */
export const QUEST_EVENT_TYPES = [...CLIENT_EVENT_TYPES.filter((t) => t !== 'reward_purchase' && t !== 'reward_redeem'), 'personal_record', 'active_day'] as unknown as readonly [string, ...string[]];

/** No event is paid on a day before this. */
export const EVENT_DATE_FLOOR = '2000-01-01';
/**
 * How long before an account was created its events may be dated: the app works with no
 * account, and someone may use it locally for a long time before signing in. Two years is
 * far past any real local-only stretch and still stops a clock set decades back.
 */
export const PRE_ACCOUNT_DAYS = 730;

/** The earliest time an event of an account created at `accountCreated` may be dated (ms). */
export function earliestEventMs(accountCreated: string | null | undefined): number {
  const floor = Date.parse(`${EVENT_DATE_FLOOR}T00:00:00.000Z`);
  const created = accountCreated ? Date.parse(accountCreated) : NaN;
  return Number.isFinite(created) ? Math.max(floor, created - PRE_ACCOUNT_DAYS * 86_400_000) : floor;
}
