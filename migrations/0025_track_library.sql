-- Version 25: the reference-track library (issue 22). One row per imported track, owned by the
-- person and synced like every personal table: its title, artist, tags, notes and markers, and
-- the analysis made on the device (figures, waveform overview, spectrum) keyed by the SHA-256 of
-- the file's bytes and the analyser's version, so a device holding a row with the same hash and
-- version never analyses that file again. The audio itself stays on the device and never syncs.
-- (The seed's track_analysis_cache from version 5 has no owner, so it cannot hold a person's
-- rows under the sync rules; it stays as it was.)
CREATE TABLE tracks (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  artist TEXT,
  tags TEXT,
  content_sha256 TEXT,
  analyzer_version TEXT,
  analysis TEXT,
  markers TEXT,
  notes TEXT,
  duration_s REAL,
  file_name TEXT,
  file_size INTEGER,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_tracks_user ON tracks(user_id, content_sha256);
