import type { SqlValue } from '../sql.ts';
import { writeCountsWith } from '../../learn-reviews.ts';
import { rowsOf } from '../rewarders/types.ts';
import type { ChangeFollower, FollowQuery } from './types.ts';

interface DeckFacts {
  /** the person's touched decks as stored: card_count, and n, the cards they hold */
  decks: Map<string, { cardCount: SqlValue; n: number }>;
  /** where each of the push's cards is stored now (a card not stored has no entry) */
  cardDeck: Map<string, string>;
  /** the touched decks' change-log clocks as stored */
  clocks: Map<string, string>;
}

/** The decks the push names: decks it writes, and decks its card upserts name. */
function named(q: FollowQuery) {
  const decks = new Set<string>();
  const cards = new Set<string>();
  for (const ch of q.changes) {
    if (ch.table === 'flashcard_decks') decks.add(ch.id);
    else if (ch.table === 'flashcards') {
      cards.add(ch.id);
      if (typeof ch.fields?.deck_id === 'string') decks.add(ch.fields.deck_id);
    }
  }
  return { decks: [...decks], cards: [...cards] };
}

/** The decks a push can change the card count of: the ones it names, and the stored decks of the cards it touches (a delete names no deck). */
const TOUCHED = '(SELECT value FROM json_each(?2) UNION SELECT deck_id FROM flashcards WHERE id IN (SELECT value FROM json_each(?3)))';

/**
 * A deck's `card_count` is the number of its cards. Devices each push the count they saw, so two
 * devices adding cards offline would leave last-writer-wins holding one device's figure; after a
 * push the server recounts the person's touched decks and writes the true figure with a fresh
 * server clock, which every device then pulls.
 *
 * Read before the changes apply (while deleted cards still say where they were): each touched
 * deck's stored count of cards, and where the push's cards are stored. After: a deck holds its
 * stored cards, less those the push moved away or deleted, plus those it moved in or created.
 */
export const deckCounts: ChangeFollower<DeckFacts> = {
  name: 'deck card counts',
  wants: (q) => q.changes.some((c) => c.table === 'flashcards' || c.table === 'flashcard_decks'),
  reads(q) {
    const { decks, cards } = named(q);
    const args = [q.userId, JSON.stringify(decks), JSON.stringify(cards)];
    return [
      { sql: `SELECT d.id, d.card_count, (SELECT COUNT(*) FROM flashcards c WHERE c.deck_id = d.id) AS n FROM flashcard_decks d WHERE d.user_id = ?1 AND d.id IN ${TOUCHED}`, args },
      { sql: 'SELECT id, deck_id FROM flashcards WHERE id IN (SELECT value FROM json_each(?1))', args: [JSON.stringify(cards)] },
      { sql: `SELECT row_id, clocks FROM sync_rows WHERE table_name = 'flashcard_decks' AND row_id IN ${TOUCHED}`, args },
    ];
  },
  facts(results) {
    return {
      decks: new Map(rowsOf(results[0]).map((r) => [String(r.id), { cardCount: r.card_count, n: Number(r.n) }])),
      cardDeck: new Map(rowsOf(results[1]).map((r) => [String(r.id), String(r.deck_id)])),
      clocks: new Map(rowsOf(results[2]).map((r) => [String(r.row_id), String(r.clocks)])),
    };
  },
  async follow(sink, f, applied, q) {
    const writtenDecks = applied.written.get('flashcard_decks');
    const writtenCards = applied.written.get('flashcards');
    const goneDecks = applied.deleted.get('flashcard_decks');
    const goneCards = applied.deleted.get('flashcards');
    // The person's decks after the push: the stored ones, and the ones it created (a new deck holds 0 by the table's default).
    const decks = new Map<string, { cardCount: SqlValue; n: number }>();
    for (const [id, d] of f.decks) decks.set(id, { ...d });
    for (const [id, w] of writtenDecks ?? []) {
      const d = decks.get(id) ?? { cardCount: 0, n: 0 };
      if ('card_count' in w) d.cardCount = w.card_count;
      decks.set(id, d);
    }
    const move = (deck: string | undefined, by: number) => {
      const d = deck === undefined ? undefined : decks.get(deck);
      if (d) d.n += by;
    };
    for (const id of named(q).cards) {
      const before = f.cardDeck.get(id);
      const w = writtenCards?.get(id);
      const after = goneCards?.has(id) ? undefined : typeof w?.deck_id === 'string' ? w.deck_id : before;
      if (before === after) continue;
      move(before, -1);
      move(after, +1);
    }
    const wrong = [...decks]
      .filter(([id, d]) => !goneDecks?.has(id) && (d.cardCount == null || d.n !== Number(d.cardCount)))
      .map(([id, d]) => ({ id, n: d.n }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const clocksOf = new Map(wrong.map((r) => [r.id, JSON.parse(applied.log.get(`flashcard_decks:${r.id}`)?.clocks ?? f.clocks.get(r.id) ?? '{}') as Record<string, string>]));
    await writeCountsWith(sink, q.userId, 'flashcard_decks', 'card_count', wrong, clocksOf);
  },
};
