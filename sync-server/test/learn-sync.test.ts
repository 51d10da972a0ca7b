import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedule } from '@ignition/shared/rules/srs.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk } from './sync-helpers.ts';

/**
 * Two devices review the same card while offline, then both sync. The later review decides the
 * schedule (per-field last-writer-wins on the HLC); review_count counts both reviews because the
 * server derives it from the pushed review rows.
 */
describe('flashcard reviews from two devices', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    cookie = await t.signIn('two-devices@example.com');
  });
  afterAll(() => t.close());

  async function newCard() {
    const deckId = id();
    const cardId = id();
    await pushOk(t, cookie, [
      { table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { title: 'Capitals', card_count: 1 }, hlc: hlc(Date.now() - 7_200_000) },
      { table: 'flashcards', id: cardId, op: 'upsert', fields: { deck_id: deckId, front: 'France', back: 'Paris', interval: 0, ease_factor: 2.5, review_count: 0 }, hlc: hlc(Date.now() - 7_200_000) },
    ]);
    return { deckId, cardId };
  }

  function review(deckId: string, cardId: string, rating: 'again' | 'good' | 'easy', at: Date) {
    const s = schedule({ interval: 0, ease_factor: 2.5, review_count: 0 }, rating, at);
    const h = hlc(at.getTime());
    return {
      next_review: s.next_review,
      changes: [
        { table: 'flashcards', id: cardId, op: 'upsert', fields: { deck_id: deckId, interval: s.interval, ease_factor: s.ease_factor, review_count: s.review_count, next_review: s.next_review, last_review: s.last_review }, hlc: h },
        { table: 'flashcard_reviews', id: id(), op: 'upsert', fields: { card_id: cardId, rating, reviewed_at: s.last_review, interval: s.interval, ease_factor: s.ease_factor, next_review: s.next_review }, hlc: h },
      ],
      event: { id: id(), event_type: 'review_complete', entity_id: null, created_at: at.toISOString(), metadata: { card_ids: [cardId] } },
    };
  }

  async function cardRow(cardId: string) {
    const r = (await t.db.execute({ sql: 'SELECT * FROM flashcards WHERE id = ?', args: [cardId] })).rows[0];
    return { next_review: String(r.next_review), review_count: Number(r.review_count), interval: Number(r.interval) };
  }

  it('keeps the later review and counts both when the earlier review syncs first', async () => {
    const { deckId, cardId } = await newCard();
    const base = Date.now() - 3_600_000;
    const early = review(deckId, cardId, 'again', new Date(base));
    const late = review(deckId, cardId, 'easy', new Date(base + 600_000));
    await pushOk(t, cookie, early.changes, [early.event]);
    expect((await cardRow(cardId)).review_count).toBe(1);
    await pushOk(t, cookie, late.changes, [late.event]);
    expect(await cardRow(cardId)).toEqual({ next_review: late.next_review, review_count: 2, interval: 4 });
  });

  it('keeps the later review and counts both when the later review syncs first', async () => {
    const { deckId, cardId } = await newCard();
    const base = Date.now() - 3_600_000;
    const early = review(deckId, cardId, 'good', new Date(base));
    const late = review(deckId, cardId, 'again', new Date(base + 600_000));
    await pushOk(t, cookie, late.changes, [late.event]);
    await pushOk(t, cookie, early.changes, [early.event]);
    expect(await cardRow(cardId)).toEqual({ next_review: late.next_review, review_count: 2, interval: 0 });
  });

  it('sends the merged review_count to every device on pull, with a clock that beats both', async () => {
    const { deckId, cardId } = await newCard();
    const base = Date.now() - 3_600_000;
    const a = review(deckId, cardId, 'good', new Date(base));
    const b = review(deckId, cardId, 'good', new Date(base + 1000));
    await pushOk(t, cookie, a.changes, [a.event]);
    await pushOk(t, cookie, b.changes, [b.event]);
    const pulled = await (await t.req('/api/sync/pull?limit=1000', { cookie })).json();
    const change = pulled.changes.find((c: { table: string; id: string }) => c.table === 'flashcards' && c.id === cardId);
    expect(change.row.review_count).toBe(2);
    expect(change.clocks.review_count > b.changes[0].hlc).toBe(true);
    const reviews = pulled.changes.filter((c: { table: string; row?: { card_id?: string } }) => c.table === 'flashcard_reviews' && c.row?.card_id === cardId);
    expect(reviews).toHaveLength(2);
  });

  it("does not count another user's review rows naming my card", async () => {
    const { deckId, cardId } = await newCard();
    const intruder = await t.signIn('intruder@example.com');
    const fake = review(deckId, cardId, 'good', new Date());
    // The intruder can write a review row of their own, but not touch the card or its count.
    await pushOk(t, intruder, [fake.changes[1]], [fake.event]);
    const mine = review(deckId, cardId, 'good', new Date());
    await pushOk(t, cookie, mine.changes, [mine.event]);
    expect((await cardRow(cardId)).review_count).toBe(1);
  });

  it('accepts an older offline edit of the front after a newer review (no NOT NULL failure on deck_id)', async () => {
    const { deckId, cardId } = await newCard();
    const late = review(deckId, cardId, 'good', new Date(Date.now() - 60_000));
    await pushOk(t, cookie, late.changes, [late.event]);
    // Written earlier on another device, synced later: front wins (its clock is older), deck_id loses.
    const res = await pushOk(t, cookie, [{ table: 'flashcards', id: cardId, op: 'upsert', fields: { deck_id: deckId, front: 'République française' }, hlc: hlc(Date.now() - 1_800_000) }]);
    expect(res.changeErrors).toEqual([]);
    const row = (await t.db.execute({ sql: 'SELECT front, deck_id, interval FROM flashcards WHERE id = ?', args: [cardId] })).rows[0];
    expect({ ...row }).toEqual({ front: 'République française', deck_id: deckId, interval: 1 });
  });
});

/**
 * `flashcard_decks.card_count` is a stored figure that per-field last-writer-wins would get wrong:
 * two devices adding cards to one deck offline each push the count they saw. The server recounts
 * the deck after every push that touches its cards and sends the true figure back.
 */
describe("a deck's card_count across devices", () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    cookie = await t.signIn('card-count@example.com');
  });
  afterAll(() => t.close());

  const card = (deckId: string, front: string, at: number) => ({
    table: 'flashcards',
    id: id(),
    op: 'upsert',
    fields: { deck_id: deckId, front, back: front.toUpperCase(), interval: 0, ease_factor: 2.5, review_count: 0 },
    hlc: hlc(at),
  });
  const stored = async (deckId: string) => {
    const r = (await t.db.execute({ sql: 'SELECT card_count, (SELECT COUNT(*) FROM flashcards WHERE deck_id = ?) AS n FROM flashcard_decks WHERE id = ?', args: [deckId, deckId] })).rows[0];
    return [Number(r.card_count), Number(r.n)];
  };

  it('counts cards two offline devices added to one deck, and sends the count to every device', async () => {
    const deckId = id();
    const base = Date.now() - 3_600_000;
    await pushOk(t, cookie, [{ table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { title: 'Verbs', card_count: 0 }, hlc: hlc(base) }]);
    // Device A adds three cards (it saw 3), device B two (it saw 2, with the later clock).
    const a = ['ser', 'estar', 'ir'].map((f) => card(deckId, f, base + 1000));
    await pushOk(t, cookie, [...a, { table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { card_count: 3 }, hlc: hlc(base + 1000) }]);
    const b = ['tener', 'hacer'].map((f) => card(deckId, f, base + 2000));
    await pushOk(t, cookie, [...b, { table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { card_count: 2 }, hlc: hlc(base + 2000) }]);
    expect(await stored(deckId)).toEqual([5, 5]);
    const pulled = await (await t.req('/api/sync/pull?limit=1000', { cookie })).json();
    const change = pulled.changes.find((c: { table: string; id: string }) => c.table === 'flashcard_decks' && c.id === deckId);
    expect(change.row.card_count).toBe(5);
    expect(change.clocks.card_count > hlc(base + 2000)).toBe(true);
  });

  it('recounts when a push adds or deletes cards without naming the deck, or claims a wrong count', async () => {
    const deckId = id();
    const base = Date.now() - 3_600_000;
    const cards = ['uno', 'dos', 'tres'].map((f) => card(deckId, f, base + 1000));
    await pushOk(t, cookie, [{ table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { title: 'Numbers', card_count: 0 }, hlc: hlc(base) }, ...cards]);
    expect(await stored(deckId)).toEqual([3, 3]);
    await pushOk(t, cookie, [{ table: 'flashcards', id: cards[0].id, op: 'delete', hlc: hlc(base + 2000) }]);
    expect(await stored(deckId)).toEqual([2, 2]);
    await pushOk(t, cookie, [{ table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { card_count: 40 }, hlc: hlc() }]);
    expect(await stored(deckId)).toEqual([2, 2]);
  });

  it("leaves another person's deck alone", async () => {
    const deckId = id();
    await pushOk(t, cookie, [{ table: 'flashcard_decks', id: deckId, op: 'upsert', fields: { title: 'Mine', card_count: 0 }, hlc: hlc() }, card(deckId, 'hola', Date.now())]);
    const other = await t.signIn('card-count-other@example.com');
    const res = await pushOk(t, other, [card(deckId, 'intruso', Date.now())]);
    expect(res.changeErrors.map((e: { code: string }) => e.code)).toEqual(['unknown_reference']);
    expect(await stored(deckId)).toEqual([1, 1]);
  });
});
