import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { pullQuerySchema, pushEventSchema, rowChangeSchema, PROTOCOL_VERSION } from '@ignition/shared/sync/protocol.ts';
import { pushForUser } from '../services/sync-push-service.ts';
import { pullJsonForUser } from '../services/sync-pull-service.ts';
import { ApiError } from '../errors.ts';

// The version is checked before the body's shape, so an old client always learns it is outdated.
const pushBody = z.strictObject({
  protocolVersion: z.number().int(),
  clientId: z.string().min(1).max(64),
  changes: z.array(rowChangeSchema),
  events: z.array(pushEventSchema),
});

export const syncRoutes = new Hono<AppEnv>()
  .post(
    '/push',
    async (c, next) => {
      const raw = await c.req.json().catch(() => {
        throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
      });
      const v = (raw as { protocolVersion?: unknown })?.protocolVersion;
      if (typeof v === 'number' && v !== PROTOCOL_VERSION)
        throw new ApiError(426, 'client_outdated', `This server speaks sync protocol ${PROTOCOL_VERSION}; please update the app`);
      await next();
    },
    validate('json', pushBody),
    async (c) => {
      const user = requireActiveUser(c);
      const body = c.req.valid('json');
      return c.json(await pushForUser(c.var.deps, user, body));
    },
  )
  .get('/pull', validate('query', pullQuerySchema), async (c) => {
    const user = requireActiveUser(c);
    const q = c.req.valid('query');
    // The page's JSON is written by SQLite and joined as text (sync-pull-service.ts).
    return c.body(await pullJsonForUser(c.var.deps.db, user.id, Number(q.cursor ?? 0), q.limit), 200, { 'content-type': 'application/json; charset=UTF-8' });
  });
