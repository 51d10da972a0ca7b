import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { INFOBASE_LIMITS, titleProblem } from '@ignition/shared/rules/infobase.ts';
import { createEntry, decodeCursor, deleteEntry, getEntry, listEntries, updateEntry } from '../services/infobase-service.ts';

const L = INFOBASE_LIMITS;
const title = z
  .string()
  .trim()
  .min(1, 'an entry needs a title')
  .max(L.title)
  .refine((t) => titleProblem(t) === null, 'a title cannot hold [ ] | or a line break (they would break [[links]])');
const entryFields = {
  title,
  content: z.string().max(L.content).nullish(),
  category: z.string().trim().max(L.category).nullish(),
  tags: z.array(z.string().trim().min(1, 'a tag cannot be empty').max(L.tag)).max(L.tags).optional(),
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
};
const newEntry = z.strictObject({ id: rowId.optional(), ...entryFields });
const entryPatch = z.strictObject({ ...entryFields, title: title.optional() }).refine((b) => Object.keys(b).length > 0, 'send at least one field');
const idParam = z.strictObject({ id: rowId });
const listQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().min(1).max(L.tag).optional(),
  category: z.string().trim().min(1).max(L.category).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .max(200)
    .refine((text) => decodeCursor(text) !== null, 'must be the nextCursor of an earlier page')
    .transform((text) => decodeCursor(text)!)
    .optional(),
});

/** `/api/infobase`: the personal knowledge base for scripts. Writes go through the sync push like the app's; nothing here pays. */
export const infobaseRoutes = new Hono<AppEnv>()
  // Who is asking comes before what was asked: an anonymous caller gets 401, not a validation error.
  .use(async (c, next) => {
    requireActiveUser(c);
    await next();
  })
  .get('/', validate('query', listQuery), async (c) => {
    const user = requireActiveUser(c);
    return c.json(await listEntries(c.var.deps.db, user.id, c.req.valid('query')));
  })
  .post('/', validate('json', newEntry), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ entry: await createEntry(c.var.deps, user, c.req.valid('json')) }, 201);
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    return c.json(await getEntry(c.var.deps.db, user.id, c.req.valid('param').id));
  })
  .patch('/:id', validate('param', idParam), validate('json', entryPatch), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ entry: await updateEntry(c.var.deps, user, c.req.valid('param').id, c.req.valid('json')) });
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    await deleteEntry(c.var.deps, user, c.req.valid('param').id);
    return c.body(null, 204);
  });
