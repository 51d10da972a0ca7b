import { Hono } from 'hono';
import { z } from 'zod';
import { clockOf, type AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { archiveQuest, createQuest, listQuests, questBody, questPatch, updateQuest } from '../services/quest-service.ts';

const idParam = z.object({ id: rowId });

/** `/api/quests`: universal quests and the user's own, with progress; personal quests are created, edited and archived. */
export const questsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const user = requireActiveUser(c);
    return c.json({ quests: await listQuests(c.var.deps.db, user, clockOf(c.var.deps)) });
  })
  .post('/', validate('json', questBody), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ quest: await createQuest(c.var.deps, user.id, c.req.valid('json')) }, 201);
  })
  .put('/:id', validate('param', idParam), validate('json', questPatch), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ quest: await updateQuest(c.var.deps, user.id, c.req.valid('param').id, c.req.valid('json')) });
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    await archiveQuest(c.var.deps, user.id, c.req.valid('param').id);
    return c.json({ archived: true });
  });
