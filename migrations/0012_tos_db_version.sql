-- Version 12: terms of service acceptance and the db_metadata table.
ALTER TABLE users ADD COLUMN tos_accepted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN tos_accepted_at TEXT;
ALTER TABLE users ADD COLUMN tos_version TEXT;
CREATE TABLE db_metadata (
  key TEXT PRIMARY KEY,
  value TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_users_tos ON users(tos_accepted);
