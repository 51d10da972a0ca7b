-- Version 13: users.last_activity_at for gap detection ("welcome back").
ALTER TABLE users ADD COLUMN last_activity_at TEXT;
CREATE INDEX idx_users_last_activity ON users(last_activity_at);
