import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { realDate, validate } from '../validate.ts';
import { ApiError } from '../errors.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { CONTRACTS } from '@ignition/shared/contracts.ts';
import { fieldZod } from '@ignition/shared/contract-zod.ts';
import { createHabit, deleteHabit, deleteHabitLog, listHabitLogs, listHabits, listHabitSkips, logHabit, skipHabit, unskipHabit, updateHabit } from '../services/habits-service.ts';

/** The habits row contract's fields (shared-schema/src/contracts.ts), as this route takes them. */
const H = CONTRACTS.habits.fields;
const habitFields = {
  name: fieldZod(H.name).trim().min(1),
  description: fieldZod(H.description).nullable().optional(),
  frequency: fieldZod(H.frequency).optional(),
  target_count: fieldZod(H.target_count).optional(),
  skill_id: fieldZod(H.skill_id).optional(),
  xp_reward: fieldZod(H.xp_reward).optional(),
  coin_reward: fieldZod(H.coin_reward).optional(),
  /** null: the frequency's meaning; 'weekdays' with schedule_days; 'every_n_days' with schedule_every (and schedule_start, default today) */
  schedule: fieldZod(H.schedule).nullable().optional(),
  schedule_days: fieldZod(H.schedule_days).nullable().optional(),
  schedule_every: fieldZod(H.schedule_every).nullable().optional(),
  schedule_start: realDate.nullable().optional(),
};
const createBody = z.strictObject(habitFields);
const updateBody = z.strictObject({ ...habitFields, name: habitFields.name.optional(), archived: z.boolean().optional() }).refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const logBody = z.strictObject({ date: realDate.optional(), count: fieldZod(CONTRACTS.habit_logs.fields.count).min(1).optional(), notes: fieldZod(CONTRACTS.habit_logs.fields.notes).nullable().optional() });
const S = CONTRACTS.habit_skips.fields;
const skipBody = z.strictObject({ date: realDate.optional(), from: realDate.optional(), to: realDate.optional(), reason: fieldZod(S.reason).nullable().optional() }).refine((b) => (b.date === undefined) !== (b.from === undefined), 'Give a date, or a range from..to');
const skipsQuery = z.strictObject({ from: realDate.optional(), to: realDate.optional() });
/** the day whose skips to undo (checked after the session, so an anonymous caller hears 401 first) */
const unskipQuery = z.strictObject({ date: realDate.optional() });
const skipParam = z.object({ id: rowId, skipId: rowId });
const idParam = z.object({ id: rowId });
const logParam = z.object({ id: rowId, logId: rowId });
const listQuery = z.strictObject({ archived: z.enum(['true', 'false']).optional() });
const logsQuery = z.strictObject({
  from: realDate.optional(),
  to: realDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** the `next` of the page before */
  before: z.string().max(600).regex(/^[A-Za-z0-9_-]+$/, 'must be the next of an earlier page').optional(),
});

/** `/api/habits`: habits and their logs for scripts and admins, sharing the sync path. */
export const habitsRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => c.json({ habits: await listHabits(c.var.deps, requireActiveUser(c), c.req.valid('query').archived === 'true') }))
  .post('/', validate('json', createBody), async (c) => c.json({ habit: await createHabit(c.var.deps, requireActiveUser(c), c.req.valid('json')) }, 201))
  .patch('/:id', validate('param', idParam), validate('json', updateBody), async (c) =>
    c.json({ habit: await updateHabit(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json')) }),
  )
  .delete('/:id', validate('param', idParam), async (c) => {
    await deleteHabit(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .get('/:id/logs', validate('param', idParam), validate('query', logsQuery), async (c) =>
    c.json(await listHabitLogs(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('query'))),
  )
  .post('/:id/logs', validate('param', idParam), validate('json', logBody), async (c) =>
    c.json(await logHabit(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .delete('/:id/logs/:logId', validate('param', logParam), async (c) => {
    const p = c.req.valid('param');
    await deleteHabitLog(c.var.deps, requireActiveUser(c).id, p.id, p.logId);
    return c.body(null, 204);
  })
  .get('/:id/skips', validate('param', idParam), validate('query', skipsQuery), async (c) =>
    c.json(await listHabitSkips(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('query'))),
  )
  .post('/:id/skips', validate('param', idParam), validate('json', skipBody), async (c) =>
    c.json(await skipHabit(c.var.deps, requireActiveUser(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .delete('/:id/skips', validate('param', idParam), validate('query', unskipQuery), async (c) => {
    const user = requireActiveUser(c);
    const { date } = c.req.valid('query');
    if (!date) throw new ApiError(422, 'validation_failed', 'Name the day to undo: ?date=YYYY-MM-DD');
    await unskipHabit(c.var.deps, user.id, c.req.valid('param').id, { date });
    return c.body(null, 204);
  })
  .delete('/:id/skips/:skipId', validate('param', skipParam), async (c) => {
    const p = c.req.valid('param');
    await unskipHabit(c.var.deps, requireActiveUser(c).id, p.id, { skipId: p.skipId });
    return c.body(null, 204);
  });
