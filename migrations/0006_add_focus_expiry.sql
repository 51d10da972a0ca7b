-- Version 6: focus session expiry.
ALTER TABLE focus_sessions ADD COLUMN expires_at TEXT;
