import { DEFAULT_SKILL_DEFINITIONS } from '../../../shared-schema/src/rules/levels.ts';
import { GLOBAL_REWARDS, UNIVERSAL_QUESTS } from '../../../shared-schema/src/shared-content.ts';
import { db as defaultDb, type IgnitionDb } from './db.ts';

/**
 * Puts the shared content (universal quests, global rewards, skill definitions) into this
 * device's database when missing, so a fresh install works offline with no account. These are
 * shared rows, not the person's writes: they bypass the outbox and carry the server's ids, so a
 * pull overwrites them with the server's (possibly admin-tuned) copies. Rows already present
 * are never touched, which makes it idempotent and keeps pulled edits.
 */
export async function ensureSharedContent(database: IgnitionDb = defaultDb): Promise<void> {
  const now = new Date().toISOString();
  // The usual case (everything present) is read-only, so it never holds up the first screen's reads.
  const present = await Promise.all([
    database.quests.bulkGet(UNIVERSAL_QUESTS.map((q) => q.id)),
    database.rewards.bulkGet(GLOBAL_REWARDS.map((r) => r.id)),
    database.skill_definitions.bulkGet(DEFAULT_SKILL_DEFINITIONS.map((s) => s.id)),
  ]);
  if (present.every((rows) => rows.every(Boolean))) return;
  await database.transaction('rw', [database.quests, database.rewards, database.skill_definitions], async () => {
    const [haveQuests, haveRewards, haveSkills] = await Promise.all([
      database.quests.bulkGet(UNIVERSAL_QUESTS.map((q) => q.id)),
      database.rewards.bulkGet(GLOBAL_REWARDS.map((r) => r.id)),
      database.skill_definitions.bulkGet(DEFAULT_SKILL_DEFINITIONS.map((s) => s.id)),
    ]);
    const quests = UNIVERSAL_QUESTS.filter((_, i) => !haveQuests[i]).map((q) => ({ ...q, user_id: null, is_universal: true, is_active: true, created_at: now, updated_at: now }));
    const rewards = GLOBAL_REWARDS.filter((_, i) => !haveRewards[i]).map((r) => ({ ...r, kind: r.kind ?? 'reward', user_id: null, is_global: true, is_active: true, created_at: now }));
    const skills = DEFAULT_SKILL_DEFINITIONS.filter((_, i) => !haveSkills[i]).map((s) => ({ ...s, display_order: DEFAULT_SKILL_DEFINITIONS.indexOf(s) + 1, is_active: true }));
    if (quests.length) await database.quests.bulkAdd(quests);
    if (rewards.length) await database.rewards.bulkAdd(rewards);
    if (skills.length) await database.skill_definitions.bulkAdd(skills);
  });
}
