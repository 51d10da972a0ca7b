import type { Client } from '@libsql/client';
import { gt } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { userProgress } from '@ignition/shared/server/tables.ts';
import { SKILLS, skillLevelForXp, type SkillCurve, type SkillId } from '@ignition/shared/rules/levels.ts';
import { orm } from '../db/orm.ts';

/** Each skill's XP column of user_progress (a skill the rules add without a column fails the type check here). */
const SKILL_XP: Record<SkillId, SQLiteColumn> = {
  knowledge: userProgress.knowledge_xp,
  guts: userProgress.guts_xp,
  proficiency: userProgress.proficiency_xp,
  kindness: userProgress.kindness_xp,
  charm: userProgress.charm_xp,
};

const curve = (r: Record<string, unknown>): SkillCurve => ({
  xp_scaling_base: Number(r.xp_scaling_base),
  xp_scaling_multiplier: Number(r.xp_scaling_multiplier),
  max_level: Number(r.max_level),
});

/**
 * Skill levels are never stored: the server's ledger and every client derive them from the
 * skill's XP and the curve in skill_definitions (shared rules, synced definitions), so a new
 * curve moves everyone's level the same way. This counts whose level moves, for the admin.
 */
export async function skillLevelChanges(db: Client, skillId: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const result = { usersAffected: 0, levelsUp: 0, levelsDown: 0 };
  if (!(SKILLS as readonly string[]).includes(skillId)) return result;
  const [a, b] = [curve(before), curve(after)];
  if (a.xp_scaling_base === b.xp_scaling_base && a.xp_scaling_multiplier === b.xp_scaling_multiplier && a.max_level === b.max_level) return result;
  const xp = SKILL_XP[skillId as SkillId];
  const rows = await orm(db).select({ xp }).from(userProgress).where(gt(xp, 0));
  for (const r of rows as Array<{ xp: number }>) {
    const from = skillLevelForXp(Number(r.xp), a);
    const to = skillLevelForXp(Number(r.xp), b);
    if (from !== to) result.usersAffected++;
    if (to > from) result.levelsUp++;
    if (to < from) result.levelsDown++;
  }
  return result;
}
