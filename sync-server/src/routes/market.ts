import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/market`: filled in by its feature; owner-checked and validated like every route. */
export const marketRoutes = new Hono<AppEnv>();
