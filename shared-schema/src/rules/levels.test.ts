import { describe, expect, it } from 'vitest';
import { levelForXp, levelProgress, skillLevelForXp, skillProgress, xpForLevel, DEFAULT_SKILL_DEFINITIONS } from './levels.ts';

const curve = { xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 };

describe('overall level', () => {
  it.each([
    [0, 1],
    [99, 1],
    [100, 2],
    [299, 2],
    [300, 3],
    [599, 3],
    [600, 4],
    [1000, 5],
    [4500, 10],
    [4499, 9],
  ])('%i XP is level %i', (xp, level) => {
    expect(levelForXp(xp)).toBe(level);
  });

  it('costs L × 100 XP to go from L to L+1', () => {
    for (let l = 1; l < 50; l++) expect(xpForLevel(l + 1) - xpForLevel(l)).toBe(l * 100);
  });

  it('reports the progress inside a level', () => {
    expect(levelProgress(150)).toEqual({ level: 2, xpIntoLevel: 50, xpForNext: 200, fraction: 0.25 });
  });
});

describe('skill level', () => {
  it.each([
    [0, 1],
    [99, 1],
    [100, 2], // first step costs 100
    [249, 2],
    [250, 3], // second step costs floor(100 × 1.5) = 150
    [474, 3],
    [475, 4], // third costs 225
    [1_000_000, 10], // capped at max_level
  ])('%i XP is skill level %i', (xp, level) => {
    expect(skillLevelForXp(xp, curve)).toBe(level);
  });

  it('follows a changed curve', () => {
    expect(skillLevelForXp(250, { ...curve, xp_scaling_base: 50, xp_scaling_multiplier: 2 })).toBe(3); // 50 + 100 = 150, +200 = 350
    expect(skillProgress(1_000_000, curve).atMax).toBe(true);
  });

  it('seeds the five skills with their colours', () => {
    expect(DEFAULT_SKILL_DEFINITIONS.map((s) => [s.id, s.color])).toEqual([
      ['knowledge', '#3b82f6'],
      ['guts', '#f59e0b'],
      ['proficiency', '#ef4444'],
      ['kindness', '#10b981'],
      ['charm', '#ec4899'],
    ]);
  });
});
