import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isErrorCode, type ErrorCode } from '@ignition/shared/errors.ts';

/** An expected failure: becomes `{ error: { code, message, details? } }` with its status. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

/**
 * A refusal's code as the push path reports it (typed `string` there) turned into the closed union.
 * Every code it can hold is in ERROR_CODES (`shared-schema/src/errors.test.ts` scans the sources),
 * so the fallback is only a guard.
 */
export const refusalCode = (code: string): ErrorCode => (isErrorCode(code) ? code : 'bad_request');

export const notFound = (what = 'Not found') => new ApiError(404, 'not_found', what);
export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, details);

export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown) {
  return c.json({ error: details === undefined ? { code, message } : { code, message, details } }, status);
}

/** The single onError: expected failures keep their status; anything else is logged and is a 500. */
export function onError(err: Error, c: Context) {
  if (err instanceof ApiError) return errorResponse(c, err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'bad_request';
    return errorResponse(c, status, code, err.message || 'Request failed');
  }
  if (err instanceof SyntaxError) return errorResponse(c, 400, 'invalid_json', 'The request body is not valid JSON');
  console.error(`[error] ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
  return errorResponse(c, 500, 'internal_error', 'Something went wrong on the server');
}
