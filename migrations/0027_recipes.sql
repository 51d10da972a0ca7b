-- Version 27: recipes become general step-by-step guides (issue 21). The seed's table (v8) has
-- user_id NOT NULL, but the app ships starter recipes and admins make global ones: a recipe with
-- no owner (user_id NULL) is global, like shared quests, rewards and exercises. SQLite cannot
-- drop a NOT NULL constraint, so the table is rebuilt and every seed-era row is copied as it was
-- (title, ingredients and instructions keep their meaning; an old row has no steps, and the app
-- reads its instructions as steps). New columns: a short description, a category, tags (JSON
-- list), optional servings and duration, the ordered steps (JSON list of { text, timer_s }), and
-- is_global (1 on global rows: devices pull rows without their owner, so the flag tells them).
CREATE TABLE recipes_v27 (
  id TEXT PRIMARY KEY,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  ingredients TEXT,
  instructions TEXT,
  description TEXT,
  category TEXT,
  tags TEXT,
  servings INTEGER,
  duration_minutes INTEGER,
  steps TEXT,
  is_global INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO recipes_v27 (id, user_id, title, ingredients, instructions, created_at, updated_at)
  SELECT id, user_id, title, ingredients, instructions, created_at, updated_at FROM recipes;
DROP TABLE recipes;
ALTER TABLE recipes_v27 RENAME TO recipes;
CREATE INDEX idx_recipes_user ON recipes(user_id);

-- A person's favourites and saved recipes, their own or global ones (a global row is nobody's to
-- write, so the marks live beside it). One row per person and recipe in practice; two devices
-- that marked the same recipe offline each keep a row, and the app reads them together.
CREATE TABLE recipe_marks (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  recipe_id TEXT NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
  favorite INTEGER NOT NULL DEFAULT 0,
  saved INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_recipe_marks_user ON recipe_marks(user_id, recipe_id);
CREATE INDEX idx_recipe_marks_recipe ON recipe_marks(recipe_id);
