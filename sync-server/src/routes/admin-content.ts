import { Hono } from 'hono';
import { clockOf, type AppEnv } from '../context.ts';
import { requireAdmin } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { CONTENT_KINDS, CONTENT_KIND_NAMES, type ContentKindName } from '../services/admin-content-kinds.ts';
import { createContent, deleteContent, getContent, listContent, updateContent } from '../services/admin-content-service.ts';
import { skillLevelChanges } from '../services/admin-skills-service.ts';
import { contentListQuery, idParam } from './admin-schemas.ts';

const now = (c: { var: AppEnv['Variables'] }) => clockOf(c.var.deps);

/** One CRUD set per kind of shared content: `/quests`, `/skills`, `/rewards`, `/exercises`, `/courses`, `/lessons`. */
function contentRoutes(name: ContentKindName) {
  const kind = CONTENT_KINDS[name];
  return new Hono<AppEnv>()
    .get('/', validate('query', contentListQuery), async (c) => {
      requireAdmin(c);
      return c.json(await listContent(c.var.deps.db, kind, c.req.valid('query')));
    })
    .get('/:id', validate('param', idParam), async (c) => {
      requireAdmin(c);
      return c.json(await getContent(c.var.deps.db, kind, c.req.valid('param').id));
    })
    .post('/', validate('json', kind.create), async (c) => {
      const admin = requireAdmin(c);
      return c.json(await createContent(c.var.deps.db, admin.id, name, c.req.valid('json') as Record<string, unknown>, now(c)), 201);
    })
    .patch('/:id', validate('param', idParam), validate('json', kind.patch), async (c) => {
      const admin = requireAdmin(c);
      const { id } = c.req.valid('param');
      const { before, after } = await updateContent(c.var.deps.db, admin.id, name, id, c.req.valid('json') as Record<string, unknown>, now(c));
      if (name === 'skills') return c.json({ ...after, levelChanges: await skillLevelChanges(c.var.deps.db, id, before, after) });
      return c.json(after);
    })
    .delete('/:id', validate('param', idParam), async (c) => {
      const admin = requireAdmin(c);
      return c.json(await deleteContent(c.var.deps.db, admin.id, name, c.req.valid('param').id, now(c)));
    });
}

export const adminContentRoutes = CONTENT_KIND_NAMES.reduce((app, name) => app.route(`/${name}`, contentRoutes(name)), new Hono<AppEnv>());
