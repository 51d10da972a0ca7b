/** Every failure the API can name. One client module maps these to words a person understands. */
export const ERROR_CODES = [
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
  'client_outdated',
  'push_too_large',
  'approval_pending',
  'approval_denied',
  'tos_required',
  'age_verification_required',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}
