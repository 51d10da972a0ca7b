import { computeReward } from '@ignition/shared/rules/rewards.ts';
import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { writeCountsWith } from '../../learn-reviews.ts';
import type { SqlValue } from '../sql.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import { rowsOf, type Rewarder, type RewardQuery } from './types.ts';

interface Card {
  /** in a deck of the person's */
  mine: boolean;
  reviewCount: SqlValue;
  /** the person's review rows of the card */
  n: number;
}

interface ReviewFacts {
  cards: Map<string, Card>;
  /** the cards' change-log clocks as the push's changes leave them */
  clocks: Map<string, string>;
  /** the cards the push's new events name (collected by `place`) */
  fresh: Set<string>;
}

/** The cards an event names (the first 500). */
const namedCards = (e: PushEvent) => (Array.isArray(e.metadata?.card_ids) ? (e.metadata!.card_ids as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 500) : []);
const cardIds = (q: RewardQuery) => [...new Set(q.events.flatMap(namedCards))];

/**
 * A review session: paid by the number of the person's own cards it names (a card in someone
 * else's deck, or no card, counts nothing), up to the daily XP cap. Then each named card's
 * `review_count` is recounted from its review rows: two devices reviewing the same card offline
 * both push `review_count = n + 1`, and per-field last-writer-wins would keep one of them, so the
 * server writes the true figure with a fresh server clock, which every device then pulls. (The
 * scheduling fields keep last-writer-wins: the later review decides when the card is due next.)
 *
 * The planned push reads before its changes apply: the cards as stored, their review rows, and
 * the stored cards of the push's own review rows; the push's written cards and reviews are laid
 * over them (a card it writes a deck of is in a deck of the person's: the write was checked).
 */
export const reviewComplete: Rewarder<ReviewFacts> = {
  type: 'review_complete',
  entityTable: null,
  oncePerEntity: false,
  reads(q) {
    const ids = JSON.stringify(cardIds(q));
    const reviews = [...(q.written.get('flashcard_reviews')?.keys() ?? [])];
    return [
      {
        sql:
          'SELECT c.id, c.review_count, (d.user_id IS ?1) AS mine, (SELECT COUNT(*) FROM flashcard_reviews r WHERE r.card_id = c.id AND r.user_id = ?1) AS n ' +
          'FROM flashcards c LEFT JOIN flashcard_decks d ON d.id = c.deck_id WHERE c.id IN (SELECT value FROM json_each(?2))',
        args: [q.userId, ids],
      },
      { sql: "SELECT row_id, clocks FROM sync_rows WHERE table_name = 'flashcards' AND row_id IN (SELECT value FROM json_each(?))", args: [ids] },
      ...(reviews.length ? [{ sql: 'SELECT id, card_id FROM flashcard_reviews WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))', args: [q.userId, JSON.stringify(reviews)] }] : []),
    ];
  },
  facts(results, q) {
    // (Only the planned push passes the log.) What a delete in the push took away is not in the read: such a push goes the interactive way.
    if ([...(q.log?.values() ?? [])].some((r) => Number(r.deleted) && (r.table_name === 'flashcard_decks' || r.table_name === 'flashcard_reviews' || r.table_name === 'flashcards')))
      throw new NeedsInteractivePush('a review session in a push with deleted cards, decks or reviews');
    const cards = new Map(rowsOf(results[0]).map((r) => [String(r.id), { mine: Number(r.mine) === 1, reviewCount: r.review_count, n: Number(r.n) }]));
    // The push's cards: a new one holds no review yet (review_count defaults to 0).
    for (const [id, w] of q.written.get('flashcards') ?? []) {
      const c = cards.get(id) ?? { mine: false, reviewCount: 0, n: 0 };
      if (typeof w.deck_id === 'string') c.mine = true;
      if ('review_count' in w) c.reviewCount = w.review_count;
      cards.set(id, c);
    }
    // The push's review rows: each counts for the card it names now, no more for the one it named.
    const wasOf = new Map(rowsOf(results[2]).map((r) => [String(r.id), r.card_id]));
    const bump = (card: SqlValue | undefined, by: number) => {
      const c = card == null ? undefined : cards.get(String(card));
      if (c) c.n += by;
    };
    for (const [id, w] of q.written.get('flashcard_reviews') ?? []) {
      const was = wasOf.get(id);
      const now = 'card_id' in w ? w.card_id : was;
      if (was === now) continue;
      bump(was, -1);
      bump(now, +1);
    }
    const clocks = new Map(rowsOf(results[1]).map((r) => [String(r.row_id), String(r.clocks)]));
    for (const id of cards.keys()) {
      const logged = q.log?.get(`flashcards:${id}`);
      if (logged) clocks.set(id, logged.clocks);
    }
    return { cards, clocks, fresh: new Set() };
  },
  entity: () => undefined,
  place(e, f) {
    for (const c of namedCards(e)) f.fresh.add(c);
  },
  reward(e, _row, f, ctx) {
    const named = Array.isArray(e.metadata?.card_ids) ? (e.metadata!.card_ids as unknown[]).filter((c): c is string => typeof c === 'string' && f.fresh.has(c) && !!f.cards.get(c)?.mine) : [];
    const cards = new Set(named);
    return { result: computeReward({ type: 'review_complete', cardsReviewed: cards.size, xpToday: ctx.today('review_complete', e.local_date).xp }), meta: { cards: cards.size } };
  },
  async settle(sink, f, ctx) {
    // Reviews of one card on several devices all count.
    const wrong = [...f.fresh]
      .flatMap((id) => {
        const c = f.cards.get(id);
        return c?.mine && c.n > 0 && c.n !== Number(c.reviewCount) ? [{ id, n: c.n }] : [];
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const clocksOf = new Map(wrong.map((r) => [r.id, JSON.parse(f.clocks.get(r.id) ?? '{}') as Record<string, string>]));
    await writeCountsWith(sink, ctx.userId, 'flashcards', 'review_count', wrong, clocksOf);
  },
};
