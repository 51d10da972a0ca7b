import { recordChanges } from './sync/change-log.ts';
import type { Db } from './sync/sql.ts';
import { serverHlc } from './server-clock.ts';

/**
 * Figures the server keeps true by recounting, because devices each push the figure they saw
 * and per-field last-writer-wins would keep one device's: a card's `review_count` (its review
 * rows; rewarders/review-complete.ts) and a deck's `card_count` (its cards; followers/decks.ts).
 *
 * Writes recounted figures, given the rows' change-log clocks as the push leaves them: the field
 * is stamped with a fresh server clock, so every device pulls it. Only writes, so the planned
 * push runs it into its write batch.
 */
export async function writeCountsWith(
  tx: Db,
  userId: string,
  table: 'flashcards' | 'flashcard_decks',
  field: 'review_count' | 'card_count',
  wrong: Array<{ id: string; n: number }>,
  clocksOf: ReadonlyMap<string, Record<string, string>>,
): Promise<void> {
  if (wrong.length === 0) return;
  const hlc = serverHlc();
  for (const r of wrong) await tx.execute({ sql: `UPDATE "${table}" SET "${field}" = ? WHERE id = ?`, args: [Number(r.n), r.id] });
  await recordChanges(
    tx,
    wrong.map((r) => ({ table, id: String(r.id), userId, clocks: { ...(clocksOf.get(String(r.id)) ?? {}), [field]: hlc } })),
  );
}
