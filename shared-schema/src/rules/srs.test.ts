import { describe, expect, it } from 'vitest';
import { schedule, previewIntervals, EASE_MIN, EASE_MAX } from './srs.ts';

const now = new Date('2026-11-24T10:00:00.000Z');

describe('SM-2 scheduling', () => {
  it.each([
    ['again', 0, 2.3, '2026-11-24T10:10:00.000Z'],
    ['hard', 1, 2.35, '2026-11-25T10:00:00.000Z'],
    ['good', 1, 2.5, '2026-11-25T10:00:00.000Z'],
    ['easy', 4, 2.65, '2026-11-28T10:00:00.000Z'],
  ] as const)('a new card rated %s: interval %d, ease %d', (rating, interval, ease, next) => {
    const r = schedule({}, rating, now);
    expect(r).toMatchObject({ interval, ease_factor: ease, review_count: 1, next_review: next });
  });

  it.each([
    ['again', 0, 2.3],
    ['hard', 24, 2.35],
    ['good', 50, 2.5],
    ['easy', 65, 2.65],
  ] as const)('a mature card (20 days, ease 2.5) rated %s: interval %d', (rating, interval, ease) => {
    const r = schedule({ interval: 20, ease_factor: 2.5, review_count: 7 }, rating, now);
    expect(r).toMatchObject({ interval, ease_factor: ease, review_count: 8 });
  });

  it('keeps the ease between its bounds', () => {
    let card = { interval: 5, ease_factor: 1.35, review_count: 3 };
    for (let i = 0; i < 5; i++) card = schedule(card, 'again', now);
    expect(card.ease_factor).toBe(EASE_MIN);
    let easy = { interval: 5, ease_factor: 2.9, review_count: 3 };
    for (let i = 0; i < 5; i++) easy = schedule(easy, 'easy', now);
    expect(easy.ease_factor).toBe(EASE_MAX);
  });

  it('labels the next intervals for the buttons', () => {
    expect(previewIntervals({}, now)).toEqual({ again: '10m', hard: '1d', good: '1d', easy: '4d' });
    expect(previewIntervals({ interval: 20, ease_factor: 2.5 }, now)).toEqual({ again: '10m', hard: '3w', good: '7w', easy: '2mo' });
  });
});
