import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { exercises as exercisesTable, quests, rewards, skillDefinitions } from '@ignition/shared/server/tables.ts';
import { DEFAULT_SKILL_DEFINITIONS } from '@ignition/shared/rules/levels.ts';
import { exerciseRow, type ExerciseFact } from '@ignition/shared/exercise-library.ts';
import { recordChanges } from '../services/sync/change-log.ts';
import { seedStarterCourses } from '../services/learn-seed.ts';
import { seedStarterRecipes } from '../services/recipe-seed.ts';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared-schema/data/exercises.json');

export { UNIVERSAL_QUESTS, GLOBAL_REWARDS } from '@ignition/shared/shared-content.ts';
import { UNIVERSAL_QUESTS, GLOBAL_REWARDS } from '@ignition/shared/shared-content.ts';
import { withWriteTransaction } from './write-transaction.ts';
import { orm } from './orm.ts';

type SeededTable = typeof skillDefinitions | typeof quests | typeof rewards | typeof exercisesTable;

async function missing(db: Client, table: SeededTable, ids: string[]): Promise<Set<string>> {
  const have = new Set((await orm(db).select({ id: table.id }).from(table)).map((r) => r.id));
  return new Set(ids.filter((id) => !have.has(id)));
}

/** `value` as one of a column's allowed values (the seed's lists are typed loosely); a stray one is a bug, said at once. */
function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  const hit = allowed.find((a) => a === value);
  if (hit === undefined) throw new Error(`seed: ${what} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return hit;
}

/** Inserts rows a slice at a time (SQLite caps bound parameters), leaving any already there. */
async function insertMissing<T extends SeededTable>(db: Parameters<typeof orm>[0], table: T, rows: Array<T['$inferInsert']>) {
  for (let i = 0; i < rows.length; i += 100) await orm(db).insert(table).values(rows.slice(i, i + 100)).onConflictDoNothing();
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
  const newSkills = await missing(db, skillDefinitions, DEFAULT_SKILL_DEFINITIONS.map((s) => s.id));
  const newQuests = await missing(db, quests, UNIVERSAL_QUESTS.map((q) => q.id));
  const newRewards = await missing(db, rewards, GLOBAL_REWARDS.map((r) => r.id));
  const newExercises = await missing(db, exercisesTable, exercises.map((e) => e.id));
  if (!newSkills.size && !newQuests.size && !newRewards.size && !newExercises.size) return;
  // display_order counts among the skills inserted now, as it always has.
  const skillRows = DEFAULT_SKILL_DEFINITIONS.filter((s) => newSkills.has(s.id)).map((s, i) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    color: s.color,
    max_level: s.max_level,
    xp_scaling_base: s.xp_scaling_base,
    xp_scaling_multiplier: s.xp_scaling_multiplier,
    display_order: i + 1,
    is_active: 1,
    created_at: now,
    updated_at: now,
  }));
  const questRows = UNIVERSAL_QUESTS.filter((q) => newQuests.has(q.id)).map((q) => ({
    id: q.id,
    title: q.title,
    description: q.description,
    type: q.type,
    event_type: oneOf(quests.event_type.enumValues, q.event_type, `quest ${q.id} event_type`),
    target: q.target,
    xp_reward: q.xp_reward,
    coin_reward: q.coin_reward,
    skill_id: oneOf(quests.skill_id.enumValues, q.skill_id, `quest ${q.id} skill_id`),
    is_universal: 1,
    is_active: 1,
    created_at: now,
    updated_at: now,
  }));
  const rewardRows = GLOBAL_REWARDS.filter((r) => newRewards.has(r.id)).map((r) => ({
    id: r.id,
    user_id: null,
    name: r.name,
    description: r.description,
    cost: r.cost,
    kind: oneOf(rewards.kind.enumValues, r.kind ?? 'reward', `reward ${r.id} kind`),
    is_global: 1,
    is_active: 1,
    created_at: now,
  }));
  const exerciseRows = exercises
    .filter((e) => newExercises.has(e.id))
    .map((e) => ({
      id: e.id,
      name: e.name,
      category: e.category,
      muscle_groups: JSON.stringify(e.muscle_groups),
      secondary_muscles: JSON.stringify(e.secondary_muscles),
      equipment: e.equipment,
      level: e.level,
      force: e.force,
      mechanic: e.mechanic,
      instructions: e.instructions,
      is_custom: 0,
    }));
  await withWriteTransaction(db, async (tx) => {
    await insertMissing(tx, skillDefinitions, skillRows);
    await insertMissing(tx, quests, questRows);
    await insertMissing(tx, rewards, rewardRows);
    await insertMissing(tx, exercisesTable, exerciseRows);
    await recordChanges(tx, [
      ...[...newSkills].map((id) => ({ table: 'skill_definitions', id, userId: null })),
      ...[...newQuests].map((id) => ({ table: 'quests', id, userId: null })),
      ...[...newRewards].map((id) => ({ table: 'rewards', id, userId: null })),
      ...[...newExercises].map((id) => ({ table: 'exercises', id, userId: null })),
    ]);
  });
}
