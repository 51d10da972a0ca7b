import type { Client } from '@libsql/client';
import { SKILLS, skillLevelForXp, type SkillCurve } from '@ignition/shared/rules/levels.ts';

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
  const rs = await db.execute(`SELECT "${skillId}_xp" AS xp FROM user_progress WHERE "${skillId}_xp" > 0`);
  for (const r of rs.rows) {
    const from = skillLevelForXp(Number(r.xp), a);
    const to = skillLevelForXp(Number(r.xp), b);
    if (from !== to) result.usersAffected++;
    if (to > from) result.levelsUp++;
    if (to < from) result.levelsDown++;
  }
  return result;
}
