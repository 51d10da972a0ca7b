/**
 * Shared content every install starts with (GAME-RULES.md): the universal quests and the global
 * rewards. The server seeds them into its database; the client puts the same rows (same ids)
 * into IndexedDB on a fresh install, so quests and the market work before any account or sync,
 * and a later pull simply overwrites them.
 */
export interface SharedQuest {
  id: string;
  title: string;
  description: string;
  type: 'daily' | 'weekly' | 'one_time';
  event_type: string;
  target: number;
  xp_reward: number;
  coin_reward: number;
  skill_id: string;
}

export interface SharedReward {
  id: string;
  name: string;
  cost: number;
  description: string;
  kind?: string;
}

export const UNIVERSAL_QUESTS: SharedQuest[] = [
  { id: 'q_deep_focus', title: 'Deep Focus', description: 'Complete 2 focus sessions today.', type: 'daily', event_type: 'focus_complete', target: 2, xp_reward: 50, coin_reward: 25, skill_id: 'knowledge' },
  { id: 'q_stay_active', title: 'Stay Active', description: 'Finish a workout today.', type: 'daily', event_type: 'workout_complete', target: 1, xp_reward: 30, coin_reward: 15, skill_id: 'guts' },
  { id: 'q_plan_ahead', title: 'Plan Ahead', description: 'Complete 3 planned events today.', type: 'daily', event_type: 'planner_complete', target: 3, xp_reward: 20, coin_reward: 10, skill_id: 'proficiency' },
  { id: 'q_focus_master', title: 'Focus Master', description: 'Complete 10 focus sessions this week.', type: 'weekly', event_type: 'focus_complete', target: 10, xp_reward: 200, coin_reward: 100, skill_id: 'knowledge' },
  { id: 'q_consistency', title: 'Consistency', description: 'Be active on 5 different days this week.', type: 'weekly', event_type: 'active_day', target: 5, xp_reward: 150, coin_reward: 75, skill_id: 'proficiency' },
];

export const GLOBAL_REWARDS: SharedReward[] = [
  { id: 'r_order_takeout', name: 'Order Takeout', cost: 100, description: 'Skip cooking tonight.' },
  { id: 'r_fancy_coffee', name: 'Fancy Coffee', cost: 50, description: 'The good one, with the foam.' },
  { id: 'r_snack_run', name: 'Snack Run', cost: 30, description: 'A treat from the shop.' },
  { id: 'r_movie_night', name: 'Movie Night', cost: 75, description: 'A film, guilt free.' },
  { id: 'r_gaming_session', name: 'Gaming Session', cost: 60, description: 'An hour of games.' },
  { id: 'r_sleep_in', name: 'Sleep In', cost: 80, description: 'No alarm tomorrow.' },
  { id: 'r_spa_time', name: 'Spa Time', cost: 40, description: 'A long bath or a massage.' },
  { id: 'r_power_nap', name: 'Power Nap', cost: 25, description: 'Twenty guilt-free minutes.' },
  { id: 'r_streak_shield', name: 'Streak Shield', cost: 150, description: 'Protects your daily streak for one missed day (hold up to 3).', kind: 'streak_shield' },
];

/** The reward kind whose purchase adds a streak shield. */
export const STREAK_SHIELD_KIND = 'streak_shield';
