import { describe, expect, it } from 'vitest';
import { schedule, previewIntervals, EASE_MIN, EASE_MAX, type CardState } from './srs.ts';

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

  it.each([
    ['again', 0, 2.3],
    ['hard', 2, 2.35],
    ['good', 3, 2.5],
    ['easy', 4, 2.65],
  ] as const)('a young card (1 day) rated %s: interval %d', (rating, interval, ease) => {
    expect(schedule({ interval: 1, ease_factor: 2.5, review_count: 1 }, rating, now)).toMatchObject({ interval, ease_factor: ease });
  });

  it.each([
    ['hard', 12, 1.3],
    ['good', 13, 1.3],
    ['easy', 17, 1.45],
  ] as const)('a hard-won card (10 days, ease at the floor) rated %s still moves forward: interval %d', (rating, interval, ease) => {
    const r = schedule({ interval: 10, ease_factor: EASE_MIN, review_count: 12 }, rating, now);
    expect(r).toMatchObject({ interval, ease_factor: ease });
    expect(r.interval).toBeGreaterThan(10);
  });

  it.each([
    [{}, 'new'],
    [{ interval: 1, ease_factor: 2.5 }, 'young'],
    [{ interval: 3, ease_factor: 1.3 }, 'low-ease'],
    [{ interval: 20, ease_factor: 2.5 }, 'mature'],
    [{ interval: 400, ease_factor: 3.0 }, 'very mature'],
  ] as Array<[CardState, string]>)('orders the intervals again < hard <= good < easy for a %o (%s) card', (card) => {
    const [again, hard, good, easy] = (['again', 'hard', 'good', 'easy'] as const).map((r) => schedule(card, r, now).dueInMs);
    expect(again).toBeLessThan(hard);
    expect(hard).toBeLessThanOrEqual(good);
    expect(good).toBeLessThan(easy);
  });

  it('treats a lapsed card (interval reset by "again") like a new one on its next success', () => {
    const lapsed = schedule({ interval: 30, ease_factor: 2.5, review_count: 9 }, 'again', now);
    expect(lapsed).toMatchObject({ interval: 0, ease_factor: 2.3, next_review: '2026-11-24T10:10:00.000Z' });
    expect(schedule(lapsed, 'good', now)).toMatchObject({ interval: 1, ease_factor: 2.3, review_count: 11 });
  });
});

