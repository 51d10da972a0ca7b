import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/quests`: filled in by its feature; owner-checked and validated like every route. */
export const questsRoutes = new Hono<AppEnv>();
