-- Version 5: track analysis cache (kept from the seed's history; unused by Ignition today).
CREATE TABLE track_analysis_cache (
  id TEXT PRIMARY KEY,
  track_id TEXT NOT NULL UNIQUE,
  analysis TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
