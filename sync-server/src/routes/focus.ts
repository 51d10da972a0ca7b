import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/focus`: filled in by its feature; owner-checked and validated like every route. */
export const focusRoutes = new Hono<AppEnv>();
