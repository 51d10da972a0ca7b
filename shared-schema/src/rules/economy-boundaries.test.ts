import { describe, expect, it } from 'vitest';
import { levelForXp, levelProgress, skillLevelForXp, skillProgress, xpForLevel } from './levels.ts';
import { computeDailyStreak } from './streaks.ts';
import { questPeriodKey } from './quests.ts';
import { localDate } from '../dates.ts';

const CURVE = { xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 };

describe('overall level at its boundaries', () => {
  it.each([
    [0, 1],
    [99, 1],
    [100, 2], // exactly 100 XP is level 2
    [101, 2],
    [299, 2],
    [300, 3],
    [599, 3],
    [600, 4],
    [999, 4],
    [1000, 5],
    [4950, 10],
    [4499, 9],
    [4500, 10],
    [-5, 1],
    [100.9, 2],
  ])('%d XP is level %d', (xp, level) => {
    expect(levelForXp(xp)).toBe(level);
  });

  it('agrees with xpForLevel for every level up to 200', () => {
    for (let l = 1; l <= 200; l++) {
      expect(levelForXp(xpForLevel(l))).toBe(l);
      if (l > 1) expect(levelForXp(xpForLevel(l) - 1)).toBe(l - 1);
    }
  });

  it('shows exactly 100 XP as the start of level 2 with 200 XP to go', () => {
    expect(levelProgress(100)).toEqual({ level: 2, xpIntoLevel: 0, xpForNext: 200, fraction: 0 });
  });
});

describe('skill level at its boundaries (base 100, ×1.5, max 10)', () => {
  it.each([
    [0, 1],
    [99, 1],
    [100, 2], // exactly the first step
    [249, 2],
    [250, 3], // 100 + 150
    [474, 3],
    [475, 4], // + floor(225)
    [812, 5], // + floor(337.5) = 337
    [811, 4],
    [1_000_000, 10], // capped at the max level
  ])('%d XP is skill level %d', (xp, level) => {
    expect(skillLevelForXp(xp, CURVE)).toBe(level);
  });

  it('reports a full bar at the max level', () => {
    expect(skillProgress(1_000_000, CURVE)).toMatchObject({ level: 10, atMax: true, fraction: 1, xpForNext: 0 });
  });

  it('follows an admin-tuned curve', () => {
    expect(skillLevelForXp(50, { xp_scaling_base: 50, xp_scaling_multiplier: 2, max_level: 3 })).toBe(2);
    expect(skillLevelForXp(150, { xp_scaling_base: 50, xp_scaling_multiplier: 2, max_level: 3 })).toBe(3);
    expect(skillLevelForXp(10_000, { xp_scaling_base: 50, xp_scaling_multiplier: 2, max_level: 3 })).toBe(3);
  });
});

describe('streak shields', () => {
  it('consumes one shield per single missed day, in order, and breaks when they run out', () => {
    const dates = ['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-07'];
    const withTwo = computeDailyStreak(dates, [{ date: '2026-10-30', count: 2 }], '2026-11-07');
    // two gaps covered, the third breaks the run
    expect(withTwo).toMatchObject({ current: 1, best: 3, shields: 0 });
    const withThree = computeDailyStreak(dates, [{ date: '2026-10-30', count: 3 }], '2026-11-07');
    expect(withThree).toMatchObject({ current: 4, best: 4, shields: 0 });
  });

  it('keeps the streak alive today when yesterday was missed and a shield is held', () => {
    expect(computeDailyStreak(['2026-11-05', '2026-11-06'], [{ date: '2026-11-01', count: 1 }], '2026-11-08')).toMatchObject({ current: 2, shields: 1 });
    expect(computeDailyStreak(['2026-11-05', '2026-11-06'], [], '2026-11-08')).toMatchObject({ current: 0 });
  });
});

describe('days and weeks in the person’s own time zone', () => {
  it('places an instant on its local date far from UTC (Kiritimati +14, Pago Pago −11)', () => {
    const instant = '2026-11-29T11:30:00Z'; // Sunday in UTC
    expect(localDate(instant, 'Pacific/Kiritimati')).toBe('2026-11-30'); // already Monday
    expect(localDate(instant, 'Pacific/Pago_Pago')).toBe('2026-11-29');
    // so a weekly quest has already reset in Kiritimati but not in Pago Pago
    expect(questPeriodKey('weekly', localDate(instant, 'Pacific/Kiritimati'))).toBe('2026-11-30');
    expect(questPeriodKey('weekly', localDate(instant, 'Pacific/Pago_Pago'))).toBe('2026-11-23');
  });

  it('keeps a streak across a week boundary seen from +14', () => {
    const tz = 'Pacific/Kiritimati';
    const dates = ['2026-11-28T20:00:00Z', '2026-11-29T20:00:00Z', '2026-11-30T20:00:00Z'].map((t) => localDate(t, tz));
    expect(dates).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(computeDailyStreak(dates, [], '2026-12-01')).toMatchObject({ current: 3 });
  });

  it('counts the day clocks go back (25 hours) and forward (23 hours) as one day each', () => {
    const tz = 'Europe/Berlin';
    // 2026-10-25: clocks go back at 03:00 CEST; 00:30 and 23:30 local are 24 h + 1 h apart
    expect(localDate('2026-10-24T22:30:00Z', tz)).toBe('2026-10-25');
    expect(localDate('2026-10-25T22:30:00Z', tz)).toBe('2026-10-25');
    // 2026-03-29: clocks go forward; 23:30 local is 21:30 UTC
    expect(localDate('2026-03-29T21:30:00Z', tz)).toBe('2026-03-29');
    expect(localDate('2026-03-29T22:30:00Z', tz)).toBe('2026-03-30');
    const dates = ['2026-03-28T12:00:00Z', '2026-03-29T21:30:00Z', '2026-03-30T06:00:00Z'].map((t) => localDate(t, tz));
    expect(computeDailyStreak(dates, [], '2026-03-30')).toMatchObject({ current: 3, best: 3 });
    expect(questPeriodKey('daily', localDate('2026-10-25T22:30:00Z', tz))).toBe('2026-10-25');
  });
});
