import type { ErrorCode } from '@ignition/shared/errors.ts';

/** Codes the client makes itself, for failures that never reached the server's answer. */
export type ClientErrorCode = 'network' | 'bad_response' | 'http_error';

/**
 * The one place that turns server error codes into words a person understands. It is keyed by the
 * closed union of server codes, so a code added to ERROR_CODES without words fails the type check.
 */
const WORDS: Record<ErrorCode | ClientErrorCode, string> = {
  // Any request
  bad_request: 'The app sent something the server could not use',
  validation_failed: 'Something is missing or does not fit',
  invalid_json: 'The app sent something the server could not read',
  payload_too_large: 'Too much at once — try a smaller file or fewer items',
  unauthorized: 'Sign in to sync',
  forbidden: 'That belongs to someone else',
  not_found: 'It no longer exists',
  conflict: 'It changed somewhere else — try again',
  rate_limited: 'Too many attempts — wait a moment',
  csrf_rejected: 'Refused: the request came from another site',
  internal_error: 'Something went wrong on the server',
  // Account and sign-in
  approval_pending: 'Your account is waiting for approval',
  approval_denied: 'Your account was not approved',
  tos_required: 'Please accept the updated terms to sync',
  tos_version_mismatch: 'The terms changed again — reload and accept the newest version',
  under_minimum_age: 'Accounts are for people aged 16 or older',
  provider_unavailable: 'That sign-in option is not set up on this server',
  no_email: 'Your sign-in provider did not share an email address',
  email_unverified: 'That email address is not verified by this sign-in provider',
  invalid_id_token: 'The sign-in provider’s answer could not be verified',
  // Sync
  client_outdated: 'This version of the app is out of date — reload to update',
  push_too_large: 'Too much to send at once',
  // Refused events
  focus_too_short: 'Focus session was shorter than 5 minutes',
  focus_too_long: 'Focus session ran longer than planned',
  focus_overlap: 'Overlaps another focus session that was already counted',
  not_completed: 'Not completed yet',
  break_not_rewarded: 'Breaks do not earn XP',
  daily_cap_reached: 'Daily limit reached',
  no_working_sets: 'No working sets were logged',
  already_rewarded: 'Already rewarded',
  pages_exceed_book: 'More pages than the book has',
  invalid_pages: 'The page numbers do not add up',
  insufficient_coins: 'Not enough coins',
  period_target_reached: 'Already done for this period',
  session_cap_reached: 'The most this session can earn',
  invalid_reward: 'This reward has no valid price',
  shield_cap: 'You already hold 3 streak shields, the most you can hold',
  too_old: 'Dated too long ago to count',
  unknown_entity: 'Something it refers to was not found',
  unknown_event_type: 'This app version sent something the server does not know',
  server_only: 'Only the server can record this',
  // Refused row changes
  invalid_field: 'A value is outside what the app allows',
  unknown_field: 'This app version sent a field the server does not know',
  invalid_row: 'Something is missing or does not fit',
  unknown_reference: 'Something it refers to was not found',
  read_only_table: 'Only the server can change this',
  unknown_table: 'This app version sent something the server does not know',
  // REST routes
  already_paused: 'Already paused',
  not_paused: 'Not paused',
  not_active: 'This session has already ended',
  already_redeemed: 'Already redeemed',
  archived: 'This is archived — restore it first',
  future_date: 'That date has not come yet',
  book_closed: 'This book is finished or put down',
  empty_entry: 'Write something or give a mood',
  invalid_start: 'The start time is not valid',
  invalid_event: 'This event has no valid start time',
  not_an_occurrence: 'That date is not one of this event’s occurrences',
  unknown_workout: 'That workout no longer exists',
  // Admin
  already_exists: 'That already exists',
  cannot_deny_self: 'You cannot deny or demote yourself',
  last_admin: 'There must be at least one admin',
  in_use: 'Still in use — deactivate it instead',
  invalid_backup: 'This is not a backup the server can read',
  backup_too_new: 'This backup comes from a newer version of the server',
  // Made by the client
  network: 'You are offline',
  bad_response: 'The server gave an answer the app could not read',
  http_error: 'The server could not answer',
};

export function errorWords(code: string, fallback?: string): string {
  return (Object.hasOwn(WORDS, code) ? WORDS[code as ErrorCode] : undefined) ?? fallback ?? 'Something went wrong';
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
  recipe_complete: 'Recipe',
  task_complete: 'Task',
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
