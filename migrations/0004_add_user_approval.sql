-- Version 4: user approval flow.
ALTER TABLE users ADD COLUMN approved INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN denial_reason TEXT;
CREATE INDEX idx_users_approved ON users(approved);
