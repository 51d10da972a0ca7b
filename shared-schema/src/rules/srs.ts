/**
 * SM-2 spaced repetition in the seed's columns: `interval` (days), `ease_factor` (2.5 default,
 * 1.3 minimum, capped at 3.0 so "easy" cannot run away), `review_count`, `next_review`.
 * A card answered "again" comes back in 10 minutes with its interval reset to 0.
 */
export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: Rating[] = ['again', 'hard', 'good', 'easy'];
export const EASE_DEFAULT = 2.5;
export const EASE_MIN = 1.3;
export const EASE_MAX = 3.0;

export interface CardState {
  interval?: number | null;
  ease_factor?: number | null;
  review_count?: number | null;
}

export interface Scheduled {
  interval: number;
  ease_factor: number;
  review_count: number;
  next_review: string;
  last_review: string;
  dueInMs: number;
}

const DAY = 86_400_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function schedule(card: CardState, rating: Rating, now: Date): Scheduled {
  const ease0 = card.ease_factor ?? EASE_DEFAULT;
  const interval0 = card.interval ?? 0;
  const isNew = interval0 <= 0;
  let ease = ease0;
  let interval: number;
  let dueInMs: number;
  switch (rating) {
    case 'again':
      ease = ease0 - 0.2;
      interval = 0;
      dueInMs = 10 * 60_000;
      break;
    case 'hard':
      ease = ease0 - 0.15;
      interval = isNew ? 1 : Math.max(interval0 + 1, Math.round(interval0 * 1.2));
      dueInMs = interval * DAY;
      break;
    case 'good':
      interval = isNew ? 1 : interval0 === 1 ? 3 : Math.max(interval0 + 1, Math.round(interval0 * ease0));
      dueInMs = interval * DAY;
      break;
    case 'easy': {
      ease = ease0 + 0.15;
      // Easy always waits longer than Good would, even for a young card (1 day: Good 3, Easy 4).
      const good = interval0 === 1 ? 3 : Math.max(interval0 + 1, Math.round(interval0 * ease0));
      interval = isNew ? 4 : Math.max(good + 1, Math.round(interval0 * ease0 * 1.3));
      dueInMs = interval * DAY;
      break;
    }
  }
  ease = round2(Math.min(EASE_MAX, Math.max(EASE_MIN, ease)));
  return {
    interval,
    ease_factor: ease,
    review_count: (card.review_count ?? 0) + 1,
    next_review: new Date(now.getTime() + dueInMs).toISOString(),
    last_review: now.toISOString(),
    dueInMs,
  };
}

export function formatInterval(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  const d = Math.round(ms / DAY);
  if (d < 1) return `${Math.round(m / 60)}h`;
  if (d < 14) return `${d}d`;
  if (d < 60) return `${Math.round(d / 7)}w`;
  if (d < 365) return `${Math.round(d / 30)}mo`;
  return `${Math.round((d / 365) * 10) / 10}y`;
}

export function previewIntervals(card: CardState, now: Date): Record<Rating, string> {
  const out = {} as Record<Rating, string>;
  for (const r of RATINGS) out[r] = formatInterval(schedule(card, r, now).dueInMs);
  return out;
}
