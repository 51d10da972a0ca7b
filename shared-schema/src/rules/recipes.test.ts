import { describe, expect, it } from 'vitest';
import {
  formatClock,
  pauseTimer,
  recipeCompleteReward,
  recipeFieldError,
  RECIPE_DAILY_CAP,
  resumeTimer,
  scaleIngredients,
  scaleLine,
  startTimer,
  stepsOf,
  timerState,
} from './recipes.ts';
import { computeReward } from './rewards.ts';
import { CLIENT_EVENT_TYPES, QUEST_EVENT_TYPES } from './economy-limits.ts';

describe('recipe_complete reward', () => {
  it.each<[string, { steps: number; rewardedToday: number }, { xp: number; coins: number; skill: string } | string]>([
    ['the first run of the day', { steps: 3, rewardedToday: 0 }, { xp: 10, coins: 4, skill: 'proficiency' }],
    ['the third run of the day', { steps: 1, rewardedToday: RECIPE_DAILY_CAP - 1 }, { xp: 10, coins: 4, skill: 'proficiency' }],
    ['the fourth run of the day', { steps: 5, rewardedToday: RECIPE_DAILY_CAP }, 'daily_cap_reached'],
    ['a hundred runs claimed', { steps: 5, rewardedToday: 100 }, 'daily_cap_reached'],
    ['a recipe with no steps', { steps: 0, rewardedToday: 0 }, 'not_completed'],
    ['a nonsense step count', { steps: Number.NaN, rewardedToday: 0 }, 'not_completed'],
  ])('%s', (_name, input, want) => {
    const r = recipeCompleteReward(input);
    expect(typeof want === 'string' ? ('rejected' in r ? r.rejected : r) : r).toEqual(want);
    // The rewards table gives the same answer (client guess and server answer are one function).
    expect(computeReward({ type: 'recipe_complete', ...input })).toEqual(r);
  });

  it('is a client event type a quest may count', () => {
    expect(CLIENT_EVENT_TYPES).toContain('recipe_complete');
    expect(QUEST_EVENT_TYPES).toContain('recipe_complete');
  });
});

describe('servings scaling', () => {
  it.each<[string, number, string]>([
    ['200 g flour', 1.5, '300 g flour'],
    ['200g flour', 2, '400g flour'],
    ['1/2 tsp salt', 1.5, '3/4 tsp salt'],
    ['1/2 tsp salt', 2, '1 tsp salt'],
    ['1 1/2 cups milk', 2, '3 cups milk'],
    ['1 1/2 cups milk', 0.5, '3/4 cups milk'],
    ['½ lemon', 3, '1 1/2 lemon'],
    ['2-3 eggs', 2, '4-6 eggs'],
    ['2–3 cloves garlic', 1.5, '3–4.5 cloves garlic'],
    ['2 to 3 eggs', 2, '4 to 6 eggs'],
    ['0.5 l stock', 3, '1.5 l stock'],
    ['1,5 kg potatoes', 2, '3 kg potatoes'],
    ['- 100 ml cream', 0.5, '- 50 ml cream'],
    ['3 eggs', 1 / 3, '1 eggs'],
    ['1 onion', 1 / 3, '0.33 onion'],
    ['salt to taste', 2, 'salt to taste'],
    ['a pinch of pepper', 4, 'a pinch of pepper'],
    ['200 g flour', 1, '200 g flour'],
    ['200 g flour', 0, '200 g flour'],
    ['200 g flour', Number.NaN, '200 g flour'],
  ])('%s × %s', (line, factor, want) => {
    expect(scaleLine(line, factor)).toBe(want);
  });

  it('scales a whole list from its servings to the wanted ones', () => {
    expect(scaleIngredients('200 g flour\n1/2 tsp salt\nsalt to taste', 4, 6)).toBe('300 g flour\n3/4 tsp salt\nsalt to taste');
    expect(scaleIngredients('200 g flour', null, 6)).toBe('200 g flour');
  });
});

describe('step timers from timestamps', () => {
  const t0 = Date.parse('2026-12-07T10:00:00.000Z');
  it.each<[string, (t: ReturnType<typeof startTimer>) => ReturnType<typeof startTimer>, number, { remainingMs: number; done: boolean; paused: boolean }]>([
    ['just started', (t) => t, t0, { remainingMs: 60_000, done: false, paused: false }],
    ['after 45 s (a reload or a locked phone changes nothing)', (t) => t, t0 + 45_000, { remainingMs: 15_000, done: false, paused: false }],
    ['run out', (t) => t, t0 + 61_000, { remainingMs: 0, done: true, paused: false }],
    ['paused at 20 s, read at 50 s', (t) => pauseTimer(t, t0 + 20_000), t0 + 50_000, { remainingMs: 40_000, done: false, paused: true }],
    ['paused 20–50 s, read at 60 s', (t) => resumeTimer(pauseTimer(t, t0 + 20_000), t0 + 50_000), t0 + 60_000, { remainingMs: 30_000, done: false, paused: false }],
    ['pausing twice keeps the first pause', (t) => pauseTimer(pauseTimer(t, t0 + 10_000), t0 + 30_000), t0 + 40_000, { remainingMs: 50_000, done: false, paused: true }],
    ['a clock read before the start', (t) => t, t0 - 5_000, { remainingMs: 60_000, done: false, paused: false }],
  ])('%s', (_name, edit, now, want) => {
    expect(timerState(edit(startTimer(2, 60, t0)), now)).toMatchObject(want);
  });

  it('says when a running timer ends, and formats what is left', () => {
    expect(timerState(startTimer(0, 90, t0), t0).endsAt).toBe(t0 + 90_000);
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(400)).toBe('0:01');
  });
});

describe('recipe rows', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['steps with and without timers', { steps: [{ text: 'Boil', timer_s: 600 }, { text: 'Serve' }] }, null],
    ['steps as JSON text', { steps: '[{"text":"Boil","timer_s":null}]' }, null],
    ['steps that are not a list', { steps: 'boil it' }, 'steps must be a list of { text, timer_s }'],
    ['a timer of 0 s', { steps: [{ text: 'x', timer_s: 0 }] }, 'a step timer must be a whole number of seconds from 1 to 86,400'],
    ['a timer of 2 days', { steps: [{ text: 'x', timer_s: 172_800 }] }, 'a step timer must be a whole number of seconds from 1 to 86,400'],
    ['a step with another field', { steps: [{ text: 'x', xp: 1000 }] }, 'a step has only text and timer_s (not xp)'],
    ['101 steps', { steps: Array.from({ length: 101 }, () => ({ text: 'x' })) }, 'a recipe has at most 100 steps'],
    ['tags', { tags: ['quick', 'dinner'] }, null],
    ['an empty tag', { tags: [' '] }, 'a tag must be text of 1 to 40 characters'],
  ])('%s', (_name, fields, want) => {
    expect(recipeFieldError(fields)).toBe(want);
  });

  it('reads a seed-era row’s instructions as steps', () => {
    expect(stepsOf({ steps: null, instructions: '1. Preheat the oven\n2. Bake 20 minutes' })).toEqual([
      { text: 'Preheat the oven', timer_s: null },
      { text: 'Bake 20 minutes', timer_s: null },
    ]);
    expect(stepsOf({ steps: '[]', instructions: 'Mix.\nStill mixing.\n\nBake.' }).map((s) => s.text)).toEqual(['Mix.\nStill mixing.', 'Bake.']);
    expect(stepsOf({ steps: [{ text: 'A', timer_s: 5 }], instructions: 'ignored' })).toEqual([{ text: 'A', timer_s: 5 }]);
    expect(stepsOf({})).toEqual([]);
  });
});
