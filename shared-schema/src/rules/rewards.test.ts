import { describe, expect, it } from 'vitest';
import { computeReward, type RewardInput } from './rewards.ts';

const focus = (over: Partial<Extract<RewardInput, { type: 'focus_complete' }>> = {}): RewardInput => ({
  type: 'focus_complete',
  mode: 'focus',
  status: 'completed',
  focusedSeconds: 25 * 60,
  plannedSeconds: 25 * 60,
  rewardedToday: 0,
  ...over,
});
const habit = (over: Partial<Extract<RewardInput, { type: 'habit_complete' }>> = {}): RewardInput => ({
  type: 'habit_complete',
  habit: {},
  countInPeriodBefore: 0,
  count: 1,
  target_count: 1,
  streakBefore: 0,
  streakAfter: 1,
  ...over,
});

describe('rewards per event (GAME-RULES.md)', () => {
  it.each<[string, RewardInput, { xp: number; coins: number; skill: string | null } | string]>([
    ['a 25-minute focus session', focus(), { xp: 25, coins: 10, skill: 'knowledge' }],
    ['exactly 5 minutes of focus', focus({ focusedSeconds: 300, plannedSeconds: 300 }), { xp: 5, coins: 2, skill: 'knowledge' }],
    ['4:59 of focus', focus({ focusedSeconds: 299 }), 'focus_too_short'],
    ['90 minutes of focus is capped at 60 XP', focus({ focusedSeconds: 5400, plannedSeconds: 5400 }), { xp: 60, coins: 24, skill: 'knowledge' }],
    ['focus longer than planned + 5 min', focus({ focusedSeconds: 25 * 60 + 301 }), 'focus_too_long'],
    ['focus exactly planned + 5 min', focus({ focusedSeconds: 30 * 60 }), { xp: 30, coins: 12, skill: 'knowledge' }],
    ['a break', focus({ mode: 'short_break' }), 'break_not_rewarded'],
    ['an abandoned session', focus({ status: 'abandoned' }), 'not_completed'],
    ['the 16th focus session of a day', focus({ rewardedToday: 15 }), { xp: 25, coins: 10, skill: 'knowledge' }],
    ['the 17th focus session of a day', focus({ rewardedToday: 16 }), 'daily_cap_reached'],
    ['a workout with 10 working sets', { type: 'workout_complete', workingSets: 10 }, { xp: 40, coins: 20, skill: 'guts' }],
    ['a workout with 50 working sets is capped', { type: 'workout_complete', workingSets: 50 }, { xp: 100, coins: 50, skill: 'guts' }],
    ['a workout with only warm-ups', { type: 'workout_complete', workingSets: 0 }, 'no_working_sets'],
    ['the first PR of a session', { type: 'personal_record', prsThisSession: 0 }, { xp: 10, coins: 5, skill: 'guts' }],
    ['the fourth PR of a session', { type: 'personal_record', prsThisSession: 3 }, 'session_cap_reached'],
    ['a habit with defaults', habit(), { xp: 10, coins: 5, skill: 'proficiency' }],
    ['a habit with its own reward', habit({ habit: { xp_reward: 20, coin_reward: 8, skill_id: 'kindness' } }), { xp: 20, coins: 8, skill: 'kindness' }],
    ['a habit already at its target', habit({ countInPeriodBefore: 1 }), 'period_target_reached'],
    ['a habit asking more than the limits is paid at them', habit({ habit: { xp_reward: 5000, coin_reward: 900, skill_id: 'guts' } }), { xp: 100, coins: 50, skill: 'guts' }],
    ['a habit with a target over 100 stops at 100 a period', habit({ target_count: 1_000_000, countInPeriodBefore: 100 }), 'period_target_reached'],
    ['a habit with a negative reward pays nothing', habit({ habit: { xp_reward: -50, coin_reward: -5 } }), { xp: 0, coins: 0, skill: 'proficiency' }],
    ['a habit streak reaching 7', habit({ streakBefore: 6, streakAfter: 7 }), { xp: 17, coins: 5, skill: 'proficiency' }],
    ['a habit streak staying at 7', habit({ streakBefore: 7, streakAfter: 7 }), { xp: 10, coins: 5, skill: 'proficiency' }],
    ['a lesson', { type: 'lesson_complete', xp_reward: null, alreadyCompleted: false }, { xp: 30, coins: 15, skill: 'knowledge' }],
    ['a lesson done twice', { type: 'lesson_complete', xp_reward: 30, alreadyCompleted: true }, 'already_rewarded'],
    ['a review of 20 cards', { type: 'review_complete', cardsReviewed: 20, xpToday: 0 }, { xp: 20, coins: 6, skill: 'knowledge' }],
    ['a review of 80 cards is capped at 50', { type: 'review_complete', cardsReviewed: 80, xpToday: 0 }, { xp: 50, coins: 16, skill: 'knowledge' }],
    ['a review near the daily cap', { type: 'review_complete', cardsReviewed: 30, xpToday: 190 }, { xp: 10, coins: 3, skill: 'knowledge' }],
    ['a review past the daily cap', { type: 'review_complete', cardsReviewed: 30, xpToday: 200 }, 'daily_cap_reached'],
    ['reading 42 pages', { type: 'reading_session', pages: 42, currentPage: 100, totalPages: 300 }, { xp: 8, coins: 4, skill: 'knowledge' }],
    ['reading 3 pages still earns 1 XP', { type: 'reading_session', pages: 3, currentPage: 3, totalPages: 300 }, { xp: 1, coins: 0, skill: 'knowledge' }],
    ['reading 400 pages is capped', { type: 'reading_session', pages: 400, currentPage: 400, totalPages: 500 }, { xp: 50, coins: 40, skill: 'knowledge' }],
    ['reading past the last page', { type: 'reading_session', pages: 10, currentPage: 310, totalPages: 300 }, 'pages_exceed_book'],
    ['a journal entry', { type: 'journal_entry', alreadyToday: false }, { xp: 10, coins: 5, skill: 'charm' }],
    ['a second journal entry on a day', { type: 'journal_entry', alreadyToday: true }, 'already_rewarded'],
    ['a milestone', { type: 'goal_milestone', alreadyRewarded: false, skill: 'kindness' }, { xp: 40, coins: 20, skill: 'kindness' }],
    ['a goal', { type: 'goal_complete', alreadyRewarded: false }, { xp: 100, coins: 50, skill: 'proficiency' }],
    ['a planner event', { type: 'planner_complete', rewardedToday: 9 }, { xp: 15, coins: 5, skill: 'proficiency' }],
    ['the 11th planner event of a day', { type: 'planner_complete', rewardedToday: 10 }, 'daily_cap_reached'],
    ['a completed task', { type: 'task_complete', completed: true, alreadyRewarded: false, rewardedToday: 0 }, { xp: 5, coins: 2, skill: 'proficiency' }],
    ['a task completed twice', { type: 'task_complete', completed: true, alreadyRewarded: true, rewardedToday: 0 }, 'already_rewarded'],
    ['the 11th task of a day', { type: 'task_complete', completed: true, alreadyRewarded: false, rewardedToday: 10 }, 'daily_cap_reached'],
    ['a purchase the balance covers', { type: 'reward_purchase', balance: 75, cost: 75 }, { xp: 0, coins: -75, skill: null }],
    ['a purchase one coin short', { type: 'reward_purchase', balance: 74, cost: 75 }, 'insufficient_coins'],
  ])('%s', (_name, input, expected) => {
    const r = computeReward(input);
    if (typeof expected === 'string') expect(r).toMatchObject({ rejected: expected });
    else expect(r).toEqual(expected);
  });
});
