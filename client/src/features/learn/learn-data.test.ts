import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { newId } from '../../sync/outbox.ts';
import { SyncClient, type FetchLike } from '../../sync/sync-client.ts';
import { STARTER_COURSES } from '@ignition/shared/starter-courses.ts';
import { createTestApp, type TestApp } from '../../../../sync-server/test/test-app.ts';
import { addCards, completeLesson, countDue, createDeck, deleteCards, deleteDeck, ensureStarterCourses, finishReviewSession, formatWhen, isDue, reviewCard } from './learn-data.ts';

describe('learn data on a device', () => {
  let server: TestApp;
  let cookie: string;
  beforeAll(async () => {
    server = await createTestApp();
    cookie = await server.signIn('learn-device@example.com');
  });
  afterAll(() => server.close());

  function device(): { db: IgnitionDb; sync: SyncClient } {
    const db = openIgnitionDb(`learn-${newId()}`);
    const f: FetchLike = async (input, init) =>
      server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } });
    return { db, sync: new SyncClient(db, f) };
  }

  it('puts the starter courses on a fresh device once, with the same lesson ids as the server', async () => {
    const { db } = device();
    await ensureStarterCourses(db);
    await ensureStarterCourses(db);
    expect(await db.courses.count()).toBe(STARTER_COURSES.length);
    expect(await db.lessons.count()).toBe(STARTER_COURSES.reduce((n, c) => n + c.lessons.length, 0));
    // A course removed later (e.g. a pulled delete) is not re-added on the next visit.
    await db.courses.delete(STARTER_COURSES[0].id);
    await ensureStarterCourses(db);
    expect(await db.courses.get(STARTER_COURSES[0].id)).toBeUndefined();
    const serverLessons = (await server.db.execute('SELECT id FROM lessons')).rows.map((r) => String(r.id));
    expect(serverLessons).toEqual(expect.arrayContaining(STARTER_COURSES.flatMap((c) => c.lessons.map((l) => l.id))));
  });

  it('completes a lesson offline once, and the server rewards it on sync', async () => {
    const { db, sync } = device();
    await ensureStarterCourses(db);
    const lesson = (await db.lessons.get('lesson-hb-1-loop'))!;
    expect(await completeLesson(lesson, db)).toEqual({ xp: 30, coins: 15 });
    expect(await completeLesson(lesson, db)).toBeNull();
    await sync.syncOnce();
    const ev = (await server.db.execute("SELECT xp_earned FROM activity_events WHERE event_type = 'lesson_complete' AND entity_id = 'lesson-hb-1-loop'")).rows;
    expect(ev.map((r) => Number(r.xp_earned))).toEqual([30]);
  });

  it('keeps card_count right through import, delete and undo, and deletes a deck with its cards', async () => {
    const { db, sync } = device();
    const deckId = await createDeck('Capitals', null, db);
    const ids = await addCards(deckId, [{ front: 'France', back: 'Paris' }, { front: 'Peru', back: 'Lima' }, { front: 'Chad', back: "N'Djamena" }], db);
    expect((await db.flashcard_decks.get(deckId))!.card_count).toBe(3);
    await deleteCards(deckId, [ids[0]], db);
    expect((await db.flashcard_decks.get(deckId))!.card_count).toBe(2);
    await sync.syncOnce();
    const row = (await server.db.execute({ sql: 'SELECT card_count, (SELECT COUNT(*) FROM flashcards WHERE deck_id = ?) AS n FROM flashcard_decks WHERE id = ?', args: [deckId, deckId] })).rows[0];
    expect([Number(row.card_count), Number(row.n)]).toEqual([2, 2]);
    const undo = await deleteDeck((await db.flashcard_decks.get(deckId))!, db);
    expect(await db.flashcards.where('deck_id').equals(deckId).count()).toBe(0);
    await undo();
    expect(await db.flashcards.count()).toBe(2);
    expect((await db.flashcard_decks.toArray())[0].card_count).toBe(2);
  });

  it('schedules from the stored card, not a copy read before an earlier review (Again, then Easy straight after)', async () => {
    const { db } = device();
    const deckId = await createDeck('Fast keys', null, db);
    const [cardId] = await addCards(deckId, [{ front: 'uno', back: 'one' }], db);
    const shown = (await db.flashcards.get(cardId))!;
    const t0 = new Date();
    expect(await reviewCard(shown, 'again', db, t0)).toMatchObject({ interval: 0, ease_factor: 2.3, review_count: 1 });
    // The screen may still hold the row it showed before the first rating landed.
    expect(await reviewCard(shown, 'easy', db, new Date(t0.getTime() + 1000))).toMatchObject({ interval: 4, ease_factor: 2.45, review_count: 2 });
    expect((await db.flashcards.get(cardId))!).toMatchObject({ interval: 4, ease_factor: 2.45, review_count: 2 });
  });

  it('merges one card reviewed on two offline devices: the later review wins and both count', async () => {
    const a = device();
    const b = device();
    const deckId = await createDeck('Verbs', null, a.db);
    const [cardId] = await addCards(deckId, [{ front: 'ser', back: 'to be' }], a.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    const t0 = new Date();
    await reviewCard((await a.db.flashcards.get(cardId))!, 'good', a.db, t0);
    await finishReviewSession([cardId], a.db);
    const later = await reviewCard((await b.db.flashcards.get(cardId))!, 'easy', b.db, new Date(t0.getTime() + 5000));
    await finishReviewSession([cardId], b.db);
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    for (const d of [a, b]) {
      const card = (await d.db.flashcards.get(cardId))!;
      expect({ review_count: card.review_count, next_review: card.next_review, interval: card.interval }).toEqual({ review_count: 2, next_review: later.next_review, interval: 4 });
      expect(await d.db.flashcard_reviews.where('card_id').equals(cardId).count()).toBe(2);
    }
    const events = (await server.db.execute("SELECT xp_earned FROM activity_events WHERE event_type = 'review_complete'")).rows;
    expect(events.map((r) => Number(r.xp_earned))).toEqual([1, 1]);
  });
});

describe('the due count on the next_review index', () => {
  it('counts exactly the cards isDue says are due, including cards with no date or an empty one', async () => {
    const db = openIgnitionDb(`due-${newId()}`);
    const now = new Date('2026-03-10T12:00:00.000Z');
    const card = (id: string, next_review: string | null | undefined) => ({ id, deck_id: 'd1', front: id, back: id, ...(next_review === undefined ? {} : { next_review }) });
    await db.flashcards.bulkPut([
      card('missing', undefined),
      card('null', null),
      card('empty', ''),
      card('past', '2026-03-01T00:00:00.000Z'),
      card('exactly-now', now.toISOString()),
      card('a-moment-later', '2026-03-10T12:00:00.001Z'),
      card('future', '2026-04-01T00:00:00.000Z'),
      card('date-only-today', '2026-03-10'),
    ]);
    const expected = (await db.flashcards.toArray()).filter((c) => isDue(c, now)).length;
    expect(expected).toBe(6);
    expect(await countDue(now, db)).toBe(expected);
    await db.flashcards.update('future', { next_review: '2026-03-09T00:00:00.000Z' });
    await db.flashcards.delete('missing');
    expect(await countDue(now, db)).toBe((await db.flashcards.toArray()).filter((c) => isDue(c, now)).length);
    db.close();
  });
});

describe('formatWhen', () => {
  it('reads as toLocaleTimeString today and toLocaleDateString on other days, with the year only for other years', () => {
    const now = new Date();
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 15, 30);
    const sameYear = new Date(now.getFullYear(), now.getMonth() === 5 ? 2 : 5, 14, 9, 0);
    const otherYear = new Date(now.getFullYear() - 2, 10, 3, 9, 0);
    expect(formatWhen(null)).toBe('now');
    expect(formatWhen('')).toBe('now');
    expect(formatWhen(today.toISOString())).toBe(`today at ${today.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`);
    expect(formatWhen(sameYear.toISOString())).toBe(sameYear.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }));
    expect(formatWhen(otherYear.toISOString())).toBe(otherYear.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
    expect(formatWhen(otherYear.toISOString())).toContain(String(now.getFullYear() - 2));
    expect(formatWhen('garbage')).toBe('Invalid Date');
  });
});
