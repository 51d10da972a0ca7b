import { Hono } from 'hono';
import { clockOf, type AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { postProgressBody, readProgress, recordEvents } from '../services/progress-service.ts';

/** `/api/progress`: the authoritative economy; POST records activity events through the sync reconciliation. */
export const progressRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const user = requireActiveUser(c);
    return c.json(await readProgress(c.var.deps.db, user, clockOf(c.var.deps)));
  })
  .post('/', validate('json', postProgressBody), async (c) => {
    const user = requireActiveUser(c);
    return c.json(await recordEvents(c.var.deps, user, c.req.valid('json').events));
  });
