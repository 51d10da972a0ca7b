-- Version 30: reminders that reach a closed app (issue 23, part 1), by Web Push. All four tables
-- are the server's own: devices never sync them (they read and change them through /api/push).
-- push_config holds the server's VAPID key pair when none is given by the environment; the first
-- instance to start inserts its pair with INSERT OR IGNORE and every instance then reads the one
-- that won, so instances starting together agree on one pair.
CREATE TABLE push_config (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
-- One row per device that subscribed (its push service endpoint and the keys a payload is
-- encrypted to). A push service answering 404 or 410 removes the row.
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  device_label TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  last_sent_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_push_subscriptions_user ON push_subscriptions(user_id);
-- What reminds a person and when, as wall-clock times in their own time zone (users.timezone).
CREATE TABLE reminder_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  habits_enabled INTEGER NOT NULL DEFAULT 1,
  habits_time TEXT NOT NULL DEFAULT '09:00',
  planner_enabled INTEGER NOT NULL DEFAULT 1,
  planner_minutes INTEGER NOT NULL DEFAULT 10,
  flashcards_enabled INTEGER NOT NULL DEFAULT 1,
  flashcards_time TEXT NOT NULL DEFAULT '18:00',
  focus_enabled INTEGER NOT NULL DEFAULT 1,
  streak_enabled INTEGER NOT NULL DEFAULT 0,
  streak_time TEXT NOT NULL DEFAULT '20:00',
  quiet_enabled INTEGER NOT NULL DEFAULT 1,
  quiet_start TEXT NOT NULL DEFAULT '22:00',
  quiet_end TEXT NOT NULL DEFAULT '07:00',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
-- Due reminders with their next fire time. Any instance's scheduler claims a batch of due rows
-- by setting lease_until and lease_owner in one UPDATE, sends, then advances next_fire and clears
-- the lease; a crash leaves the lease to expire, and `attempts` allows that one retry only.
CREATE TABLE push_reminders (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL DEFAULT '',
  payload TEXT,
  next_fire TEXT NOT NULL,
  window_start TEXT,
  lease_until TEXT,
  lease_owner TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE UNIQUE INDEX idx_push_reminders_user_kind ON push_reminders(user_id, kind, entity_id);
CREATE INDEX idx_push_reminders_due ON push_reminders(next_fire);
