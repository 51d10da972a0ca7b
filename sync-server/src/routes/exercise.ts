import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { createCustomExercise, listExercises } from '../services/exercise-service.ts';

const CATEGORIES = ['strength', 'cardio', 'stretching', 'plyometrics', 'powerlifting', 'olympic weightlifting', 'strongman'] as const;

const listQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  muscle: z.string().trim().max(50).optional(),
  equipment: z.string().trim().max(50).optional(),
  category: z.string().trim().max(50).optional(),
  custom: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const newExercise = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, 'must be 8–80 letters, digits, - or _').optional(),
  name: z.string().trim().min(1).max(100),
  category: z.enum(CATEGORIES).default('strength'),
  muscle_groups: z.array(z.string().trim().min(1).max(50)).min(1).max(10),
  equipment: z.string().trim().max(50).nullish(),
  instructions: z.string().max(2000).nullish(),
});

/** `/api/exercise`: the exercise library (built-in plus the person's own) and custom exercises. */
export const exerciseRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => {
    const user = requireActiveUser(c);
    const q = c.req.valid('query');
    return c.json(await listExercises(c.var.deps.db, user.id, { ...q, custom: q.custom === undefined ? undefined : q.custom === 'true' }));
  })
  .post('/', validate('json', newExercise), async (c) => {
    const user = requireActiveUser(c);
    const exercise = await createCustomExercise(c.var.deps, user, c.req.valid('json'));
    return c.json({ exercise }, 201);
  });
