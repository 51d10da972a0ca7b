import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { recipeFields } from '../services/recipe-schema.ts';
import { completeRecipe, createRecipe, deleteRecipe, getRecipe, listRecipes, markRecipe, updateRecipe } from '../services/recipes-service.ts';

const idParam = z.strictObject({ id: rowId });
const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const listQuery = z.strictObject({
  category: z.string().trim().min(1).max(60).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  q: z.string().trim().max(200).optional(),
  favorites: flag.optional(),
  scope: z.enum(['all', 'global', 'mine']).optional(),
});
const newRecipe = z.strictObject({ id: rowId.optional(), ...recipeFields });
const recipePatch = z
  .strictObject(recipeFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
const markBody = z.strictObject({ favorite: z.boolean().optional(), saved: z.boolean().optional() }).refine((b) => b.favorite !== undefined || b.saved !== undefined, 'send favorite or saved');

/** `/api/learn/recipes`: global recipes (shipped and admin-made) and the person's own; writes go through the sync push. */
export const recipeRoutes = new Hono<AppEnv>()
  // Who is asking comes before what was asked: an anonymous caller gets 401, not a validation error.
  .use(async (c, next) => {
    requireActiveUser(c);
    await next();
  })
  .get('/', validate('query', listQuery), async (c) => c.json({ recipes: await listRecipes(c.var.deps, requireActiveUser(c), c.req.valid('query')) }))
  .post('/', validate('json', newRecipe), async (c) => c.json({ recipe: await createRecipe(c.var.deps, requireActiveUser(c), c.req.valid('json')) }, 201))
  .get('/:id', validate('param', idParam), async (c) => c.json({ recipe: await getRecipe(c.var.deps, requireActiveUser(c), c.req.valid('param').id) }))
  .patch('/:id', validate('param', idParam), validate('json', recipePatch), async (c) =>
    c.json({ recipe: await updateRecipe(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json')) }),
  )
  .delete('/:id', validate('param', idParam), async (c) => {
    await deleteRecipe(c.var.deps, requireActiveUser(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .put('/:id/mark', validate('param', idParam), validate('json', markBody), async (c) =>
    c.json({ recipe: await markRecipe(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json')) }),
  )
  .post('/:id/complete', validate('param', idParam), async (c) => c.json(await completeRecipe(c.var.deps, requireActiveUser(c), c.req.valid('param').id)));
