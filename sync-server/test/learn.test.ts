import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_COURSES } from '@ignition/shared/starter-courses.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { progressOf } from './sync-helpers.ts';

describe('learn REST routes', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  beforeAll(async () => {
    t = await createTestApp();
    a = await t.signIn('learner-a@example.com');
    b = await t.signIn('learner-b@example.com');
  });
  afterAll(() => t.close());

  it('lists the published starter courses with their lesson counts and zero progress', async () => {
    const res = await t.req('/api/learn/courses', { cookie: a });
    expect(res.status).toBe(200);
    const { courses } = await res.json();
    expect(courses.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(STARTER_COURSES.map((c) => c.id)));
    const gs = courses.find((c: { id: string }) => c.id === 'course-getting-started');
    expect(gs.lesson_count).toBe(4);
    expect(gs.progress).toBe(0);
  });

  it('hides unpublished courses', async () => {
    await t.db.execute("INSERT INTO courses (id, title, is_published) VALUES ('draft-course', 'Draft', 0)");
    const { courses } = await (await t.req('/api/learn/courses', { cookie: a })).json();
    expect(courses.find((c: { id: string }) => c.id === 'draft-course')).toBeUndefined();
    expect((await t.req('/api/learn/courses/draft-course', { cookie: a })).status).toBe(404);
  });

  it('completes a lesson once: 30 XP and 15 coins, then no second reward, and progress shows 25 %', async () => {
    const first = await t.req('/api/learn/lessons/lesson-gs-1-welcome/complete', { cookie: a, method: 'POST' });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.reward).toMatchObject({ accepted: true, xp: 30, coins: 15 });
    const again = await (await t.req('/api/learn/lessons/lesson-gs-1-welcome/complete', { cookie: a, method: 'POST' })).json();
    expect(again.already_completed).toBe(true);
    expect(await progressOf(t, 'learner-a@example.com')).toMatchObject({ total_xp: 30, coins: 15 });
    const course = await (await t.req('/api/learn/courses/course-getting-started', { cookie: a })).json();
    expect(course.progress).toBe(25);
    expect(course.lessons[0]).toMatchObject({ id: 'lesson-gs-1-welcome', completed: true });
    expect(course.lessons.map((l: { order_index: number }) => l.order_index)).toEqual([0, 1, 2, 3]);
    // Another learner's progress is their own.
    const other = await (await t.req('/api/learn/courses/course-getting-started', { cookie: b })).json();
    expect(other.progress).toBe(0);
    // The course list counts each learner's own completed lessons, once each.
    const listed = async (cookie: string) => (await (await t.req('/api/learn/courses', { cookie })).json()).courses.find((c: { id: string }) => c.id === 'course-getting-started');
    expect(await listed(a)).toMatchObject({ lesson_count: 4, completed_count: 1, progress: 25 });
    expect(await listed(b)).toMatchObject({ lesson_count: 4, completed_count: 0, progress: 0 });
  });

  it('rejects an unknown lesson with 404 and no reward', async () => {
    const res = await t.req('/api/learn/lessons/no-such-lesson/complete', { cookie: b, method: 'POST' });
    expect(res.status).toBe(404);
    expect(await progressOf(t, 'learner-b@example.com')).toMatchObject({ total_xp: 0 });
  });

  it('creates a deck, adds cards, keeps card_count right and reviews with SM-2', async () => {
    const deckRes = await t.req('/api/learn/decks', { cookie: a, body: { title: 'Spanish', description: 'Basics' } });
    expect(deckRes.status).toBe(201);
    const { deck } = await deckRes.json();
    const cardsRes = await t.req(`/api/learn/decks/${deck.id}/cards`, { cookie: a, body: { cards: [{ front: 'hola', back: 'hello' }, { front: 'gato', back: 'cat' }, { front: 'perro', back: 'dog' }] } });
    expect(cardsRes.status).toBe(201);
    const { cards: added } = await cardsRes.json();
    expect(added).toHaveLength(3);
    const cards = ['hola', 'gato', 'perro'].map((f) => added.find((c: { front: string }) => c.front === f));
    expect((await (await t.req(`/api/learn/decks/${deck.id}`, { cookie: a })).json()).deck.card_count).toBe(3);
    const row = (await t.db.execute({ sql: 'SELECT card_count FROM flashcard_decks WHERE id = ?', args: [deck.id] })).rows[0];
    expect(Number(row.card_count)).toBe(3);

    const due = await (await t.req('/api/learn/due', { cookie: a })).json();
    expect(due.cards).toHaveLength(3);
    const reviewed = await t.req('/api/learn/reviews', { cookie: a, body: { reviews: [{ card_id: cards[0].id, rating: 'good' }, { card_id: cards[1].id, rating: 'easy' }] } });
    expect(reviewed.status).toBe(200);
    const rb = await reviewed.json();
    const byId = new Map(rb.cards.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(cards[0].id)).toMatchObject({ interval: 1, review_count: 1, ease_factor: 2.5 });
    expect(byId.get(cards[1].id)).toMatchObject({ interval: 4, review_count: 1, ease_factor: 2.65 });
    expect(rb.reward).toMatchObject({ accepted: true, xp: 2 });
    const dueAfter = await (await t.req('/api/learn/due', { cookie: a })).json();
    expect(dueAfter.cards.map((c: { id: string }) => c.id)).toEqual([cards[2].id]);
    expect(dueAfter.next_review_at).toBeTruthy();

    expect((await t.req(`/api/learn/cards/${cards[2].id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect((await (await t.req('/api/learn/decks', { cookie: a })).json()).decks[0].card_count).toBe(2);
    const row2 = (await t.db.execute({ sql: 'SELECT card_count FROM flashcard_decks WHERE id = ?', args: [deck.id] })).rows[0];
    expect(Number(row2.card_count)).toBe(2);
  });

  it("answers 404 for another user's deck and card, and writes nothing", async () => {
    const { decks } = await (await t.req('/api/learn/decks', { cookie: a })).json();
    const deckId = decks[0].id;
    const { cards: all } = await (await t.req(`/api/learn/decks/${deckId}/cards`, { cookie: a })).json();
    const cards = all.filter((c: { front: string }) => c.front === 'hola');
    expect((await t.req(`/api/learn/decks/${deckId}`, { cookie: b })).status).toBe(404);
    expect((await t.req(`/api/learn/decks/${deckId}/cards`, { cookie: b, body: { cards: [{ front: 'x', back: 'y' }] } })).status).toBe(404);
    expect((await t.req(`/api/learn/cards/${cards[0].id}`, { cookie: b, method: 'PATCH', body: { front: 'hacked' } })).status).toBe(404);
    expect((await t.req('/api/learn/reviews', { cookie: b, body: { reviews: [{ card_id: cards[0].id, rating: 'again' }] } })).status).toBe(404);
    expect((await t.req(`/api/learn/decks/${deckId}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    const still = (await t.db.execute({ sql: 'SELECT front, review_count FROM flashcards WHERE id = ?', args: [cards[0].id] })).rows[0];
    expect(still.front).toBe('hola');
    expect(Number(still.review_count)).toBe(1);
  });

  it('rejects bad input with 422 and writes nothing', async () => {
    const { decks } = await (await t.req('/api/learn/decks', { cookie: a })).json();
    expect((await t.req('/api/learn/decks', { cookie: a, body: { title: '' } })).status).toBe(422);
    expect((await t.req(`/api/learn/decks/${decks[0].id}/cards`, { cookie: a, body: { cards: [{ front: 'ok', back: 'ok' }, { front: '', back: 'x' }] } })).status).toBe(422);
    expect((await t.req('/api/learn/reviews', { cookie: a, body: { reviews: [{ card_id: 'x', rating: 'perfect' }] } })).status).toBe(422);
    const n = (await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM flashcards WHERE deck_id = ?', args: [decks[0].id] })).rows[0].n;
    expect(Number(n)).toBe(2);
  });

  it('edits a deck and a card for their owner; an empty edit is refused and changes nothing', async () => {
    const { deck } = await (await t.req('/api/learn/decks', { cookie: b, body: { title: 'Kanji' } })).json();
    const { cards } = await (await t.req(`/api/learn/decks/${deck.id}/cards`, { cookie: b, body: { cards: [{ front: '水', back: 'water' }] } })).json();
    const edited = await t.req(`/api/learn/decks/${deck.id}`, { cookie: b, method: 'PATCH', body: { title: 'Kanji N5', description: 'First 80' } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).deck).toMatchObject({ title: 'Kanji N5', description: 'First 80', card_count: 1 });
    const card = await t.req(`/api/learn/cards/${cards[0].id}`, { cookie: b, method: 'PATCH', body: { back: '**water**' } });
    expect(card.status).toBe(200);
    expect((await card.json()).card).toMatchObject({ front: '水', back: '**water**', deck_id: deck.id });
    const empty = await t.req(`/api/learn/decks/${deck.id}`, { cookie: b, method: 'PATCH', body: {} });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.code).toBeTruthy();
    expect((await t.req(`/api/learn/cards/${cards[0].id}`, { cookie: b, method: 'PATCH', body: { front: '   ' } })).status).toBe(422);
    const row = (await t.db.execute({ sql: 'SELECT d.title, c.front FROM flashcard_decks d JOIN flashcards c ON c.deck_id = d.id WHERE d.id = ?', args: [deck.id] })).rows[0];
    expect({ ...row }).toEqual({ title: 'Kanji N5', front: '水' });
  });

  it('requires a session', async () => {
    expect((await t.req('/api/learn/courses')).status).toBe(401);
    expect((await t.req('/api/learn/decks', { body: { title: 'x' } })).status).toBe(401);
  });

  it('deleting a deck removes its cards', async () => {
    const { deck } = await (await t.req('/api/learn/decks', { cookie: b, body: { title: 'Temp' } })).json();
    await t.req(`/api/learn/decks/${deck.id}/cards`, { cookie: b, body: { cards: [{ front: 'a', back: 'b' }] } });
    expect((await t.req(`/api/learn/decks/${deck.id}`, { cookie: b, method: 'DELETE' })).status).toBe(204);
    expect(Number((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM flashcards WHERE deck_id = ?', args: [deck.id] })).rows[0].n)).toBe(0);
  });
});

describe('starter courses on the server', () => {
  it('seeds once, never overwrites an edit, and does not bring back a deleted course', async () => {
    const { seedStarterCourses } = await import('../src/services/learn-seed.ts');
    const { recordChanges } = await import('../src/services/sync/change-log.ts');
    const t = await createTestApp();
    try {
      const count = async () => Number((await t.db.execute('SELECT COUNT(*) AS n FROM lessons')).rows[0].n);
      const lessons = await count();
      expect(lessons).toBe(STARTER_COURSES.reduce((n, c) => n + c.lessons.length, 0));
      await t.db.execute("UPDATE courses SET title = 'Edited by an admin' WHERE id = 'course-deep-work'");
      await t.db.execute("DELETE FROM courses WHERE id = 'course-habits-that-last'");
      await recordChanges(t.db, [{ table: 'courses', id: 'course-habits-that-last', userId: null, deleted: true }]);
      await seedStarterCourses(t.db);
      expect((await t.db.execute("SELECT title FROM courses WHERE id = 'course-deep-work'")).rows[0].title).toBe('Edited by an admin');
      expect((await t.db.execute("SELECT id FROM courses WHERE id = 'course-habits-that-last'")).rows).toHaveLength(0);
      expect(await count()).toBe(lessons - 4);
    } finally {
      t.close();
    }
  });
});
