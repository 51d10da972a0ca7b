-- Version 11: books and reading sessions.
CREATE TABLE books (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  author TEXT,
  total_pages INTEGER,
  current_page INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'want-to-read',
  rating INTEGER,
  started_at TEXT,
  finished_at TEXT,
  notes TEXT,
  cover_url TEXT,
  genre TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE reading_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
  pages_read INTEGER NOT NULL DEFAULT 0,
  duration INTEGER,
  notes TEXT,
  date TEXT NOT NULL DEFAULT (date('now'))
);
CREATE INDEX idx_books_user ON books(user_id);
CREATE INDEX idx_reading_sessions_book ON reading_sessions(book_id);
