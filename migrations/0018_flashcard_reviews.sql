-- Version 18: one row per flashcard review, written by the device that made it. A card's
-- review_count is derived from these rows, so reviews of the same card on two offline devices
-- are both counted after sync (per-field last-writer-wins alone would keep only one).
-- card_id has no foreign key on purpose: a review made offline of a card deleted elsewhere must
-- not fail the whole push; such orphans are simply never counted.
CREATE TABLE flashcard_reviews (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  rating TEXT NOT NULL DEFAULT 'good',
  reviewed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  interval INTEGER,
  ease_factor REAL,
  next_review TEXT
);
CREATE INDEX idx_flashcard_reviews_card ON flashcard_reviews(card_id, user_id);
CREATE INDEX idx_flashcard_reviews_user ON flashcard_reviews(user_id, reviewed_at);
