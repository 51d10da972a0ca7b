/**
 * The one description of every table the client and the sync protocol know about.
 * Migrations (SQL) are the server's source of truth for storage; this registry says,
 * per table, which columns a client may write, how ownership is proven, and how the
 * client indexes it in Dexie. A test checks it against the migrated database.
 */
import { CONTRACTS, columnsOf, type ColumnType, type ContractTable, type RowOf } from './contracts.ts';

export type { ColumnType } from './contracts.ts';

/**
 * How the server decides who owns a row:
 * - `user`: the row has a `user_id` column, set by the server from the session;
 * - `parent`: the row belongs to the owner of the row named by `column` in `table`;
 * - `shared`: content for everyone (admin-made), read-only to clients;
 * - `server`: per-user rows only the server writes (reconciliation output).
 */
export type Ownership =
  | { kind: 'user' }
  | { kind: 'parent'; table: string; column: string }
  | { kind: 'shared' }
  | { kind: 'server' };

export interface TableSpec {
  /** columns a synced row carries, excluding `id` and `user_id` */
  columns: Record<string, ColumnType>;
  owner: Ownership;
  /** extra Dexie indexes (besides the primary key `id`) */
  dexie?: string[];
  /** for `user`-owned tables that may also hold shared rows (user_id null), e.g. quests, rewards, exercises */
  sharedWhenUserNull?: boolean;
  /** the client's Dexie version that adds this table's store (1 when absent); a device holding an older database gets it by that upgrade */
  dexieSince?: number;
}

/** Keeps each table's column names and types, so a row's type can be derived from the registry (`TableRowOf`). */
const t = <C extends Record<string, ColumnType>>(columns: C, owner: Ownership, dexie: string[] = [], extra: Partial<Omit<TableSpec, 'columns'>> = {}): TableSpec & { columns: C } => ({
  owner,
  dexie,
  ...extra,
  columns,
});
const USER: Ownership = { kind: 'user' };
const SERVER: Ownership = { kind: 'server' };
const SHARED: Ownership = { kind: 'shared' };
const parent = (table: string, column: string): Ownership => ({ kind: 'parent', table, column });

export const SYNC_TABLES = {
  user_settings: t(
    columnsOf(CONTRACTS.user_settings),
    USER,
  ),
  focus_sessions: t(
    columnsOf(CONTRACTS.focus_sessions),
    USER,
    ['status', 'started_at'],
  ),
  calendar_events: t(
    columnsOf(CONTRACTS.calendar_events),
    USER,
    ['start_time', 'recurrence_parent_id'],
  ),
  quests: t(
    columnsOf(CONTRACTS.quests),
    USER,
    ['is_universal'],
    { sharedWhenUserNull: true },
  ),
  user_quest_progress: t(
    {
      quest_id: 'text',
      current_count: 'integer',
      completed: 'bool',
      completed_at: 'text',
      last_reset: 'text',
      period_key: 'text',
    },
    SERVER,
    ['quest_id', 'period_key'],
  ),
  exercises: t(
    columnsOf(CONTRACTS.exercises),
    USER,
    ['name', 'category', 'equipment'],
    { sharedWhenUserNull: true },
  ),
  workouts: t(
    columnsOf(CONTRACTS.workouts),
    USER,
  ),
  workout_sections: t(
    columnsOf(CONTRACTS.workout_sections),
    parent('workouts', 'workout_id'),
    ['workout_id'],
  ),
  workout_exercises: t(
    columnsOf(CONTRACTS.workout_exercises),
    parent('workout_sections', 'section_id'),
    ['section_id'],
  ),
  workout_sessions: t(
    columnsOf(CONTRACTS.workout_sessions),
    USER,
    ['started_at'],
  ),
  workout_sets: t(
    columnsOf(CONTRACTS.workout_sets),
    parent('workout_sessions', 'session_id'),
    ['session_id', 'exercise_id', '[exercise_id+created_at]'],
  ),
  personal_records: t(
    {
      exercise_id: 'text',
      record_type: 'text',
      value: 'real',
      weight: 'real',
      reps: 'integer',
      achieved_at: 'text',
      set_id: 'text',
      session_id: 'text',
    },
    SERVER,
    ['exercise_id'],
  ),
  courses: t(
    {
      title: 'text',
      description: 'text',
      category: 'text',
      difficulty: 'text',
      estimated_hours: 'integer',
      image_url: 'text',
      is_published: 'bool',
      created_at: 'text',
    },
    SHARED,
  ),
  lessons: t(
    {
      course_id: 'text',
      title: 'text',
      content: 'text',
      order_index: 'integer',
      duration_minutes: 'integer',
      xp_reward: 'integer',
    },
    SHARED,
    ['course_id'],
  ),
  user_lesson_progress: t(
    columnsOf(CONTRACTS.user_lesson_progress),
    USER,
    ['lesson_id'],
  ),
  flashcard_decks: t(
    columnsOf(CONTRACTS.flashcard_decks),
    USER,
  ),
  flashcards: t(
    columnsOf(CONTRACTS.flashcards),
    parent('flashcard_decks', 'deck_id'),
    ['deck_id', 'next_review'],
  ),
  flashcard_reviews: t(
    columnsOf(CONTRACTS.flashcard_reviews),
    USER,
    ['card_id', 'reviewed_at'],
  ),
  journal_entries: t(
    columnsOf(CONTRACTS.journal_entries),
    USER,
    ['date'],
  ),
  habits: t(
    columnsOf(CONTRACTS.habits),
    USER,
  ),
  habit_logs: t(
    columnsOf(CONTRACTS.habit_logs),
    USER,
    ['habit_id', 'date'],
  ),
  goals: t(
    columnsOf(CONTRACTS.goals),
    USER,
  ),
  goal_milestones: t(
    columnsOf(CONTRACTS.goal_milestones),
    parent('goals', 'goal_id'),
    ['goal_id'],
  ),
  books: t(
    columnsOf(CONTRACTS.books),
    USER,
    ['status'],
  ),
  reading_sessions: t(
    columnsOf(CONTRACTS.reading_sessions),
    USER,
    ['book_id', 'date'],
  ),
  rewards: t(
    columnsOf(CONTRACTS.rewards),
    USER,
    [],
    { sharedWhenUserNull: true },
  ),
  reward_purchases: t(
    columnsOf(CONTRACTS.reward_purchases),
    USER,
    ['reward_id'],
  ),
  daily_plans: t(
    columnsOf(CONTRACTS.daily_plans),
    USER,
    ['plan_date'],
  ),
  user_feedback: t(
    columnsOf(CONTRACTS.user_feedback),
    USER,
  ),
  tracks: t(
    columnsOf(CONTRACTS.tracks),
    USER,
    ['content_sha256'],
    { dexieSince: 4 },
  ),
  infobase_entries: t(
    columnsOf(CONTRACTS.infobase_entries),
    USER,
    ['updated_at', 'category'],
    { dexieSince: 5 },
  ),
  skill_definitions: t(
    {
      name: 'text',
      description: 'text',
      color: 'text',
      max_level: 'integer',
      xp_scaling_base: 'integer',
      xp_scaling_multiplier: 'real',
      display_order: 'integer',
      is_active: 'bool',
    },
    SHARED,
  ),
  user_progress: t(
    {
      total_xp: 'integer',
      level: 'integer',
      coins: 'integer',
      knowledge_xp: 'integer',
      guts_xp: 'integer',
      proficiency_xp: 'integer',
      kindness_xp: 'integer',
      charm_xp: 'integer',
      updated_at: 'text',
    },
    SERVER,
  ),
  user_streaks: t(
    {
      streak_type: 'text',
      current_streak: 'integer',
      best_streak: 'integer',
      shields: 'integer',
      last_active_date: 'text',
      history: 'json',
      updated_at: 'text',
    },
    SERVER,
    ['streak_type'],
  ),
  /** the server's reconciled copy of accepted events (authoritative xp/coins) */
  activity_events: t(
    {
      event_type: 'text',
      entity_id: 'text',
      xp_earned: 'integer',
      coins_earned: 'integer',
      skill_id: 'text',
      metadata: 'json',
      created_at: 'text',
      local_date: 'text',
    },
    SERVER,
    ['created_at', 'event_type', 'local_date'],
  ),
} satisfies Record<string, TableSpec>;

export type SyncTableName = keyof typeof SYNC_TABLES;

/** What a column of a given storage type holds on a device (SQLite booleans arrive as 0/1 from older rows). */
type ColumnValue<C extends ColumnType> = C extends 'text' ? string : C extends 'integer' | 'real' ? number : C extends 'bool' ? boolean | 0 | 1 : unknown;

/** Bool fields also accept the 0/1 SQLite stores. */
type Stored<V> = V extends boolean ? boolean | 0 | 1 : V;

/**
 * A synced row of `T` as a device holds it: `id`, the owner, and every column of the registry
 * (each possibly absent or null until written). A client-writable table's fields are its row
 * contract's (`RowOf`, enums as their closed list); the server-owned ones are the registry's.
 */
export type TableRowOf<T extends SyncTableName> = { id: string; user_id?: string | null } & (T extends ContractTable
  ? { [K in keyof RowOf<T>]: Stored<RowOf<T>[K]> }
  : { [K in keyof (typeof SYNC_TABLES)[T]['columns']]?: ColumnValue<(typeof SYNC_TABLES)[T]['columns'][K] & ColumnType> | null });
export const SYNC_TABLE_NAMES = Object.keys(SYNC_TABLES) as SyncTableName[];

/** Tables a client may push changes to (user- and parent-owned). */
export function isClientWritable(table: string): table is SyncTableName {
  const spec = tableSpec(table);
  return !!spec && (spec.owner.kind === 'user' || spec.owner.kind === 'parent');
}

/** Own keys only: a pushed table name such as "constructor" or "toString" names no table. */
export function tableSpec(table: string): TableSpec | undefined {
  return Object.hasOwn(SYNC_TABLES, table) ? (SYNC_TABLES as Record<string, TableSpec>)[table] : undefined;
}

/** Children removed with their parent (FK cascade on the server, mirrored on the client). */
export function childTablesOf(table: string): Array<{ table: SyncTableName; column: string }> {
  const out: Array<{ table: SyncTableName; column: string }> = [];
  for (const name of SYNC_TABLE_NAMES) {
    const spec: TableSpec = SYNC_TABLES[name];
    if (spec.owner.kind === 'parent' && spec.owner.table === table) out.push({ table: name, column: spec.owner.column });
  }
  return out;
}
