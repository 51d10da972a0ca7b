-- Version 29: habits that fit real lives (issue 23). A habit's schedule beyond the seed's
-- frequency: `schedule` NULL keeps the seed's meaning (every existing habit: every day, or
-- target_count times per ISO week when frequency is 'weekly'); 'weekdays' with `schedule_days`,
-- a bit mask of ISO weekdays (Mon 1, Tue 2, Wed 4, Thu 8, Fri 16, Sat 32, Sun 64); 'every_n_days'
-- with `schedule_every` days per period counted from `schedule_start` (a local date). The reading
-- of these fields is the shared rule habitScheduleOf (shared-schema/src/rules/habits.ts).
ALTER TABLE habits ADD COLUMN schedule TEXT;
ALTER TABLE habits ADD COLUMN schedule_days INTEGER;
ALTER TABLE habits ADD COLUMN schedule_every INTEGER;
ALTER TABLE habits ADD COLUMN schedule_start TEXT;
-- A skipped day of a habit (sick, travelling, a vacation range is one row per day): neither
-- breaks nor extends the habit's streak. One row per device's skip, synced like a log; two
-- devices skipping the same day leave two rows meaning the same.
CREATE TABLE habit_skips (
  id TEXT PRIMARY KEY,
  habit_id TEXT NOT NULL REFERENCES habits(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_habit_skips_habit ON habit_skips(habit_id, user_id, date);
CREATE INDEX idx_habit_skips_user ON habit_skips(user_id, date);
