import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/learn/journal`: journal entries, mounted under the learning routes. */
export const journalRoutes = new Hono<AppEnv>();
