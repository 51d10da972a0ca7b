import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/calendar`: filled in by its feature; owner-checked and validated like every route. */
export const calendarRoutes = new Hono<AppEnv>();
