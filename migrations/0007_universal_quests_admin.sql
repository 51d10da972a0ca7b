-- Version 7: universal quests, admin columns (skills), age verification.
ALTER TABLE quests ADD COLUMN is_universal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quests ADD COLUMN created_by TEXT;
ALTER TABLE users ADD COLUMN age_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN age_verified_at TEXT;
ALTER TABLE user_progress ADD COLUMN knowledge_xp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_progress ADD COLUMN guts_xp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_progress ADD COLUMN proficiency_xp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_progress ADD COLUMN kindness_xp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_progress ADD COLUMN charm_xp INTEGER NOT NULL DEFAULT 0;
CREATE TABLE skill_definitions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  color TEXT,
  max_level INTEGER NOT NULL DEFAULT 10,
  xp_scaling_base INTEGER NOT NULL DEFAULT 100,
  xp_scaling_multiplier REAL NOT NULL DEFAULT 1.5,
  display_order INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE user_feedback (
  id TEXT PRIMARY KEY,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL DEFAULT 'other',
  title TEXT NOT NULL DEFAULT '',
  description TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  priority TEXT NOT NULL DEFAULT 'medium',
  admin_notes TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_quests_universal ON quests(is_universal);
