import type { RejectionCode } from './rules/rewards.ts';

/**
 * Every code the server can answer with: the `code` of an error reply
 * (`{ error: { code, message, details? } }`), of a refused event (`rejected[]` of a push) and of a
 * refused row change (`changeErrors[]`). It is closed: the client's words
 * (`client/src/sync/error-words.ts`) are a `Record` over it, so a code added here without words
 * fails the type check, and `ApiError` takes only these. docs/api.md lists them.
 */
export const ERROR_CODES = [
  // Any request
  'bad_request',
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'csrf_rejected',
  'internal_error',
  // Account and sign-in
  'approval_pending',
  'approval_denied',
  'tos_required',
  'tos_version_mismatch',
  'under_minimum_age',
  'provider_unavailable',
  'no_email',
  'email_unverified',
  'invalid_id_token',
  // Sync
  'client_outdated',
  'push_too_large',
  // Refused events (push `rejected[]`; the economy's rules in rules/rewards.ts name most of them)
  'focus_too_short',
  'focus_too_long',
  'focus_overlap',
  'not_completed',
  'break_not_rewarded',
  'daily_cap_reached',
  'no_working_sets',
  'already_rewarded',
  'pages_exceed_book',
  'invalid_pages',
  'insufficient_coins',
  'period_target_reached',
  'session_cap_reached',
  'invalid_reward',
  'shield_cap',
  'too_old',
  'unknown_entity',
  'unknown_event_type',
  'server_only',
  // Refused row changes (push `changeErrors[]`, and REST writes, which are pushes too)
  'invalid_field',
  'unknown_field',
  'invalid_row',
  'unknown_reference',
  'read_only_table',
  'unknown_table',
  // REST routes
  'already_paused',
  'not_paused',
  'not_active',
  'already_redeemed',
  'archived',
  'future_date',
  'book_closed',
  'empty_entry',
  'invalid_start',
  'invalid_event',
  'not_an_occurrence',
  'unknown_workout',
  // Admin
  'already_exists',
  'cannot_deny_self',
  'last_admin',
  'in_use',
  'invalid_backup',
  'backup_too_new',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && KNOWN.has(code);

/** The economy's refusals are error codes too (a compile error here means one is missing above). */
export type RejectionCodesAreErrorCodes = RejectionCode extends ErrorCode ? true : never;
const rejectionCodesAreErrorCodes: RejectionCodesAreErrorCodes = true;
void rejectionCodesAreErrorCodes;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
