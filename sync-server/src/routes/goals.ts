import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/goals`: filled in by its feature; owner-checked and validated like every route. */
export const goalsRoutes = new Hono<AppEnv>();
