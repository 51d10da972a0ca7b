import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** `/api/books`: filled in by its feature; owner-checked and validated like every route. */
export const booksRoutes = new Hono<AppEnv>();
