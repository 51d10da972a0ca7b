import { recordChanges } from './sync/change-log.ts';
import { selectIn, type Db } from './sync/sql.ts';
import { serverHlc } from './server-clock.ts';

/**
 * A card's `review_count` is the number of its review rows (`flashcard_reviews`). Two devices
 * reviewing the same card offline both push `review_count = n + 1`; per-field last-writer-wins
 * would keep one of them, so after a review session is pushed the server recounts from the log
 * and writes the true figure with a fresh server clock, which every device then pulls.
 * The scheduling fields (next_review, interval, ease_factor) keep last-writer-wins: the later
 * review decides when the card is due next.
 */
export async function recountCardReviews(tx: Db, userId: string, cardIds: string[]): Promise<number> {
  if (cardIds.length === 0) return 0;
  const rows = await selectIn<{ id: string; review_count: number; n: number }>(
    tx,
    `SELECT c.id, c.review_count, (SELECT COUNT(*) FROM flashcard_reviews r WHERE r.card_id = c.id AND r.user_id = ?) AS n
       FROM flashcards c JOIN flashcard_decks d ON d.id = c.deck_id WHERE d.user_id = ? AND c.id IN`,
    cardIds,
    [userId, userId],
  );
  const wrong = rows.filter((r) => Number(r.n) > 0 && Number(r.n) !== Number(r.review_count));
  return writeCounts(tx, userId, 'flashcards', 'review_count', wrong);
}

/** Stores recounted figures and stamps that one field with a fresh server clock, so every device pulls it. */
async function writeCounts(tx: Db, userId: string, table: 'flashcards' | 'flashcard_decks', field: 'review_count' | 'card_count', wrong: Array<{ id: string; n: number }>): Promise<number> {
  if (wrong.length === 0) return 0;
  const logs = await selectIn<{ row_id: string; clocks: string }>(tx, 'SELECT row_id, clocks FROM sync_rows WHERE table_name = ? AND row_id IN', wrong.map((r) => r.id), [table]);
  const clocksOf = new Map(logs.map((l) => [String(l.row_id), JSON.parse(l.clocks) as Record<string, string>]));
  const hlc = serverHlc();
  for (const r of wrong) await tx.execute({ sql: `UPDATE "${table}" SET "${field}" = ? WHERE id = ?`, args: [Number(r.n), r.id] });
  await recordChanges(
    tx,
    wrong.map((r) => ({ table, id: String(r.id), userId, clocks: { ...(clocksOf.get(String(r.id)) ?? {}), [field]: hlc } })),
  );
  return wrong.length;
}

/**
 * The decks a push can change the card count of: decks it writes, decks its card upserts name,
 * and the current decks of the cards it touches (a delete names no deck). Read before the
 * changes are applied, while deleted cards still say where they were.
 */
export async function decksTouchedBy(tx: Db, changes: ReadonlyArray<{ table: string; id: string; fields?: Record<string, unknown> | null }>): Promise<string[]> {
  const decks = new Set<string>();
  const cards: string[] = [];
  for (const ch of changes) {
    if (ch.table === 'flashcard_decks') decks.add(ch.id);
    else if (ch.table === 'flashcards') {
      cards.push(ch.id);
      if (typeof ch.fields?.deck_id === 'string') decks.add(ch.fields.deck_id);
    }
  }
  if (cards.length) for (const r of await selectIn<{ deck_id: string }>(tx, 'SELECT DISTINCT deck_id FROM flashcards WHERE id IN', cards)) decks.add(String(r.deck_id));
  return [...decks];
}

/**
 * A deck's `card_count` is the number of its cards. Devices each push the count they saw, so two
 * devices adding cards offline would leave last-writer-wins holding one device's figure; after a
 * push the server recounts the user's touched decks and writes the true figure with a fresh
 * server clock, which every device then pulls.
 */
export async function recountDeckCards(tx: Db, userId: string, deckIds: string[]): Promise<number> {
  if (deckIds.length === 0) return 0;
  const rows = await selectIn<{ id: string; card_count: number | null; n: number }>(
    tx,
    'SELECT d.id, d.card_count, (SELECT COUNT(*) FROM flashcards c WHERE c.deck_id = d.id) AS n FROM flashcard_decks d WHERE d.user_id = ? AND d.id IN',
    deckIds,
    [userId],
  );
  const wrong = rows.filter((r) => r.card_count == null || Number(r.n) !== Number(r.card_count));
  return writeCounts(tx, userId, 'flashcard_decks', 'card_count', wrong);
}
