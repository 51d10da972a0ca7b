/** Levels (GAME-RULES.md): going from level L to L+1 costs L × 100 XP; level 1 at 0 XP. */
export const SKILLS = ['knowledge', 'guts', 'proficiency', 'kindness', 'charm'] as const;
export type SkillId = (typeof SKILLS)[number];

export interface SkillCurve {
  xp_scaling_base: number;
  xp_scaling_multiplier: number;
  max_level: number;
}

export interface SkillDefinition extends SkillCurve {
  id: SkillId;
  name: string;
  description: string;
  color: string;
}

export const DEFAULT_SKILL_DEFINITIONS: SkillDefinition[] = [
  { id: 'knowledge', name: 'Knowledge', description: 'Focus, learning and reading.', color: '#3b82f6', xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 },
  { id: 'guts', name: 'Guts', description: 'Workouts and personal records.', color: '#f59e0b', xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 },
  { id: 'proficiency', name: 'Proficiency', description: 'Habits, plans and goals.', color: '#ef4444', xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 },
  { id: 'kindness', name: 'Kindness', description: 'Habits and goals that care for others.', color: '#10b981', xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 },
  { id: 'charm', name: 'Charm', description: 'Journaling and social habits.', color: '#ec4899', xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 },
];

/** Total XP needed to reach `level`: 100 × L(L−1)/2. */
export function xpForLevel(level: number): number {
  const l = Math.max(1, Math.floor(level));
  return (100 * l * (l - 1)) / 2;
}

export function levelForXp(xp: number): number {
  const x = Math.max(0, Math.floor(xp));
  // Solve 50·L(L−1) ≤ x for the largest L, then correct for float error.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + x / 12.5)) / 2));
  while (xpForLevel(level + 1) <= x) level++;
  while (level > 1 && xpForLevel(level) > x) level--;
  return level;
}

export function levelProgress(xp: number) {
  const level = levelForXp(xp);
  const start = xpForLevel(level);
  const next = xpForLevel(level + 1);
  return { level, xpIntoLevel: xp - start, xpForNext: next - start, fraction: (xp - start) / (next - start) };
}

/** XP to go from skill level n to n+1: floor(base × multiplier^(n−1)). */
export function skillStepCost(level: number, def: SkillCurve): number {
  return Math.floor(def.xp_scaling_base * def.xp_scaling_multiplier ** (level - 1));
}

export function skillLevelForXp(xp: number, def: SkillCurve): number {
  let level = 1;
  let remaining = Math.max(0, xp);
  while (level < def.max_level) {
    const cost = skillStepCost(level, def);
    if (cost <= 0 || remaining < cost) break;
    remaining -= cost;
    level++;
  }
  return level;
}

export function skillProgress(xp: number, def: SkillCurve) {
  let level = 1;
  let remaining = Math.max(0, xp);
  while (level < def.max_level && remaining >= skillStepCost(level, def)) {
    remaining -= skillStepCost(level, def);
    level++;
  }
  const atMax = level >= def.max_level;
  const forNext = atMax ? 0 : skillStepCost(level, def);
  return { level, xpIntoLevel: remaining, xpForNext: forNext, fraction: atMax ? 1 : remaining / forNext, atMax };
}
