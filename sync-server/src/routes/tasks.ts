import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { realDate, validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { CONTRACTS } from '@ignition/shared/contracts.ts';
import { fieldZod } from '@ignition/shared/contract-zod.ts';
import { TASK_LIMITS } from '@ignition/shared/rules/tasks.ts';
import { createTask, deleteTask, listTasks, updateTask } from '../services/tasks-service.ts';

/** The tasks row contract's fields (shared-schema/src/contracts.ts), as this route takes them. */
const T = CONTRACTS.tasks.fields;
const tag = z.string().trim().min(1).max(TASK_LIMITS.tag);
const subtask = z.strictObject({ id: rowId.optional(), title: fieldZod(CONTRACTS.task_subtasks.fields.title).trim().min(1), completed: z.boolean().optional() });
const taskFields = {
  title: fieldZod(T.title).trim().min(1),
  notes: fieldZod(T.notes).nullable().optional(),
  due_date: realDate.nullable().optional(),
  due_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM').nullable().optional(),
  priority: fieldZod(T.priority).nullable().optional(),
  tags: z.array(tag).max(TASK_LIMITS.tags).optional(),
  goal_id: rowId.nullable().optional(),
  sort_order: fieldZod(T.sort_order).optional(),
  completed: z.boolean().optional(),
  subtasks: z.array(subtask).max(TASK_LIMITS.subtasks).optional(),
};
const createBody = z
  .strictObject({ ...taskFields, title: taskFields.title.optional(), quick: z.string().trim().min(1).max(500).optional() })
  .refine((b) => !!b.title || !!b.quick, 'A task needs a title (or quick text)');
const updateBody = z.strictObject({ ...taskFields, title: taskFields.title.optional(), archived: z.boolean().optional() }).refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const idParam = z.object({ id: rowId });
const listQuery = z.strictObject({ view: z.enum(['inbox', 'today', 'upcoming', 'done', 'all']).optional() });

/** `/api/tasks`: to-dos and their checklists for scripts, sharing the sync path (rewards, ownership, pull log). */
export const tasksRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => c.json({ tasks: await listTasks(c.var.deps, requireActiveUser(c), c.req.valid('query').view) }))
  .post('/', validate('json', createBody), async (c) => c.json(await createTask(c.var.deps, requireActiveUser(c), c.req.valid('json')), 201))
  .patch('/:id', validate('param', idParam), validate('json', updateBody), async (c) => c.json(await updateTask(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json'))))
  .delete('/:id', validate('param', idParam), async (c) => {
    await deleteTask(c.var.deps, requireActiveUser(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
