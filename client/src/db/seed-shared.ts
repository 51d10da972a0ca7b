import { DEFAULT_SKILL_DEFINITIONS } from '@ignition/shared/rules/levels.ts';
import { GLOBAL_REWARDS, UNIVERSAL_QUESTS } from '@ignition/shared/shared-content.ts';
import type { EntityTable } from 'dexie';
import { db as defaultDb, type IgnitionDb, type Row } from './db.ts';

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
    await addMissing(database.quests, UNIVERSAL_QUESTS.map((q) => ({ ...q, user_id: null, is_universal: true, is_active: true, created_at: now, updated_at: now })));
    await addMissing(database.rewards, GLOBAL_REWARDS.map((r) => ({ ...r, kind: r.kind ?? 'reward', user_id: null, is_global: true, is_active: true, created_at: now })));
    await addMissing(database.skill_definitions, DEFAULT_SKILL_DEFINITIONS.map((s, i) => ({ ...s, display_order: i + 1, is_active: true })));
  });
}

/**
 * Adds the shared rows this device lacks, by id, and never touches one it has (a pulled,
 * possibly admin-edited copy wins). Call inside a transaction over `table`.
 */
export async function addMissing(table: EntityTable<Row, 'id'>, rows: Row[]): Promise<void> {
  const have = await table.bulkGet(rows.map((r) => r.id));
  const missing = rows.filter((_, i) => !have[i]);
  if (missing.length) await table.bulkAdd(missing);
}
