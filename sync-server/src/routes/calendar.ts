import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { realDate, validate } from '../validate.ts';
import { ApiError } from '../errors.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { daysBetween } from '@ignition/shared/dates.ts';
import { EVENT_TYPES } from '@ignition/shared/rules/planner-edits.ts';
import { parseRecurrence } from '@ignition/shared/rules/recurrence.ts';
import { completeEvent, createEvent, deleteEvent, getEvent, listEvents, updateEvent } from '../services/calendar-service.ts';

const MAX_RANGE_DAYS = 366;
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const fields = {
  title: z.string().trim().min(1, 'a title is required').max(200),
  description: z.string().max(5000).nullable(),
  event_type: z.enum(EVENT_TYPES),
  start_time: isoTime,
  end_time: isoTime,
  all_day: z.boolean(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3b82f6').nullable(),
  recurrence: z
    .string()
    .max(200)
    .refine((r) => parseRecurrence(r) !== null, 'must be an RRULE such as FREQ=WEEKLY;BYDAY=MO,WE (daily, weekly or monthly)')
    .transform((r) => r.replace(/^RRULE:/i, '').toUpperCase())
    .nullable(),
  linked_workout_id: rowId.nullable(),
};
const orderOk = (b: { start_time?: string; end_time?: string }) => !b.start_time || !b.end_time || b.end_time >= b.start_time;
const ORDER_MESSAGE = { message: 'end_time must not be before start_time', path: ['end_time'] };

const createBody = z
  .strictObject({
    ...fields,
    description: fields.description.optional().default(null),
    event_type: fields.event_type.optional().default('meeting'),
    all_day: fields.all_day.optional().default(false),
    color: fields.color.optional().default(null),
    recurrence: fields.recurrence.optional().default(null),
    linked_workout_id: fields.linked_workout_id.optional().default(null),
  })
  .refine(orderOk, ORDER_MESSAGE);
const scope = z.enum(['one', 'all']).default('all');
const updateBody = z
  .strictObject(fields)
  .partial()
  .extend({ scope, occurrence_date: realDate.optional() })
  .refine(orderOk, ORDER_MESSAGE);
const listQuery = z
  .strictObject({ from: realDate.optional(), to: realDate.optional() })
  .refine((q) => !!q.from === !!q.to, { message: 'give both from and to, or neither' })
  .refine((q) => !q.from || !q.to || (daysBetween(q.from, q.to) > 0 && daysBetween(q.from, q.to) <= MAX_RANGE_DAYS), {
    message: `to must be after from, at most ${MAX_RANGE_DAYS} days later`,
  });
const idParam = z.strictObject({ id: rowId });
const deleteQuery = z.strictObject({ scope, occurrence_date: realDate.optional() });
const completeBody = z.strictObject({ occurrence_date: realDate.optional(), done: z.boolean().default(true) });

/** `/api/calendar`: planner events for scripts and admins, the same rows and rewards as the app's sync. */
export const calendarRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => {
    const user = requireActiveUser(c);
    const q = c.req.valid('query');
    return c.json(await listEvents(c.var.deps, user, q.from && q.to ? { from: q.from, to: q.to } : undefined));
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ event: await getEvent(c.var.deps, user, c.req.valid('param').id) });
  })
  .post('/', validate('json', createBody), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ event: await createEvent(c.var.deps, user, c.req.valid('json')) }, 201);
  })
  .put('/:id', validate('param', idParam), validate('json', updateBody), async (c) => {
    const user = requireActiveUser(c);
    const { scope: s, occurrence_date, ...changes } = c.req.valid('json');
    if (Object.keys(changes).length === 0) throw new ApiError(422, 'validation_failed', 'Nothing to change');
    return c.json({ event: await updateEvent(c.var.deps, user, c.req.valid('param').id, changes, s, occurrence_date) });
  })
  .delete('/:id', validate('param', idParam), validate('query', deleteQuery), async (c) => {
    const user = requireActiveUser(c);
    const q = c.req.valid('query');
    await deleteEvent(c.var.deps, user, c.req.valid('param').id, q.scope, q.occurrence_date);
    return c.json({ ok: true });
  })
  .post('/:id/complete', validate('param', idParam), validate('json', completeBody), async (c) => {
    const user = requireActiveUser(c);
    const b = c.req.valid('json');
    return c.json(await completeEvent(c.var.deps, user, c.req.valid('param').id, b.done, b.occurrence_date));
  });
