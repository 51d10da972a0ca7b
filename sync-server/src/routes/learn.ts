import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/learn`: filled in by its feature; owner-checked and validated like every route. */
export const learnRoutes = new Hono<AppEnv>();
