import { uuidv7 } from 'uuidv7';
import type { Row } from '../../../db/db.ts';
import { addDays } from '@ignition/shared/dates.ts';

/**
 * One entry per day and person. The id is derived from (user, date), so two devices that write
 * the same day while offline create the same row; the sync merge (per field, latest write wins)
 * then leaves one entry for that date instead of two.
 */
export function journalIdFor(userId: string | null | undefined, date: string): string {
  // Signed out there is no person to derive from; a random id keeps it from colliding with anyone's.
  return userId ? `journal:${userId}:${date}` : `journal:${uuidv7()}`;
}

/** An entry with no words and no mood counts as no entry (that is how an entry is removed). */
export function isBlank(entry: Record<string, unknown> | undefined | null): boolean {
  return !entry || (!String(entry.content ?? '').trim() && entry.mood == null);
}

export const MOODS: Array<{ value: number; face: string; label: string }> = [
  { value: 1, face: '😞', label: 'Awful' },
  { value: 2, face: '🙁', label: 'Low' },
  { value: 3, face: '😐', label: 'Okay' },
  { value: 4, face: '🙂', label: 'Good' },
  { value: 5, face: '😄', label: 'Great' },
];

export function moodFace(mood: unknown): string {
  return MOODS.find((m) => m.value === Number(mood))?.face ?? '';
}

/** Entries newest first, blank ones left out, optionally only those whose text contains every word of `query`. */
export function searchEntries(entries: Row[], query: string): Row[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((e) => !isBlank(e))
    .filter((e) => {
      const text = String(e.content ?? '').toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => String(b.date).localeCompare(String(a.date)));
}

/**
 * Mood per day for the chart: one point per day from the first entry (at least `minDays` back) to
 * `today`, null where there is no mood, so the time axis is a real calendar even with few entries.
 */
export function moodSeries(entries: Row[], today: string, minDays = 30): { x: number[]; values: (number | null)[] } {
  const byDate = new Map<string, number>();
  for (const e of entries) if (e.mood != null && !isBlank(e)) byDate.set(String(e.date), Number(e.mood));
  if (byDate.size === 0) return { x: [], values: [] };
  const first = [...byDate.keys()].sort()[0];
  const start = [first, addDays(today, -(minDays - 1))].sort()[0];
  const x: number[] = [];
  const values: (number | null)[] = [];
  for (let d = start; d <= today; d = addDays(d, 1)) {
    x.push(Date.parse(`${d}T00:00:00Z`) / 1000);
    values.push(byDate.get(d) ?? null);
  }
  return { x, values };
}

/** A short plain-text preview of markdown content for the list. */
export function preview(content: unknown, max = 140): string {
  const text = String(content ?? '')
    .replace(/[#>*_`~[\]()!-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
