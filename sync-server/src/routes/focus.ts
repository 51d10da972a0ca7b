import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { FOCUS_LIMITS } from '@ignition/shared/rules/focus.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import {
  abandonFocusSession,
  activeFocusSession,
  completeFocusSession,
  listFocusSessions,
  pauseFocusSession,
  resumeFocusSession,
  startFocusSession,
} from '../services/focus-service.ts';

const startBody = z
  .strictObject({
    mode: z.enum(['focus', 'short_break', 'long_break']).default('focus'),
    minutes: z.number().int().optional(),
    started_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => b.minutes === undefined || (b.minutes >= FOCUS_LIMITS[b.mode].min && b.minutes <= FOCUS_LIMITS[b.mode].max), {
    message: 'minutes must be 1–120 for focus and 1–60 for breaks',
    path: ['minutes'],
  });
const listQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const idParam = z.object({ id: rowId });

/** `/api/focus`: focus sessions for scripts and admins, sharing the sync path's services. */
export const focusRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => c.json({ sessions: await listFocusSessions(c.var.deps, requireActiveUser(c).id, c.req.valid('query')) }))
  .post('/', validate('json', startBody), async (c) => c.json({ session: await startFocusSession(c.var.deps, requireActiveUser(c).id, c.req.valid('json')) }, 201))
  .get('/active', async (c) => c.json({ session: await activeFocusSession(c.var.deps, requireActiveUser(c).id) }))
  .post('/:id/pause', validate('param', idParam), async (c) => c.json({ session: await pauseFocusSession(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }))
  .post('/:id/resume', validate('param', idParam), async (c) => c.json({ session: await resumeFocusSession(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }))
  .post('/:id/complete', validate('param', idParam), async (c) => c.json(await completeFocusSession(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id)))
  .post('/:id/abandon', validate('param', idParam), async (c) => c.json({ session: await abandonFocusSession(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }));
