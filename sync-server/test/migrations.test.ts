import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { openDatabase } from '../src/db/client.ts';
import { migrate, migrateTo, LATEST_VERSION, loadMigrations } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { SYNC_TABLES, SYNC_TABLE_NAMES } from '@ignition/shared/tables.ts';

/** Every table and column of seed/schema-v14.md. */
const SEED_COLUMNS: Record<string, string[]> = {
  users: ['id', 'name', 'email', 'emailVerified', 'image', 'role', 'approved', 'denial_reason', 'age_verified', 'age_verified_at', 'tos_accepted', 'tos_accepted_at', 'tos_version', 'last_activity_at', 'created_at', 'updated_at'],
  accounts: ['id', 'userId', 'type', 'provider', 'providerAccountId', 'refresh_token', 'access_token', 'expires_at', 'token_type', 'scope', 'id_token', 'session_state'],
  sessions: ['id', 'sessionToken', 'userId', 'expires'],
  verification_tokens: ['identifier', 'token', 'expires'],
  db_metadata: ['key', 'value', 'updated_at'],
  user_progress: ['id', 'user_id', 'total_xp', 'level', 'coins', 'knowledge_xp', 'guts_xp', 'proficiency_xp', 'kindness_xp', 'charm_xp', 'created_at', 'updated_at'],
  activity_events: ['id', 'user_id', 'event_type', 'entity_id', 'xp_earned', 'coins_earned', 'skill_id', 'metadata', 'created_at'],
  focus_sessions: ['id', 'user_id', 'mode', 'duration', 'status', 'started_at', 'completed_at', 'expires_at', 'paused_at', 'pause_remaining'],
  calendar_events: ['id', 'user_id', 'title', 'description', 'event_type', 'start_time', 'end_time', 'all_day', 'color', 'recurrence', 'linked_workout_id', 'completed', 'created_at', 'updated_at'],
  quests: ['id', 'title', 'description', 'type', 'target', 'xp_reward', 'coin_reward', 'skill_id', 'is_universal', 'is_active', 'created_by', 'created_at'],
  user_quest_progress: ['id', 'user_id', 'quest_id', 'current_count', 'completed', 'completed_at', 'last_reset'],
  exercises: ['id', 'name', 'category', 'muscle_groups', 'equipment', 'instructions', 'is_custom', 'created_by'],
  workouts: ['id', 'user_id', 'name', 'description', 'estimated_duration', 'created_at', 'updated_at'],
  workout_sections: ['id', 'workout_id', 'name', 'section_type', 'order_index'],
  workout_exercises: ['id', 'section_id', 'exercise_id', 'sets', 'reps', 'weight', 'rest_seconds', 'order_index', 'notes'],
  workout_sessions: ['id', 'user_id', 'workout_id', 'started_at', 'completed_at', 'notes'],
  workout_sets: ['id', 'session_id', 'exercise_id', 'set_number', 'weight', 'reps', 'rpe', 'notes', 'created_at'],
  personal_records: ['id', 'user_id', 'exercise_id', 'weight', 'reps', 'achieved_at', 'set_id'],
  courses: ['id', 'title', 'description', 'category', 'difficulty', 'estimated_hours', 'image_url', 'is_published', 'created_at'],
  lessons: ['id', 'course_id', 'title', 'content', 'order_index', 'duration_minutes', 'xp_reward'],
  user_lesson_progress: ['id', 'user_id', 'lesson_id', 'completed', 'completed_at'],
  flashcard_decks: ['id', 'user_id', 'title', 'description', 'card_count', 'created_at', 'updated_at'],
  flashcards: ['id', 'deck_id', 'front', 'back', 'next_review', 'interval', 'ease_factor', 'review_count'],
  journal_entries: ['id', 'user_id', 'date', 'content', 'mood', 'created_at', 'updated_at'],
  habits: ['id', 'user_id', 'name', 'description', 'frequency', 'target_count', 'streak_current', 'streak_best', 'created_at', 'updated_at'],
  habit_logs: ['id', 'habit_id', 'user_id', 'date', 'count', 'notes', 'created_at'],
  goals: ['id', 'user_id', 'title', 'description', 'target_date', 'skill_id', 'status', 'progress', 'created_at', 'updated_at'],
  goal_milestones: ['id', 'goal_id', 'title', 'target_date', 'completed', 'completed_at', 'order_index'],
  books: ['id', 'user_id', 'title', 'author', 'total_pages', 'current_page', 'status', 'rating', 'started_at', 'finished_at', 'notes', 'cover_url', 'genre', 'created_at', 'updated_at'],
  reading_sessions: ['id', 'user_id', 'book_id', 'pages_read', 'duration', 'notes', 'date'],
  rewards: ['id', 'user_id', 'name', 'description', 'cost', 'is_global', 'is_active', 'created_at'],
  reward_purchases: ['id', 'user_id', 'reward_id', 'redeemed', 'redeemed_at', 'purchased_at'],
  skill_definitions: ['id', 'name', 'description', 'color', 'max_level', 'xp_scaling_base', 'xp_scaling_multiplier', 'display_order', 'is_active', 'created_at', 'updated_at'],
  user_feedback: ['id', 'user_id', 'type', 'title', 'description', 'status', 'priority', 'admin_notes', 'created_at', 'updated_at'],
  // referenced by the seed's indexes without a definition
  daily_plans: ['id', 'user_id', 'plan_date'],
  user_streaks: ['id', 'user_id'],
};

/** Every index of the seed's Indexes section. */
const SEED_INDEXES = [
  'idx_users_email',
  'idx_users_approved',
  'idx_users_tos',
  'idx_sessions_userId',
  'idx_sessions_token',
  'idx_focus_user',
  'idx_focus_status',
  'idx_calendar_user',
  'idx_calendar_start',
  'idx_quests_universal',
  'idx_quest_progress_user',
  'idx_habits_user',
  'idx_habit_logs_date',
  'idx_books_user',
  'idx_reading_sessions_book',
  'idx_users_last_activity',
  'idx_daily_plans_user_date',
  'idx_activity_events_user_created',
  'idx_activity_events_user_type',
  'idx_focus_sessions_user_status',
  'idx_user_streaks_user',
];

const SEED_HISTORY = [
  '0001_create_auth_tables',
  '0002_create_app_tables',
  '0003_add_planner_exercise',
  '0004_add_user_approval',
  '0005_add_track_analysis_cache',
  '0006_add_focus_expiry',
  '0007_universal_quests_admin',
  '0008_learning_suite',
  '0009_goals_infobase_focus_pause',
  '0010_habits_activities_infobase',
  '0011_book_tracker',
  '0012_tos_db_version',
  '0013_add_users_last_activity',
  '0014_add_performance_indexes',
];

let dir: string;
let db: Client;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ignition-mig-'));
  db = await openDatabase(`file:${join(dir, 'm.db')}`);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const columnsOf = async (table: string) => (await db.execute(`PRAGMA table_info("${table}")`)).rows.map((r) => String(r.name));

describe('migrations', () => {
  it('reproduce the seed’s version history in name and order', () => {
    expect(loadMigrations().slice(0, 14).map((m) => m.name)).toEqual(SEED_HISTORY);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(15);
  });

  it('create every seed table, column and index from an empty database', async () => {
    const r = await migrate(db);
    expect(r).toEqual({ from: 0, to: LATEST_VERSION });
    for (const [table, cols] of Object.entries(SEED_COLUMNS)) {
      const have = await columnsOf(table);
      expect(have, `table ${table}`).toEqual(expect.arrayContaining(cols));
    }
    const idx = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")).rows.map((r) => String(r.name));
    expect(idx).toEqual(expect.arrayContaining(SEED_INDEXES));
    const meta = await db.execute("SELECT key, value FROM db_metadata WHERE key IN ('db_version', 'db_version_name') ORDER BY key");
    expect(meta.rows.map((r) => [r.key, r.value])).toEqual([
      ['db_version', String(LATEST_VERSION)],
      ['db_version_name', loadMigrations().at(-1)!.name],
    ]);
  });

  it('hold every column the sync registry names, with user_id on user-owned tables', async () => {
    await migrate(db);
    for (const name of SYNC_TABLE_NAMES) {
      const spec = SYNC_TABLES[name];
      const have = await columnsOf(name);
      expect(have, `table ${name}`).toEqual(expect.arrayContaining(['id', ...Object.keys(spec.columns)]));
      if (spec.owner.kind === 'user' || spec.owner.kind === 'server') expect(have, `${name}.user_id`).toContain('user_id');
    }
  });

  it('give every foreign key column an index it leads, so deleting a parent or reading a person’s rows never scans a whole table', async () => {
    await migrate(db);
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map((r) => String(r.name));
    const missing: string[] = [];
    for (const table of tables) {
      const leading = new Set<string>();
      for (const i of (await db.execute(`PRAGMA index_list("${table}")`)).rows) {
        const first = (await db.execute(`PRAGMA index_info("${String(i.name)}")`)).rows.find((c) => Number(c.seqno) === 0);
        if (first) leading.add(String(first.name));
      }
      const pk = (await db.execute(`PRAGMA table_info("${table}")`)).rows.filter((c) => Number(c.pk) > 0).map((c) => String(c.name));
      for (const fk of (await db.execute(`PRAGMA foreign_key_list("${table}")`)).rows) {
        const col = String(fk.from);
        if (!leading.has(col) && pk[0] !== col) missing.push(`${table}.${col}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('are a no-op the second time and can stop at an older version', async () => {
    await migrate(db);
    expect(await migrate(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    const other = await openDatabase(`file:${join(dir, 'old.db')}`);
    expect(await migrateTo(other, 7)).toEqual({ from: 0, to: 7 });
    const tables = (await other.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => String(r.name));
    expect(tables).toContain('skill_definitions');
    expect(tables).not.toContain('courses');
    other.close();
  });

  it('migrate a database holding an event whose metadata is not JSON (a restored old backup) to the latest version, and keep taking such rows', async () => {
    await migrateTo(db, 23);
    await db.execute("INSERT INTO users (id, name, email) VALUES ('u1', 'A', 'a@example.com')");
    await db.execute("INSERT INTO activity_events (id, user_id, event_type, metadata) VALUES ('e1', 'u1', 'habit_complete', 'not json')");
    expect(await migrate(db)).toEqual({ from: 23, to: LATEST_VERSION });
    await db.execute("INSERT INTO activity_events (id, user_id, event_type, metadata) VALUES ('e2', 'u1', 'habit_complete', '{broken')");
    expect(Number((await db.execute("SELECT COUNT(*) AS n FROM activity_events WHERE event_type = 'habit_complete'")).rows[0].n)).toBe(2);
  });

  it('turn foreign keys on and cascade a user’s rows on delete', async () => {
    await migrate(db);
    expect(Number((await db.execute('PRAGMA foreign_keys')).rows[0].foreign_keys)).toBe(1);
    await db.execute("INSERT INTO users (id, name, email) VALUES ('u1', 'A', 'a@example.com')");
    await db.execute("INSERT INTO habits (id, user_id, name) VALUES ('h1', 'u1', 'Walk')");
    await db.execute("INSERT INTO habit_logs (id, habit_id, user_id, date) VALUES ('l1', 'h1', 'u1', '2026-01-01')");
    await db.execute("DELETE FROM users WHERE id = 'u1'");
    expect(Number((await db.execute('SELECT COUNT(*) AS n FROM habit_logs')).rows[0].n)).toBe(0);
  });

  it('seed the shared content once', async () => {
    await migrate(db);
    await seedSharedContent(db);
    const seqBefore = Number((await db.execute('SELECT MAX(seq) AS s FROM sync_rows')).rows[0].s);
    await seedSharedContent(db);
    const seqAfter = Number((await db.execute('SELECT MAX(seq) AS s FROM sync_rows')).rows[0].s);
    expect(seqAfter).toBe(seqBefore);
    const count = async (t: string) => Number((await db.execute(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0].n);
    expect(await count('exercises')).toBe(873);
    expect(await count('skill_definitions')).toBe(5);
    expect(await count('quests')).toBe(5);
    expect(await count('rewards')).toBe(9);
    const ex = (await db.execute("SELECT * FROM exercises WHERE id = 'ex_Barbell_Squat'")).rows[0];
    expect(ex.name).toBe('Barbell Squat');
    expect(JSON.parse(String(ex.muscle_groups))).toContain('quadriceps');
    expect(String(ex.instructions).length).toBeGreaterThan(30);
  });
});
