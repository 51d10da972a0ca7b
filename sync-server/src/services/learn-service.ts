import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { schedule, type Rating } from '@ignition/shared/rules/srs.ts';
import { rewardOf, writeThroughSync as push, type RestOp as Op } from './rest-write.ts';
import { and, asc, count, countDistinct, eq, getTableColumns, gt, inArray, isNotNull, isNull, lte, min, or, sql } from 'drizzle-orm';
import { courses, flashcardDecks, flashcards, lessons, userLessonProgress } from '@ignition/shared/server/tables.ts';
import { orm, readInSlices } from '../db/orm.ts';

/**
 * Courses, lessons, decks, cards and reviews for scripts. Reads query with the session's user id;
 * writes become row changes + events through the sync push, so ownership, rewards and the pull
 * change log are the same code path as the app's offline writes.
 */
type Card = typeof flashcards.$inferSelect;

const newId = () => crypto.randomUUID();
/** The user's cards: a card is theirs through its deck. */
const cardsOf = (userId: string) => and(eq(flashcardDecks.id, flashcards.deck_id), eq(flashcardDecks.user_id, userId));

// ---- courses and lessons -------------------------------------------------------------------

export async function listCourses(deps: AppDeps, userId: string) {
  const done = orm(deps.db)
    .selectDistinct({ lesson_id: userLessonProgress.lesson_id })
    .from(userLessonProgress)
    .where(and(eq(userLessonProgress.user_id, userId), eq(userLessonProgress.completed, 1)))
    .as('done');
  const rows = await orm(deps.db)
    .select({
      course: courses,
      lesson_count: count(lessons.id),
      completed_count: countDistinct(sql`CASE WHEN ${done.lesson_id} IS NOT NULL THEN ${lessons.id} END`),
    })
    .from(courses)
    .leftJoin(lessons, eq(lessons.course_id, courses.id))
    .leftJoin(done, eq(done.lesson_id, lessons.id))
    .where(eq(courses.is_published, 1))
    .groupBy(courses.id)
    .orderBy(courses.created_at, courses.title);
  return rows.map(({ course, lesson_count, completed_count }) => ({
    ...course,
    lesson_count,
    completed_count,
    progress: lesson_count ? Math.round((100 * completed_count) / lesson_count) : 0,
  }));
}

export async function getCourse(deps: AppDeps, userId: string, courseId: string) {
  const [course] = await orm(deps.db).select().from(courses).where(and(eq(courses.id, courseId), eq(courses.is_published, 1)));
  if (!course) throw new ApiError(404, 'not_found', 'Course not found');
  const rows = await orm(deps.db)
    .select({
      ...getTableColumns(lessons),
      completed_at: sql<string | null>`(SELECT MIN(completed_at) FROM user_lesson_progress p WHERE p.lesson_id = lessons.id AND p.user_id = ${userId} AND p.completed = 1)`,
    })
    .from(lessons)
    .where(eq(lessons.course_id, courseId))
    .orderBy(lessons.order_index, lessons.id);
  const list = rows.map((l) => ({ ...l, completed: l.completed_at != null }));
  const done = list.filter((l) => l.completed).length;
  return { course: { ...course }, lessons: list, progress: list.length ? Math.round((100 * done) / list.length) : 0 };
}

/** Marks a lesson complete once; the reward follows the rules (once per lesson per user). */
export async function completeLesson(deps: AppDeps, userId: string, lessonId: string) {
  const [lesson] = await orm(deps.db)
    .select({ id: lessons.id })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.course_id))
    .where(and(eq(lessons.id, lessonId), eq(courses.is_published, 1)));
  if (!lesson) throw new ApiError(404, 'not_found', 'Lesson not found');
  const done = and(eq(userLessonProgress.user_id, userId), eq(userLessonProgress.lesson_id, lessonId), eq(userLessonProgress.completed, 1));
  const [existing] = await orm(deps.db).select().from(userLessonProgress).where(done).limit(1);
  if (existing) return { progress: { ...existing }, reward: null, already_completed: true };
  const id = newId();
  const res = await push(deps, userId, [{ table: 'user_lesson_progress', id, fields: { lesson_id: lessonId, completed: true, completed_at: clockOf(deps).toISOString() } }], [
    { event_type: 'lesson_complete', entity_id: lessonId },
  ]);
  const [row] = await orm(deps.db).select().from(userLessonProgress).where(eq(userLessonProgress.id, id));
  return { progress: { ...row }, reward: await rewardOf(deps.db, res), already_completed: false };
}

// ---- decks and cards -----------------------------------------------------------------------

async function ownedDeck(deps: AppDeps, userId: string, deckId: string) {
  const [row] = await orm(deps.db).select().from(flashcardDecks).where(and(eq(flashcardDecks.id, deckId), eq(flashcardDecks.user_id, userId)));
  if (!row) throw new ApiError(404, 'not_found', 'Deck not found');
  return row;
}

async function ownedCard(deps: AppDeps, userId: string, cardId: string) {
  const [row] = await orm(deps.db).select(getTableColumns(flashcards)).from(flashcards).innerJoin(flashcardDecks, cardsOf(userId)).where(eq(flashcards.id, cardId));
  if (!row) throw new ApiError(404, 'not_found', 'Card not found');
  return row;
}

async function cardCount(deps: AppDeps, deckId: string) {
  const [row] = await orm(deps.db).select({ n: count() }).from(flashcards).where(eq(flashcards.deck_id, deckId));
  return row.n;
}

/** Decks with their real card counts and how many cards are due now. */
export async function listDecks(deps: AppDeps, userId: string) {
  const now = clockOf(deps).toISOString();
  const decks = await orm(deps.db)
    .select({
      ...getTableColumns(flashcardDecks),
      // the real count, not the stored card_count a device keeps; the outer table is named in
      // full (drizzle writes a bare "id" in a one-table select, which the subquery would take as its own)
      card_count: sql<number>`(SELECT COUNT(*) FROM flashcards c WHERE c.deck_id = flashcard_decks.id)`,
      due_count: sql<number>`(SELECT COUNT(*) FROM flashcards c WHERE c.deck_id = flashcard_decks.id AND (c.next_review IS NULL OR c.next_review <= ${now}))`,
    })
    .from(flashcardDecks)
    .where(eq(flashcardDecks.user_id, userId))
    .orderBy(flashcardDecks.created_at, flashcardDecks.id);
  return decks.map((d) => ({ ...d, card_count: Number(d.card_count), due_count: Number(d.due_count) }));
}

export async function getDeck(deps: AppDeps, userId: string, deckId: string) {
  const deck = await ownedDeck(deps, userId, deckId);
  return { ...deck, card_count: await cardCount(deps, deckId) };
}

export async function createDeck(deps: AppDeps, userId: string, input: { title: string; description?: string | null }) {
  const id = newId();
  const now = clockOf(deps).toISOString();
  await push(deps, userId, [{ table: 'flashcard_decks', id, fields: { title: input.title, description: input.description ?? null, card_count: 0, created_at: now, updated_at: now } }]);
  return getDeck(deps, userId, id);
}

export async function updateDeck(deps: AppDeps, userId: string, deckId: string, input: { title?: string; description?: string | null }) {
  await ownedDeck(deps, userId, deckId);
  await push(deps, userId, [{ table: 'flashcard_decks', id: deckId, fields: { ...input, updated_at: clockOf(deps).toISOString() } }]);
  return getDeck(deps, userId, deckId);
}

export async function deleteDeck(deps: AppDeps, userId: string, deckId: string) {
  await ownedDeck(deps, userId, deckId);
  await push(deps, userId, [{ table: 'flashcard_decks', id: deckId, delete: true }]);
}

export async function listCards(deps: AppDeps, userId: string, deckId: string) {
  await ownedDeck(deps, userId, deckId);
  return orm(deps.db).select().from(flashcards).where(eq(flashcards.deck_id, deckId)).orderBy(flashcards.created_at, flashcards.id);
}

/** Adds cards in one push (all or nothing) and keeps the deck's card_count right. */
export async function addCards(deps: AppDeps, userId: string, deckId: string, cards: Array<{ front: string; back: string }>) {
  await ownedDeck(deps, userId, deckId);
  const now = clockOf(deps).toISOString();
  const ids = cards.map(() => newId());
  const before = await cardCount(deps, deckId);
  await push(deps, userId, [
    ...cards.map((c, i) => ({ table: 'flashcards', id: ids[i], fields: { deck_id: deckId, front: c.front, back: c.back, interval: 0, ease_factor: 2.5, review_count: 0, next_review: null, created_at: now } })),
    { table: 'flashcard_decks', id: deckId, fields: { card_count: before + cards.length, updated_at: now } },
  ]);
  const rows = new Map((await cardsById(deps, ids)).map((r) => [r.id, r]));
  return ids.map((id) => rows.get(id)!);
}

export async function updateCard(deps: AppDeps, userId: string, cardId: string, input: { front?: string; back?: string }) {
  const card = await ownedCard(deps, userId, cardId);
  // deck_id rides along on every card upsert: the row insert path needs its NOT NULL parent column.
  await push(deps, userId, [{ table: 'flashcards', id: cardId, fields: { ...input, deck_id: card.deck_id } }]);
  return ownedCard(deps, userId, cardId);
}

export async function deleteCard(deps: AppDeps, userId: string, cardId: string) {
  const card = await ownedCard(deps, userId, cardId);
  const deckId = card.deck_id;
  const after = (await cardCount(deps, deckId)) - 1;
  await push(deps, userId, [
    { table: 'flashcards', id: cardId, delete: true },
    { table: 'flashcard_decks', id: deckId, fields: { card_count: Math.max(0, after), updated_at: clockOf(deps).toISOString() } },
  ]);
}

// ---- reviews -------------------------------------------------------------------------------

export async function listDue(deps: AppDeps, userId: string, q: { deck_id?: string; limit?: number }) {
  const now = clockOf(deps).toISOString();
  const due = await orm(deps.db)
    .select(getTableColumns(flashcards))
    .from(flashcards)
    .innerJoin(flashcardDecks, cardsOf(userId))
    .where(and(or(isNull(flashcards.next_review), lte(flashcards.next_review, now)), q.deck_id ? eq(flashcards.deck_id, q.deck_id) : undefined))
    .orderBy(asc(isNotNull(flashcards.next_review)), flashcards.next_review, flashcards.created_at)
    .limit(q.limit ?? 100);
  const [next] = await orm(deps.db)
    .select({ t: min(flashcards.next_review) })
    .from(flashcards)
    .innerJoin(flashcardDecks, cardsOf(userId))
    .where(gt(flashcards.next_review, now));
  return { cards: due, next_review_at: next?.t ?? null };
}

/**
 * One review session: each rating is scheduled with the shared SM-2 rules, logged as a
 * `flashcard_reviews` row and written to the card; one `review_complete` event pays for it.
 */
export async function reviewCards(deps: AppDeps, userId: string, reviews: Array<{ card_id: string; rating: Rating }>) {
  const mine = await readInSlices(
    reviews.map((r) => r.card_id),
    (ids) => orm(deps.db).select(getTableColumns(flashcards)).from(flashcards).innerJoin(flashcardDecks, cardsOf(userId)).where(inArray(flashcards.id, ids)),
  );
  const cards = new Map(mine.map((c) => [c.id, c]));
  const missing = reviews.find((r) => !cards.has(r.card_id));
  if (missing) throw new ApiError(404, 'not_found', `Card ${missing.card_id} not found`);
  const now = clockOf(deps);
  const ops: Op[] = [];
  for (const r of reviews) {
    const card = cards.get(r.card_id)!;
    const s = schedule(card, r.rating, now);
    const fields = { deck_id: card.deck_id, interval: s.interval, ease_factor: s.ease_factor, review_count: s.review_count, next_review: s.next_review, last_review: s.last_review };
    Object.assign(card, fields);
    ops.push({ table: 'flashcards', id: r.card_id, fields });
    ops.push({ table: 'flashcard_reviews', id: newId(), fields: { card_id: r.card_id, rating: r.rating, reviewed_at: s.last_review, interval: s.interval, ease_factor: s.ease_factor, next_review: s.next_review } });
  }
  const res = await push(deps, userId, ops, [{ event_type: 'review_complete', metadata: { card_ids: [...new Set(reviews.map((r) => r.card_id))] } }]);
  const after = await cardsById(deps, [...cards.keys()]);
  return { cards: after, reward: await rewardOf(deps.db, res) };
}

function cardsById(deps: AppDeps, ids: string[]): Promise<Card[]> {
  return readInSlices(ids, (slice) => orm(deps.db).select().from(flashcards).where(inArray(flashcards.id, slice)));
}
