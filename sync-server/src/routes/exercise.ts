import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/exercise`: filled in by its feature; owner-checked and validated like every route. */
export const exerciseRoutes = new Hono<AppEnv>();
