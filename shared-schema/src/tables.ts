/**
 * The one description of every table the client and the sync protocol know about.
 * Migrations (SQL) are the server's source of truth for storage; this registry says,
 * per table, which columns a client may write, how ownership is proven, and how the
 * client indexes it in Dexie. A test checks it against the migrated database.
 */
export type ColumnType = 'text' | 'integer' | 'real' | 'bool' | 'json';

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
}

const t = (columns: Record<string, ColumnType>, owner: Ownership, dexie: string[] = [], extra: Partial<TableSpec> = {}): TableSpec => ({
  columns,
  owner,
  dexie,
  ...extra,
});
const USER: Ownership = { kind: 'user' };
const SERVER: Ownership = { kind: 'server' };
const SHARED: Ownership = { kind: 'shared' };
const parent = (table: string, column: string): Ownership => ({ kind: 'parent', table, column });

export const SYNC_TABLES = {
  user_settings: t(
    {
      timezone: 'text',
      weight_unit: 'text',
      focus_minutes: 'integer',
      short_break_minutes: 'integer',
      long_break_minutes: 'integer',
      sound_enabled: 'bool',
      yearly_book_goal: 'integer',
      theme: 'text',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
  ),
  focus_sessions: t(
    {
      mode: 'text',
      duration: 'integer',
      status: 'text',
      started_at: 'text',
      completed_at: 'text',
      expires_at: 'text',
      paused_at: 'text',
      pause_remaining: 'integer',
      paused_total: 'integer',
      created_at: 'text',
    },
    USER,
    ['status', 'started_at'],
  ),
  calendar_events: t(
    {
      title: 'text',
      description: 'text',
      event_type: 'text',
      start_time: 'text',
      end_time: 'text',
      all_day: 'bool',
      color: 'text',
      recurrence: 'text',
      recurrence_parent_id: 'text',
      original_start: 'text',
      exdates: 'json',
      completed_dates: 'json',
      linked_workout_id: 'text',
      completed: 'bool',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
    ['start_time', 'recurrence_parent_id'],
  ),
  quests: t(
    {
      title: 'text',
      description: 'text',
      type: 'text',
      event_type: 'text',
      target: 'integer',
      xp_reward: 'integer',
      coin_reward: 'integer',
      skill_id: 'text',
      is_universal: 'bool',
      is_active: 'bool',
      created_by: 'text',
      created_at: 'text',
      updated_at: 'text',
    },
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
    {
      name: 'text',
      category: 'text',
      muscle_groups: 'json',
      secondary_muscles: 'json',
      equipment: 'text',
      level: 'text',
      force: 'text',
      mechanic: 'text',
      instructions: 'text',
      is_custom: 'bool',
      created_by: 'text',
    },
    USER,
    ['name', 'category', 'equipment'],
    { sharedWhenUserNull: true },
  ),
  workouts: t(
    {
      name: 'text',
      description: 'text',
      estimated_duration: 'integer',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
  ),
  workout_sections: t(
    { workout_id: 'text', name: 'text', section_type: 'text', order_index: 'integer' },
    parent('workouts', 'workout_id'),
    ['workout_id'],
  ),
  workout_exercises: t(
    {
      section_id: 'text',
      exercise_id: 'text',
      sets: 'integer',
      reps: 'text',
      weight: 'real',
      rest_seconds: 'integer',
      order_index: 'integer',
      notes: 'text',
    },
    parent('workout_sections', 'section_id'),
    ['section_id'],
  ),
  workout_sessions: t(
    { workout_id: 'text', name: 'text', started_at: 'text', completed_at: 'text', notes: 'text' },
    USER,
    ['started_at'],
  ),
  workout_sets: t(
    {
      session_id: 'text',
      exercise_id: 'text',
      set_number: 'integer',
      weight: 'real',
      reps: 'integer',
      rpe: 'real',
      is_warmup: 'bool',
      notes: 'text',
      created_at: 'text',
    },
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
    { lesson_id: 'text', completed: 'bool', completed_at: 'text' },
    USER,
    ['lesson_id'],
  ),
  flashcard_decks: t(
    { title: 'text', description: 'text', card_count: 'integer', created_at: 'text', updated_at: 'text' },
    USER,
  ),
  flashcards: t(
    {
      deck_id: 'text',
      front: 'text',
      back: 'text',
      next_review: 'text',
      interval: 'integer',
      ease_factor: 'real',
      review_count: 'integer',
      last_review: 'text',
      created_at: 'text',
    },
    parent('flashcard_decks', 'deck_id'),
    ['deck_id', 'next_review'],
  ),
  flashcard_reviews: t(
    { card_id: 'text', rating: 'text', reviewed_at: 'text', interval: 'integer', ease_factor: 'real', next_review: 'text' },
    USER,
    ['card_id', 'reviewed_at'],
  ),
  journal_entries: t(
    { date: 'text', content: 'text', mood: 'integer', created_at: 'text', updated_at: 'text' },
    USER,
    ['date'],
  ),
  habits: t(
    {
      name: 'text',
      description: 'text',
      frequency: 'text',
      target_count: 'integer',
      skill_id: 'text',
      xp_reward: 'integer',
      coin_reward: 'integer',
      streak_current: 'integer',
      streak_best: 'integer',
      archived: 'bool',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
  ),
  habit_logs: t(
    { habit_id: 'text', date: 'text', count: 'integer', notes: 'text', created_at: 'text' },
    USER,
    ['habit_id', 'date'],
  ),
  goals: t(
    {
      title: 'text',
      description: 'text',
      target_date: 'text',
      skill_id: 'text',
      status: 'text',
      progress: 'integer',
      progress_manual: 'bool',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
  ),
  goal_milestones: t(
    {
      goal_id: 'text',
      title: 'text',
      target_date: 'text',
      completed: 'bool',
      completed_at: 'text',
      order_index: 'integer',
    },
    parent('goals', 'goal_id'),
    ['goal_id'],
  ),
  books: t(
    {
      title: 'text',
      author: 'text',
      total_pages: 'integer',
      current_page: 'integer',
      status: 'text',
      rating: 'integer',
      started_at: 'text',
      finished_at: 'text',
      notes: 'text',
      cover_url: 'text',
      genre: 'text',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
    ['status'],
  ),
  reading_sessions: t(
    {
      book_id: 'text',
      pages_read: 'integer',
      start_page: 'integer',
      end_page: 'integer',
      duration: 'integer',
      notes: 'text',
      date: 'text',
    },
    USER,
    ['book_id', 'date'],
  ),
  rewards: t(
    {
      name: 'text',
      description: 'text',
      cost: 'integer',
      kind: 'text',
      is_global: 'bool',
      is_active: 'bool',
      created_at: 'text',
    },
    USER,
    [],
    { sharedWhenUserNull: true },
  ),
  reward_purchases: t(
    { reward_id: 'text', cost: 'integer', redeemed: 'bool', redeemed_at: 'text', purchased_at: 'text' },
    USER,
    ['reward_id'],
  ),
  daily_plans: t(
    { plan_date: 'text', items: 'json', created_at: 'text', updated_at: 'text' },
    USER,
    ['plan_date'],
  ),
  user_feedback: t(
    {
      type: 'text',
      title: 'text',
      description: 'text',
      status: 'text',
      priority: 'text',
      created_at: 'text',
      updated_at: 'text',
    },
    USER,
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
