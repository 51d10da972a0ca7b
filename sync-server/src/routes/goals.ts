import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { realDate, validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { SKILLS } from '@ignition/shared/rules/levels.ts';
import { addMilestone, createGoal, deleteGoal, deleteMilestone, getGoal, listGoals, updateGoal, updateMilestone } from '../services/goals-service.ts';

const status = z.enum(['active', 'completed', 'abandoned']);
const goalFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  target_date: realDate.nullable().optional(),
  skill_id: z.enum(SKILLS as unknown as [string, ...string[]]).optional(),
  status: status.optional(),
  /** a hand-set progress %; null goes back to progress from milestones */
  progress: z.number().int().min(0).max(100).nullable().optional(),
};
const milestone = z.strictObject({ title: z.string().trim().min(1).max(200), target_date: realDate.nullable().optional(), order_index: z.number().int().min(0).max(1000).optional() });
const createBody = z.strictObject({ ...goalFields, milestones: z.array(milestone.omit({ order_index: true })).max(50).optional() });
const nonEmpty = (b: object) => Object.keys(b).length > 0;
const updateBody = z.strictObject({ ...goalFields, title: goalFields.title.optional() }).refine(nonEmpty, 'Nothing to change');
const milestoneUpdate = z.strictObject({ ...milestone.shape, title: milestone.shape.title.optional(), completed: z.boolean().optional() }).refine(nonEmpty, 'Nothing to change');
const idParam = z.object({ id: rowId });
const msParam = z.object({ id: rowId, milestoneId: rowId });

/** `/api/goals`: goals and milestones for scripts and admins, sharing the sync path. */
export const goalsRoutes = new Hono<AppEnv>()
  .get('/', validate('query', z.strictObject({ status: status.optional() })), async (c) => c.json({ goals: await listGoals(c.var.deps, requireActiveUser(c).id, c.req.valid('query').status) }))
  .post('/', validate('json', createBody), async (c) => c.json({ goal: await createGoal(c.var.deps, requireActiveUser(c).id, c.req.valid('json')) }, 201))
  .get('/:id', validate('param', idParam), async (c) => c.json({ goal: await getGoal(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }))
  .patch('/:id', validate('param', idParam), validate('json', updateBody), async (c) => c.json(await updateGoal(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('json'))))
  .delete('/:id', validate('param', idParam), async (c) => {
    await deleteGoal(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .post('/:id/milestones', validate('param', idParam), validate('json', milestone), async (c) =>
    c.json({ goal: await addMilestone(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('json')) }, 201),
  )
  .patch('/:id/milestones/:milestoneId', validate('param', msParam), validate('json', milestoneUpdate), async (c) => {
    const p = c.req.valid('param');
    return c.json(await updateMilestone(c.var.deps, requireActiveUser(c).id, p.id, p.milestoneId, c.req.valid('json')));
  })
  .delete('/:id/milestones/:milestoneId', validate('param', msParam), async (c) => {
    const p = c.req.valid('param');
    await deleteMilestone(c.var.deps, requireActiveUser(c).id, p.id, p.milestoneId);
    return c.body(null, 204);
  });
