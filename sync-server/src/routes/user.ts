import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/user`: filled in by its feature; owner-checked and validated like every route. */
export const userRoutes = new Hono<AppEnv>();
