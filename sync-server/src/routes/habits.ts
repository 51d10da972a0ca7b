import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/habits`: filled in by its feature; owner-checked and validated like every route. */
export const habitsRoutes = new Hono<AppEnv>();
