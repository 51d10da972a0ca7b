import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { rowId } from '@ignition/shared/sync/protocol.ts';
import { RATINGS } from '@ignition/shared/rules/srs.ts';
import { journalRoutes } from './journal.ts';
import { recipeRoutes } from './recipes.ts';
import {
  addCards,
  completeLesson,
  createDeck,
  deleteCard,
  deleteDeck,
  getCourse,
  getDeck,
  listCards,
  listCourses,
  listDecks,
  listDue,
  reviewCards,
  updateCard,
  updateDeck,
} from '../services/learn-service.ts';

const idParam = z.object({ id: rowId });
const text = (max: number) => z.string().trim().min(1).max(max);
const deckBody = z.strictObject({ title: text(200), description: z.string().max(2000).nullish() });
const deckPatch = z.strictObject({ title: text(200).optional(), description: z.string().max(2000).nullish() }).refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const cardBody = z.strictObject({ front: text(10_000), back: text(10_000) });
const cardsBody = z.strictObject({ cards: z.array(cardBody).min(1).max(2000) });
const cardPatch = z.strictObject({ front: text(10_000).optional(), back: text(10_000).optional() }).refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const dueQuery = z.strictObject({ deck_id: rowId.optional(), limit: z.coerce.number().int().min(1).max(500).optional() });
const reviewsBody = z.strictObject({ reviews: z.array(z.strictObject({ card_id: rowId, rating: z.enum(RATINGS as [string, ...string[]]) })).min(1).max(500) });

/** Who is asking is checked before the input, so an anonymous caller gets 401, never a validation 422. */
const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  requireActiveUser(c);
  await next();
});

/** `/api/learn`: courses, lessons, decks, cards and reviews; the journal and recipes live in their own modules. */
export const learnRoutes = new Hono<AppEnv>()
  .route('/journal', journalRoutes)
  .route('/recipes', recipeRoutes)
  .get('/courses', signedIn, async (c) => c.json({ courses: await listCourses(c.var.deps, requireActiveUser(c).id) }))
  .get('/courses/:id', signedIn, validate('param', idParam), async (c) => c.json(await getCourse(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id)))
  .post('/lessons/:id/complete', signedIn, validate('param', idParam), async (c) => c.json(await completeLesson(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id)))
  .get('/decks', signedIn, async (c) => c.json({ decks: await listDecks(c.var.deps, requireActiveUser(c).id) }))
  .post('/decks', signedIn, validate('json', deckBody), async (c) => c.json({ deck: await createDeck(c.var.deps, requireActiveUser(c).id, c.req.valid('json')) }, 201))
  .get('/decks/:id', signedIn, validate('param', idParam), async (c) => c.json({ deck: await getDeck(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }))
  .patch('/decks/:id', signedIn, validate('param', idParam), validate('json', deckPatch), async (c) =>
    c.json({ deck: await updateDeck(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('json')) }),
  )
  .delete('/decks/:id', signedIn, validate('param', idParam), async (c) => {
    await deleteDeck(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .get('/decks/:id/cards', signedIn, validate('param', idParam), async (c) => c.json({ cards: await listCards(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id) }))
  .post('/decks/:id/cards', signedIn, validate('param', idParam), validate('json', cardsBody), async (c) =>
    c.json({ cards: await addCards(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('json').cards) }, 201),
  )
  .patch('/cards/:id', signedIn, validate('param', idParam), validate('json', cardPatch), async (c) =>
    c.json({ card: await updateCard(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id, c.req.valid('json')) }),
  )
  .delete('/cards/:id', signedIn, validate('param', idParam), async (c) => {
    await deleteCard(c.var.deps, requireActiveUser(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .get('/due', signedIn, validate('query', dueQuery), async (c) => c.json(await listDue(c.var.deps, requireActiveUser(c).id, c.req.valid('query'))))
  .post('/reviews', signedIn, validate('json', reviewsBody), async (c) =>
    c.json(await reviewCards(c.var.deps, requireActiveUser(c).id, c.req.valid('json').reviews as Array<{ card_id: string; rating: (typeof RATINGS)[number] }>)),
  );
