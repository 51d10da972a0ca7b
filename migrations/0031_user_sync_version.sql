-- A per-user version that every push moves by one. The push reads it with everything else it
-- needs (one batch, no lock), computes in memory, and opens its one write batch by setting it to
-- the value read plus one: if another push of the same user committed in between, the trigger
-- aborts the whole batch and the push starts again from the read.
ALTER TABLE users ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER users_sync_version_step BEFORE UPDATE OF sync_version ON users WHEN NEW.sync_version IS NOT OLD.sync_version + 1 BEGIN SELECT RAISE(ABORT, 'sync_version_conflict'); END;
