import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/progress`: filled in by its feature; owner-checked and validated like every route. */
export const progressRoutes = new Hono<AppEnv>();
