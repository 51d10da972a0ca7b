-- Version 23: an index led by every foreign key column. A child column without one makes each
-- delete of its parent (a workout, a section, an account) scan the whole child table, and the
-- person's own rows (journal, goals, decks, purchases …) were found by reading every user's.
-- sync-server/test/migrations.test.ts checks that every foreign key keeps such an index.
CREATE INDEX idx_accounts_user ON accounts(userId);
CREATE INDEX idx_quest_progress_quest ON user_quest_progress(quest_id);
CREATE INDEX idx_rewards_user ON rewards(user_id);
CREATE INDEX idx_reward_purchases_user ON reward_purchases(user_id, purchased_at);
CREATE INDEX idx_reward_purchases_reward ON reward_purchases(reward_id);
CREATE INDEX idx_workouts_user ON workouts(user_id);
CREATE INDEX idx_workout_sections_workout ON workout_sections(workout_id, order_index);
CREATE INDEX idx_workout_exercises_section ON workout_exercises(section_id, order_index);
CREATE INDEX idx_workout_exercises_exercise ON workout_exercises(exercise_id);
CREATE INDEX idx_personal_records_exercise ON personal_records(exercise_id);
CREATE INDEX idx_user_feedback_user ON user_feedback(user_id);
CREATE INDEX idx_lessons_course ON lessons(course_id, order_index);
CREATE INDEX idx_lesson_progress_user ON user_lesson_progress(user_id, lesson_id);
CREATE INDEX idx_lesson_progress_lesson ON user_lesson_progress(lesson_id);
CREATE INDEX idx_flashcard_decks_user ON flashcard_decks(user_id);
CREATE INDEX idx_journal_entries_user_date ON journal_entries(user_id, date);
CREATE INDEX idx_recipes_user ON recipes(user_id);
CREATE INDEX idx_goals_user ON goals(user_id);
CREATE INDEX idx_infobase_entries_user ON infobase_entries(user_id);
CREATE INDEX idx_habit_logs_user_date ON habit_logs(user_id, date);
CREATE INDEX idx_reading_sessions_user_date ON reading_sessions(user_id, date);
CREATE INDEX idx_rejected_events_user ON rejected_events(user_id);
