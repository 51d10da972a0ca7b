import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { DEFAULT_SKILL_DEFINITIONS } from '@ignition/shared/rules/levels.ts';
import { exerciseRow, type ExerciseFact } from '@ignition/shared/exercise-library.ts';
import { recordChanges } from '../services/sync/change-log.ts';
import { multiInsert, type SqlValue } from '../services/sync/sql.ts';
import { seedStarterCourses } from '../services/learn-seed.ts';
import { seedStarterRecipes } from '../services/recipe-seed.ts';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared-schema/data/exercises.json');

export { UNIVERSAL_QUESTS, GLOBAL_REWARDS } from '@ignition/shared/shared-content.ts';
import { UNIVERSAL_QUESTS, GLOBAL_REWARDS } from '@ignition/shared/shared-content.ts';
import { withWriteTransaction } from './write-transaction.ts';

async function missing(db: Client, table: string, ids: string[]): Promise<Set<string>> {
  const have = new Set((await db.execute(`SELECT id FROM "${table}"`)).rows.map((r) => String(r.id)));
  return new Set(ids.filter((id) => !have.has(id)));
}

/**
 * Shared content every install starts with. Idempotent: only rows not yet present are inserted
 * and logged for pull, so a restart does not make every client download them again.
 */
export async function seedSharedContent(db: Client): Promise<void> {
  await seedStarterCourses(db);
  await seedStarterRecipes(db);
  const now = new Date().toISOString();
  const facts = JSON.parse(readFileSync(DATA, 'utf8')) as ExerciseFact[];
  const exercises = facts.map(exerciseRow);
  const newSkills = await missing(db, 'skill_definitions', DEFAULT_SKILL_DEFINITIONS.map((s) => s.id));
  const newQuests = await missing(db, 'quests', UNIVERSAL_QUESTS.map((q) => q.id));
  const newRewards = await missing(db, 'rewards', GLOBAL_REWARDS.map((r) => r.id));
  const newExercises = await missing(db, 'exercises', exercises.map((e) => e.id));
  if (!newSkills.size && !newQuests.size && !newRewards.size && !newExercises.size) return;
  const stmts = [
    ...multiInsert(
      'INSERT OR IGNORE INTO skill_definitions (id, name, description, color, max_level, xp_scaling_base, xp_scaling_multiplier, display_order, is_active, created_at, updated_at)',
      11,
      DEFAULT_SKILL_DEFINITIONS.filter((s) => newSkills.has(s.id)).map((s, i): SqlValue[] => [s.id, s.name, s.description, s.color, s.max_level, s.xp_scaling_base, s.xp_scaling_multiplier, i + 1, 1, now, now]),
    ),
    ...multiInsert(
      'INSERT OR IGNORE INTO quests (id, title, description, type, event_type, target, xp_reward, coin_reward, skill_id, is_universal, is_active, created_at, updated_at)',
      13,
      UNIVERSAL_QUESTS.filter((q) => newQuests.has(q.id)).map((q): SqlValue[] => [q.id, q.title, q.description, q.type, q.event_type, q.target, q.xp_reward, q.coin_reward, q.skill_id, 1, 1, now, now]),
    ),
    ...multiInsert(
      'INSERT OR IGNORE INTO rewards (id, user_id, name, description, cost, kind, is_global, is_active, created_at)',
      9,
      GLOBAL_REWARDS.filter((r) => newRewards.has(r.id)).map((r): SqlValue[] => [r.id, null, r.name, r.description, r.cost, r.kind ?? 'reward', 1, 1, now]),
    ),
    ...multiInsert(
      'INSERT OR IGNORE INTO exercises (id, name, category, muscle_groups, secondary_muscles, equipment, level, force, mechanic, instructions, is_custom)',
      11,
      exercises
        .filter((e) => newExercises.has(e.id))
        .map((e): SqlValue[] => [e.id, e.name, e.category, JSON.stringify(e.muscle_groups), JSON.stringify(e.secondary_muscles), e.equipment, e.level, e.force, e.mechanic, e.instructions, 0]),
    ),
  ];
  await withWriteTransaction(db, async (tx) => {
    for (const s of stmts) await tx.execute(s);
    await recordChanges(tx, [
      ...[...newSkills].map((id) => ({ table: 'skill_definitions', id, userId: null })),
      ...[...newQuests].map((id) => ({ table: 'quests', id, userId: null })),
      ...[...newRewards].map((id) => ({ table: 'rewards', id, userId: null })),
      ...[...newExercises].map((id) => ({ table: 'exercises', id, userId: null })),
    ]);
  });
}
