import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { buy, listMarket, marketAction, redeem } from '../services/market-service.ts';

/** `/api/market`: rewards (global and personal) and purchases; POST buys or redeems. */
export const marketRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const user = requireActiveUser(c);
    return c.json(await listMarket(c.var.deps.db, user.id));
  })
  .post('/', validate('json', marketAction), async (c) => {
    const user = requireActiveUser(c);
    const body = c.req.valid('json');
    if (body.action === 'buy') return c.json(await buy(c.var.deps, user, body.reward_id), 201);
    return c.json(await redeem(c.var.deps, user, body.purchase_id));
  });
