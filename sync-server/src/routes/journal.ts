import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { clearEntry, getEntry, listEntries, writeEntry } from '../services/journal-service.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date');
const dateParam = z.strictObject({ date: day });
const listQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const entryBody = z
  .strictObject({
    content: z.string().max(50_000).optional(),
    mood: z.number().int().min(1).max(5).nullable().optional(),
  })
  .refine((b) => b.content !== undefined || b.mood !== undefined, 'send content or mood');

/** `/api/learn/journal`: one entry per day (markdown content, mood 1–5), keyed by its date. */
export const journalRoutes = new Hono<AppEnv>()
  // Who is asking comes before what was asked: an anonymous caller gets 401, not a validation error.
  .use(async (c, next) => {
    requireActiveUser(c);
    await next();
  })
  .get('/', validate('query', listQuery), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ entries: await listEntries(c.var.deps.db, user.id, c.req.valid('query')) });
  })
  .get('/:date', validate('param', dateParam), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ entry: await getEntry(c.var.deps.db, user.id, c.req.valid('param').date) });
  })
  .put('/:date', validate('param', dateParam), validate('json', entryBody), async (c) => {
    const user = requireActiveUser(c);
    const res = await writeEntry(c.var.deps, user, c.req.valid('param').date, c.req.valid('json'));
    return c.json(res, res.created ? 201 : 200);
  })
  .delete('/:date', validate('param', dateParam), async (c) => {
    const user = requireActiveUser(c);
    await clearEntry(c.var.deps, user, c.req.valid('param').date);
    return c.body(null, 204);
  });
