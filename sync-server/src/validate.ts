import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { errorResponse } from './errors.ts';
import { localDateString } from '@ignition/shared/sync/protocol.ts';

/** YYYY-MM-DD naming a day that exists: a month 13, a 30 February or 0000-00-00 is a 422, never stored or a 500 in date maths. */
export const realDate = localDateString.refine(
  (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  'must be a real date',
);

/**
 * zod validation with the one error shape: 422 with the issues, never a 500. Parsing is
 * synchronous (no schema here refines asynchronously): zod compiles object schemas to a fast
 * path only for synchronous parses, and a push's thousand changes and events were a sixth of its
 * time through the asynchronous one.
 */
export const validate = <T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  zValidator(
    target,
    schema,
    (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
        const first = issues[0];
        return errorResponse(
          c,
          422,
          'validation_failed',
          first ? `Invalid ${target}${first.path ? ` field "${first.path}"` : ''}: ${first.message}` : `Invalid ${target}`,
          issues,
        );
      }
    },
    // The cast: @hono/zod-validator types the result with its own copy of zod's types.
    { validationFunction: (s, value) => s.safeParse(value) as never },
  );
