import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/admin`: filled in by its feature; owner-checked and validated like every route. */
export const adminRoutes = new Hono<AppEnv>();
