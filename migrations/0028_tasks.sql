-- Version 28: to-dos (issue 23, part 2). A task is owned by the person and synced like every
-- personal table: a title, notes, an optional due date (and time, in the person's own zone),
-- a priority, tags (a JSON list), an optional link to a goal, a sort order (a real number, so
-- moving one task rewrites one field of one row and two devices reordering different tasks
-- both keep their move) and `completed_at` (set when done; completing pays `task_complete` once).
-- Subtasks are rows of their own, so ticking one item on a phone and renaming another on a
-- laptop merge field by field instead of one device's checklist overwriting the other's.
-- goal_id has no foreign key: a task may arrive before its goal, and a deleted goal leaves the
-- task standing (the app shows it unlinked).
CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  notes TEXT,
  due_date TEXT,
  due_time TEXT,
  priority TEXT,
  tags TEXT,
  goal_id TEXT,
  sort_order REAL NOT NULL DEFAULT 0,
  completed_at TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_tasks_user_due ON tasks(user_id, due_date);
CREATE TABLE task_subtasks (
  id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  completed INTEGER NOT NULL DEFAULT 0,
  sort_order REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_task_subtasks_task ON task_subtasks(task_id);
