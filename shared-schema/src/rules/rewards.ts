import { ECONOMY_LIMITS } from './economy-limits.ts';
import { MAX_SHIELDS } from './streaks.ts';
import { recipeCompleteReward } from './recipes.ts';
import { taskReward, type TaskRewardInput } from './tasks.ts';

/** Rewards per event (GAME-RULES.md). The server calls these with its own facts; the client for its optimistic guess. */
import { FOCUS_MIN_REWARDED_SECONDS } from './focus.ts';
export type RejectionCode =
  | 'focus_too_short'
  | 'focus_too_long'
  | 'focus_overlap'
  | 'not_completed'
  | 'break_not_rewarded'
  | 'daily_cap_reached'
  | 'no_working_sets'
  | 'already_rewarded'
  | 'pages_exceed_book'
  | 'invalid_pages'
  | 'insufficient_coins'
  | 'period_target_reached'
  | 'session_cap_reached'
  | 'invalid_reward'
  | 'shield_cap'
  | 'too_old';

export type Reward = { xp: number; coins: number; skill: string | null };
export type RewardResult = Reward | { rejected: RejectionCode; message: string };

export type RewardInput =
  | { type: 'focus_complete'; mode: string; status: string; focusedSeconds: number; plannedSeconds: number; rewardedToday: number }
  | { type: 'workout_complete'; workingSets: number; completed?: boolean }
  | { type: 'personal_record'; prsThisSession: number }
  | {
      type: 'habit_complete';
      habit: { xp_reward?: number | null; coin_reward?: number | null; skill_id?: string | null };
      countInPeriodBefore: number;
      count: number;
      target_count: number;
      streakBefore: number;
      streakAfter: number;
    }
  | { type: 'lesson_complete'; xp_reward?: number | null; alreadyCompleted: boolean }
  | { type: 'review_complete'; cardsReviewed: number; xpToday: number }
  | { type: 'reading_session'; pages: number; currentPage: number; totalPages: number | null }
  | { type: 'journal_entry'; alreadyToday: boolean }
  | { type: 'goal_milestone'; alreadyRewarded: boolean; skill?: string | null }
  | { type: 'goal_complete'; alreadyRewarded: boolean; skill?: string | null }
  | { type: 'planner_complete'; rewardedToday: number }
  | { type: 'recipe_complete'; steps: number; rewardedToday: number }
  | ({ type: 'task_complete' } & TaskRewardInput)
  | { type: 'quest_complete'; xp_reward: number; coin_reward: number; skill_id?: string | null; personal: boolean }
  | {
      type: 'reward_purchase';
      balance: number;
      cost: number;
      /** the reward's kind, honoured only for a global (admin) reward: a personal one is a plain reward */
      kind?: string | null;
      global?: boolean;
      /** streak shields held at the purchase */
      shieldsHeld?: number;
    };

export const FOCUS_DAILY_CAP = 16;
export const REVIEW_DAILY_XP_CAP = 200;
export const PLANNER_DAILY_CAP = 10;
export const PR_REWARDS_PER_SESSION = 3;
export const HABIT_STREAK_MILESTONES = [7, 14, 30, 60, 100, 365];
/** The largest target per period and reward per completion a habit may have. */
export const HABIT_LIMITS = ECONOMY_LIMITS.habit;

const no = (rejected: RejectionCode, message: string): RewardResult => ({ rejected, message });
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function computeReward(input: RewardInput): RewardResult {
  switch (input.type) {
    case 'focus_complete': {
      if (input.mode !== 'focus') return no('break_not_rewarded', 'Breaks do not earn XP');
      if (input.status !== 'completed') return no('not_completed', 'The focus session is not completed');
      if (input.focusedSeconds < FOCUS_MIN_REWARDED_SECONDS) return no('focus_too_short', 'A focus session must last at least 5 minutes');
      if (input.focusedSeconds > input.plannedSeconds + 5 * 60) return no('focus_too_long', 'The focus session ran longer than planned plus 5 minutes');
      if (input.rewardedToday >= FOCUS_DAILY_CAP) return no('daily_cap_reached', `At most ${FOCUS_DAILY_CAP} focus sessions are rewarded per day`);
      const xp = clamp(Math.floor(input.focusedSeconds / 60), 5, 60);
      return { xp, coins: Math.floor(xp / 2.5), skill: 'knowledge' };
    }
    case 'workout_complete': {
      if (input.completed === false) return no('not_completed', 'The workout is not finished');
      if (input.workingSets < 1) return no('no_working_sets', 'Log at least one working set');
      const xp = Math.min(100, 20 + 2 * input.workingSets);
      return { xp, coins: Math.floor(xp / 2), skill: 'guts' };
    }
    case 'personal_record':
      if (input.prsThisSession >= PR_REWARDS_PER_SESSION) return no('session_cap_reached', `At most ${PR_REWARDS_PER_SESSION} records are rewarded per workout`);
      return { xp: 10, coins: 5, skill: 'guts' };
    case 'habit_complete': {
      // A habit's own figures are the person's to set, within the limits the forms and routes allow
      // (a row pushed through sync is held to them here).
      const target = clamp(Math.floor(Number(input.target_count) || 1), 1, HABIT_LIMITS.target_count);
      if (input.countInPeriodBefore >= target) return no('period_target_reached', 'This habit already met its target for the period');
      const bonus = HABIT_STREAK_MILESTONES.filter((m) => input.streakBefore < m && input.streakAfter >= m).reduce((a, m) => a + m, 0);
      const own = (v: number | null | undefined, fallback: number, max: number) => clamp(Math.floor(Number(v ?? fallback) || 0), 0, max);
      return { xp: own(input.habit.xp_reward, 10, HABIT_LIMITS.xp_reward) + bonus, coins: own(input.habit.coin_reward, 5, HABIT_LIMITS.coin_reward), skill: input.habit.skill_id ?? 'proficiency' };
    }
    case 'lesson_complete':
      if (input.alreadyCompleted) return no('already_rewarded', 'This lesson was already completed');
      return { xp: input.xp_reward ?? 30, coins: 15, skill: 'knowledge' };
    case 'review_complete': {
      if (input.cardsReviewed < 1) return no('not_completed', 'No cards were reviewed');
      const room = REVIEW_DAILY_XP_CAP - input.xpToday;
      if (room <= 0) return no('daily_cap_reached', `Reviews earn at most ${REVIEW_DAILY_XP_CAP} XP per day`);
      const xp = Math.min(50, input.cardsReviewed, room);
      return { xp, coins: Math.floor(xp / 3), skill: 'knowledge' };
    }
    case 'reading_session': {
      if (input.pages < 1) return no('invalid_pages', 'Log at least one page');
      if (input.totalPages != null && input.currentPage > input.totalPages) return no('pages_exceed_book', 'More pages than the book has');
      const xp = clamp(Math.floor(input.pages / 5), 1, 50);
      return { xp, coins: Math.floor(input.pages / 10), skill: 'knowledge' };
    }
    case 'journal_entry':
      if (input.alreadyToday) return no('already_rewarded', 'One journal entry is rewarded per day');
      return { xp: 10, coins: 5, skill: 'charm' };
    case 'goal_milestone':
      if (input.alreadyRewarded) return no('already_rewarded', 'This milestone was already rewarded');
      return { xp: 40, coins: 20, skill: input.skill ?? 'proficiency' };
    case 'goal_complete':
      if (input.alreadyRewarded) return no('already_rewarded', 'This goal was already rewarded');
      return { xp: 100, coins: 50, skill: input.skill ?? 'proficiency' };
    case 'planner_complete':
      if (input.rewardedToday >= PLANNER_DAILY_CAP) return no('daily_cap_reached', `At most ${PLANNER_DAILY_CAP} planner events are rewarded per day`);
      return { xp: 15, coins: 5, skill: 'proficiency' };
    case 'recipe_complete':
      // docs/recipes.md: 10 XP / 4 coins, proficiency; a recipe with steps; at most 3 a day
      return recipeCompleteReward(input);
    case 'task_complete':
      return taskReward(input);
    case 'quest_complete': {
      // A personal quest pays at most what POST /api/quests allows, whatever its row says.
      const cap = input.personal ? ECONOMY_LIMITS.personalQuest : { xp_reward: Infinity, coin_reward: Infinity };
      const own = (v: number, max: number) => clamp(Math.floor(Number(v) || 0), 0, max);
      return { xp: own(input.xp_reward, cap.xp_reward), coins: own(input.coin_reward, cap.coin_reward), skill: input.skill_id ?? null };
    }
    case 'reward_purchase': {
      const { min, max } = ECONOMY_LIMITS.rewardCost;
      // A purchase never adds coins: a cost that is not a whole number of coins ≥ 1 is not a price.
      if (!Number.isInteger(input.cost) || input.cost < min || input.cost > max) return no('invalid_reward', `This reward has no valid price (a whole number of coins from ${min})`);
      if (rewardKind(input) === 'streak_shield' && (input.shieldsHeld ?? 0) >= MAX_SHIELDS) return no('shield_cap', `You already hold ${MAX_SHIELDS} streak shields, the most you can hold`);
      if (input.balance < input.cost) return no('insufficient_coins', `Not enough coins: it costs ${input.cost}, the balance is ${input.balance}`);
      return { xp: 0, coins: -input.cost, skill: null };
    }
  }
}

/** What a purchase buys: only a global (admin) reward can be a streak shield; a personal one is a plain reward. */
export function rewardKind(r: { kind?: string | null; global?: boolean }): 'reward' | 'streak_shield' {
  return r.global && r.kind === 'streak_shield' ? 'streak_shield' : 'reward';
}
