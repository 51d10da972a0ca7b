/** The one place that turns server error codes into words a person understands. */
const WORDS: Record<string, string> = {
  insufficient_coins: 'Not enough coins',
  already_rewarded: 'Already rewarded',
  daily_cap_reached: 'Daily limit reached',
  focus_too_short: 'Focus session was shorter than 5 minutes',
  focus_too_long: 'Focus session ran longer than planned',
  focus_overlap: 'Overlaps another focus session that was already counted',
  break_not_rewarded: 'Breaks do not earn XP',
  not_completed: 'Not completed yet',
  no_working_sets: 'No working sets were logged',
  pages_exceed_book: 'More pages than the book has',
  period_target_reached: 'Already done for this period',
  unknown_entity: 'Something it refers to was not found',
  unknown_event_type: 'This app version sent something the server does not know',
  forbidden: 'That belongs to someone else',
  approval_pending: 'Your account is waiting for approval',
  approval_denied: 'Your account was not approved',
  tos_required: 'Please accept the updated terms to sync',
  client_outdated: 'This version of the app is out of date — reload to update',
  unauthorized: 'Sign in to sync',
  rate_limited: 'Too many attempts — wait a moment',
  under_minimum_age: 'Accounts are for people aged 16 or older',
  tos_version_mismatch: 'The terms changed again — reload and accept the newest version',
  csrf_rejected: 'Refused: the request came from another site',
  network: 'You are offline',
  shield_cap: 'You already hold 3 streak shields, the most you can hold',
  invalid_reward: 'This reward has no valid price',
  too_old: 'Dated too long ago to count',
  invalid_field: 'A value is outside what the app allows',
  unknown_field: 'This app version sent a field the server does not know',
  invalid_row: 'Something is missing or does not fit',
  unknown_reference: 'Something it refers to was not found',
  server_only: 'Only the server can record this',
};

export function errorWords(code: string, fallback?: string): string {
  return WORDS[code] ?? fallback ?? 'Something went wrong';
}

const EVENT_NAMES: Record<string, string> = {
  focus_complete: 'Focus session',
  workout_complete: 'Workout',
  personal_record: 'Personal record',
  habit_complete: 'Habit',
  lesson_complete: 'Lesson',
  review_complete: 'Flashcard review',
  reading_session: 'Reading session',
  journal_entry: 'Journal entry',
  goal_milestone: 'Milestone',
  goal_complete: 'Goal',
  planner_complete: 'Planner event',
  quest_complete: 'Quest',
  reward_purchase: 'Purchase',
  reward_redeem: 'Redemption',
};

export function eventName(type: string): string {
  return EVENT_NAMES[type] ?? type.replace(/_/g, ' ');
}

/**
 * What to tell the person about events the server refused in one sync: each on its own when
 * there are a few, or one line of counts by reason when there are many (a month offline can
 * bring dozens, and a stack of dozens of notices helps no one).
 */
export function rejectionNotices(rejected: Array<{ code: string; message: string; event_type?: string }>, atMost = 3): { lines: string[]; summary: boolean } {
  if (rejected.length <= atMost) return { lines: rejected.map((r) => `${eventName(r.event_type ?? '')}: ${errorWords(r.code, r.message)} — ${r.message}`), summary: false };
  const byReason = new Map<string, number>();
  for (const r of rejected) {
    const words = errorWords(r.code, r.message);
    byReason.set(words, (byReason.get(words) ?? 0) + 1);
  }
  const reasons = [...byReason].sort((a, b) => b[1] - a[1]).map(([words, n]) => `${n} × ${words}`);
  return { lines: [`${rejected.length} items were not counted: ${reasons.join(', ')}`], summary: true };
}
