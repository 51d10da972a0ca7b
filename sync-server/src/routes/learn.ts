import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { journalRoutes } from './journal.ts';

/** `/api/learn`: courses, lessons, decks, cards and reviews; the journal lives in its own module. */
export const learnRoutes = new Hono<AppEnv>().route('/journal', journalRoutes);
