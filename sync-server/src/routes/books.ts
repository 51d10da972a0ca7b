import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { realDate, validate } from '../validate.ts';
import { BOOK_STATUSES, createBook, deleteBook, getBook, listBooks, logReadingSession, readingStats, setReadingGoal, updateBook } from '../services/books-service.ts';

const id = z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be a book id');
const idParam = z.strictObject({ id });
const coverUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => u === '' || /^https?:\/\//i.test(u), 'must be an http(s) address')
  .transform((u) => u || null);

const bookFields = {
  title: z.string().trim().min(1, 'a book needs a title').max(300),
  author: z.string().trim().max(200).nullish(),
  total_pages: z.number().int().min(1).max(100_000).nullish(),
  current_page: z.number().int().min(0).max(100_000).optional(),
  status: z.enum(BOOK_STATUSES).optional(),
  rating: z.number().int().min(1).max(5).nullish(),
  genre: z.string().trim().max(100).nullish(),
  notes: z.string().max(10_000).nullish(),
  cover_url: coverUrl.nullish(),
};
const newBook = z.strictObject({ id: id.optional(), ...bookFields });
const bookPatch = z
  .strictObject({ ...bookFields, title: bookFields.title.optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
const newSession = z
  .strictObject({
    pages_read: z.number().int().min(1).max(100_000).optional(),
    end_page: z.number().int().min(1).max(100_000).optional(),
    duration: z.number().int().min(0).max(24 * 60).nullish(),
    notes: z.string().max(2000).nullish(),
    date: realDate.optional(),
  })
  .refine((s) => (s.pages_read === undefined) !== (s.end_page === undefined), 'send either pages_read or end_page');
const listQuery = z.strictObject({ status: z.enum(BOOK_STATUSES).optional() });
const goalBody = z.strictObject({ yearly_book_goal: z.number().int().min(1).max(1000).nullable() });

/** `/api/books`: the book tracker for scripts. Writes go through the sync push like the app's. */
export const booksRoutes = new Hono<AppEnv>()
  // Who is asking comes before what was asked: an anonymous caller gets 401, not a validation error.
  .use(async (c, next) => {
    requireActiveUser(c);
    await next();
  })
  .get('/', validate('query', listQuery), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ books: await listBooks(c.var.deps.db, user.id, c.req.valid('query').status) });
  })
  .get('/stats', async (c) => {
    const user = requireActiveUser(c);
    return c.json(await readingStats(c.var.deps, user));
  })
  .put('/goal', validate('json', goalBody), async (c) => {
    const user = requireActiveUser(c);
    await setReadingGoal(c.var.deps, user, c.req.valid('json').yearly_book_goal);
    return c.json(await readingStats(c.var.deps, user));
  })
  .post('/', validate('json', newBook), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ book: await createBook(c.var.deps, user, c.req.valid('json')) }, 201);
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    return c.json(await getBook(c.var.deps.db, user.id, c.req.valid('param').id));
  })
  .patch('/:id', validate('param', idParam), validate('json', bookPatch), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ book: await updateBook(c.var.deps, user, c.req.valid('param').id, c.req.valid('json')) });
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    await deleteBook(c.var.deps, user, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .post('/:id/sessions', validate('param', idParam), validate('json', newSession), async (c) => {
    const user = requireActiveUser(c);
    return c.json(await logReadingSession(c.var.deps, user, c.req.valid('param').id, c.req.valid('json')), 201);
  });
