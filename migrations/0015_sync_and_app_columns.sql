-- Version 15 (Ignition): what the seed references without defining, the columns the app needs,
-- and the sync server's bookkeeping.
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN birth_date TEXT;
ALTER TABLE sessions ADD COLUMN created_at TEXT;
ALTER TABLE sessions ADD COLUMN last_refreshed_at TEXT;

CREATE TABLE user_settings (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  timezone TEXT,
  weight_unit TEXT,
  focus_minutes INTEGER,
  short_break_minutes INTEGER,
  long_break_minutes INTEGER,
  sound_enabled INTEGER,
  yearly_book_goal INTEGER,
  theme TEXT,
  created_at TEXT,
  updated_at TEXT
);
CREATE INDEX idx_user_settings_user ON user_settings(user_id);

ALTER TABLE focus_sessions ADD COLUMN paused_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE focus_sessions ADD COLUMN created_at TEXT;

ALTER TABLE calendar_events ADD COLUMN recurrence_parent_id TEXT;
ALTER TABLE calendar_events ADD COLUMN original_start TEXT;
ALTER TABLE calendar_events ADD COLUMN exdates TEXT;
ALTER TABLE calendar_events ADD COLUMN completed_dates TEXT;

ALTER TABLE quests ADD COLUMN event_type TEXT;
ALTER TABLE quests ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
ALTER TABLE quests ADD COLUMN updated_at TEXT;
ALTER TABLE user_quest_progress ADD COLUMN period_key TEXT;
CREATE INDEX idx_quests_user ON quests(user_id);

ALTER TABLE exercises ADD COLUMN secondary_muscles TEXT;
ALTER TABLE exercises ADD COLUMN level TEXT;
ALTER TABLE exercises ADD COLUMN force TEXT;
ALTER TABLE exercises ADD COLUMN mechanic TEXT;
ALTER TABLE exercises ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX idx_exercises_user ON exercises(user_id);

ALTER TABLE workout_sessions ADD COLUMN name TEXT;
ALTER TABLE workout_sets ADD COLUMN is_warmup INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_workout_sets_session ON workout_sets(session_id);
CREATE INDEX idx_workout_sets_exercise ON workout_sets(exercise_id);
CREATE INDEX idx_workout_sessions_user ON workout_sessions(user_id);
ALTER TABLE personal_records ADD COLUMN record_type TEXT;
ALTER TABLE personal_records ADD COLUMN value REAL;
ALTER TABLE personal_records ADD COLUMN session_id TEXT;
CREATE INDEX idx_personal_records_user ON personal_records(user_id, exercise_id);

ALTER TABLE flashcards ADD COLUMN last_review TEXT;
ALTER TABLE flashcards ADD COLUMN created_at TEXT;
CREATE INDEX idx_flashcards_deck ON flashcards(deck_id);

ALTER TABLE habits ADD COLUMN skill_id TEXT;
ALTER TABLE habits ADD COLUMN xp_reward INTEGER;
ALTER TABLE habits ADD COLUMN coin_reward INTEGER;
ALTER TABLE habits ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_habit_logs_habit ON habit_logs(habit_id);

ALTER TABLE goals ADD COLUMN progress_manual INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_goal_milestones_goal ON goal_milestones(goal_id);

ALTER TABLE reading_sessions ADD COLUMN start_page INTEGER;
ALTER TABLE reading_sessions ADD COLUMN end_page INTEGER;

ALTER TABLE rewards ADD COLUMN kind TEXT NOT NULL DEFAULT 'reward';
ALTER TABLE reward_purchases ADD COLUMN cost INTEGER;

ALTER TABLE user_streaks ADD COLUMN history TEXT;

ALTER TABLE activity_events ADD COLUMN local_date TEXT;
CREATE INDEX idx_activity_events_user_date ON activity_events(user_id, local_date);
CREATE INDEX idx_activity_events_entity ON activity_events(user_id, entity_id);

-- The pull change log: the latest change of every synced row (INSERT OR REPLACE bumps seq).
CREATE TABLE sync_rows (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  user_id TEXT,
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0,
  UNIQUE (table_name, row_id)
);
CREATE INDEX idx_sync_rows_user_seq ON sync_rows(user_id, seq);

-- Events the server refused, so a retried push gets the same answer (idempotency).
CREATE TABLE rejected_events (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  message TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  actor_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  details TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_audit_log_created ON audit_log(created_at);

-- Rate-limit counters live in the database so every server instance shares them.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 0
);
