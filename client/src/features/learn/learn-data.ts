import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { schedule, type Rating } from '@ignition/shared/rules/srs.ts';
import { starterCourseRows } from '@ignition/shared/starter-courses.ts';
import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import type { TableRowOf } from '@ignition/shared/tables.ts';
import { commit, newId, todayLocal, type WriteOp } from '../../sync/outbox.ts';
import type { CardText } from './card-file.ts';
import { addMissing } from '../../db/seed-shared.ts';
import { formatLocal } from '../../ui/date-format.ts';

/**
 * Every Learn write: rows + events in one `commit`, so it works offline and syncs.
 * Card upserts always carry `deck_id` (the row's owner column, needed when the server inserts).
 */
const STARTER_KEY = 'starter_courses_v1';

/**
 * Puts the starter courses into this device's database once, so a fresh offline install has
 * lessons to read. Shared rows with the server's fixed ids: not the person's writes, so no outbox;
 * a pull overwrites them with the server's copies. Done once per device, so a course an admin
 * later removes (and a pull deletes) does not come back.
 */
export async function ensureStarterCourses(database: IgnitionDb = defaultDb): Promise<void> {
  const { courses, lessons } = starterCourseRows();
  await database.transaction('rw', [database.courses, database.lessons, database.meta], async () => {
    if ((await database.meta.get(STARTER_KEY))?.value) return;
    await addMissing(database.courses, courses);
    await addMissing(database.lessons, lessons);
    await database.meta.put({ key: STARTER_KEY, value: true });
  });
}

export const isPublished = (c: Row) => c.is_published === true || c.is_published === 1;

// ---- lessons -------------------------------------------------------------------------------

export async function completeLesson(lesson: Row, database: IgnitionDb = defaultDb): Promise<{ xp: number; coins: number } | null> {
  const done = await database.user_lesson_progress.where('lesson_id').equals(lesson.id).filter((p) => !!p.completed).count();
  if (done) return null;
  const reward = computeReward({ type: 'lesson_complete', xp_reward: lesson.xp_reward as number | null, alreadyCompleted: false });
  const r = 'rejected' in reward ? { xp: 0, coins: 0, skill: null } : reward;
  await commit(
    [{ table: 'user_lesson_progress', id: newId(), fields: { lesson_id: lesson.id, completed: true, completed_at: new Date().toISOString() } }],
    [{ event_type: 'lesson_complete', entity_id: lesson.id, skill_id: r.skill, xp: r.xp, coins: r.coins }],
    database,
  );
  return { xp: r.xp, coins: r.coins };
}

// ---- decks and cards -----------------------------------------------------------------------

const nowIso = () => new Date().toISOString();

async function countAfter(database: IgnitionDb, deckId: string, delta: number) {
  return Math.max(0, (await database.flashcards.where('deck_id').equals(deckId).count()) + delta);
}

export async function createDeck(title: string, description: string | null, database: IgnitionDb = defaultDb): Promise<string> {
  const id = newId();
  await commit([{ table: 'flashcard_decks', id, fields: { title, description, card_count: 0, created_at: nowIso(), updated_at: nowIso() } }], [], database);
  return id;
}

export function updateDeck(id: string, fields: { title?: string; description?: string | null }, database: IgnitionDb = defaultDb) {
  return commit([{ table: 'flashcard_decks', id, fields: { ...fields, updated_at: nowIso() } }], [], database);
}

const cardFields = (deckId: string, c: CardText & Record<string, unknown>) => ({
  deck_id: deckId,
  front: c.front,
  back: c.back,
  interval: (c.interval as number | undefined) ?? 0,
  ease_factor: (c.ease_factor as number | undefined) ?? 2.5,
  review_count: (c.review_count as number | undefined) ?? 0,
  next_review: (c.next_review as string | undefined) ?? null,
  last_review: (c.last_review as string | undefined) ?? null,
  created_at: nowIso(),
});

/** Adds cards in one commit (all or none) and keeps the deck's card_count right; returns the new ids. */
export async function addCards(deckId: string, cards: ReadonlyArray<CardText>, database: IgnitionDb = defaultDb): Promise<string[]> {
  const ids = cards.map(() => newId());
  const count = await countAfter(database, deckId, cards.length);
  await commit(
    [...cards.map((c, i): WriteOp => ({ table: 'flashcards', id: ids[i], fields: cardFields(deckId, c as CardText & Record<string, unknown>) })), { table: 'flashcard_decks', id: deckId, fields: { card_count: count, updated_at: nowIso() } }],
    [],
    database,
  );
  return ids;
}

export function updateCard(card: TableRowOf<'flashcards'>, fields: CardText, database: IgnitionDb = defaultDb) {
  return commit([{ table: 'flashcards', id: card.id, fields: { deck_id: card.deck_id, front: fields.front, back: fields.back } }], [], database);
}

export async function deleteCards(deckId: string, ids: string[], database: IgnitionDb = defaultDb) {
  const count = await countAfter(database, deckId, -ids.length);
  await commit([...ids.map((id): WriteOp => ({ table: 'flashcards', id, delete: true })), { table: 'flashcard_decks', id: deckId, fields: { card_count: count, updated_at: nowIso() } }], [], database);
}

/** Deletes a deck and its cards; returns an undo that recreates them (new ids: a delete is final). */
export async function deleteDeck(deck: Row, database: IgnitionDb = defaultDb): Promise<() => Promise<void>> {
  const cards = await database.flashcards.where('deck_id').equals(deck.id).toArray();
  await commit([{ table: 'flashcard_decks', id: deck.id, delete: true }], [], database);
  return async () => {
    const id = await createDeck(String(deck.title ?? ''), (deck.description as string | null) ?? null, database);
    if (cards.length) await addCards(id, cards as Array<Row & CardText>, database);
  };
}

/** A due time in words: a clock time today, else a short date. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return 'now';
  const d = new Date(iso);
  // Formatted with reused formatters: a deck's card list calls this once per card.
  if (d.toDateString() === new Date().toDateString()) return `today at ${formatLocal(d, undefined, { hour: '2-digit', minute: '2-digit' })}`;
  return formatLocal(d, undefined, { weekday: 'short', day: 'numeric', month: 'short', year: d.getFullYear() === new Date().getFullYear() ? undefined : 'numeric' });
}

// ---- reviews -------------------------------------------------------------------------------

/** The SM-2 columns of a card row, as the scheduler reads them. */
export function srsState(card: Row) {
  return { interval: card.interval as number | null, ease_factor: card.ease_factor as number | null, review_count: card.review_count as number | null };
}

export function isDue(card: Row, now: Date) {
  return !card.next_review || String(card.next_review) <= now.toISOString();
}

/**
 * How many cards are due (as `isDue` says), counted on the `next_review` index instead of reading
 * every card: those whose date is at or before now (an empty date sorts first and is due) plus those
 * with no date at all, which the index leaves out.
 */
export async function countDue(now: Date, database: IgnitionDb = defaultDb): Promise<number> {
  const [dated, indexed, all] = await Promise.all([
    database.flashcards.where('next_review').belowOrEqual(now.toISOString()).count(),
    database.flashcards.orderBy('next_review').count(),
    database.flashcards.count(),
  ]);
  return dated + all - indexed;
}

/**
 * One rating: the card's new SM-2 state plus a review row (review_count is derived from those on the server).
 * Scheduled from the stored row: the screen's copy can predate a rating given a moment ago (Again, then a key straight after).
 */
export async function reviewCard(shown: TableRowOf<'flashcards'>, rating: Rating, database: IgnitionDb = defaultDb, now = new Date()) {
  const card = (await database.flashcards.get(shown.id)) ?? shown;
  const s = schedule(srsState(card), rating, now);
  await commit(
    [
      {
        table: 'flashcards',
        id: card.id,
        fields: { deck_id: card.deck_id, interval: s.interval, ease_factor: s.ease_factor, review_count: s.review_count, next_review: s.next_review, last_review: s.last_review },
      },
      { table: 'flashcard_reviews', id: newId(), fields: { card_id: card.id, rating, reviewed_at: s.last_review, interval: s.interval, ease_factor: s.ease_factor, next_review: s.next_review } },
    ],
    [],
    database,
  );
  return s;
}

/** Ends a review session: one `review_complete` event naming the reviewed cards, with the optimistic reward. */
export async function finishReviewSession(cardIds: string[], database: IgnitionDb = defaultDb) {
  const ids = [...new Set(cardIds)];
  if (!ids.length) return null;
  const today = todayLocal();
  const earlier = await database.activity_events.where('[event_type+local_date]').equals(['review_complete', today]).toArray();
  const xpToday = earlier.filter((e) => e.sync_status !== 'rejected').reduce((a, e) => a + (e.xp_earned ?? 0), 0);
  const reward = computeReward({ type: 'review_complete', cardsReviewed: ids.length, xpToday });
  const r = 'rejected' in reward ? { xp: 0, coins: 0, skill: 'knowledge' } : reward;
  await commit([], [{ event_type: 'review_complete', entity_id: null, skill_id: r.skill, xp: r.xp, coins: r.coins, metadata: { card_ids: ids } }], database);
  return { xp: r.xp, coins: r.coins };
}
