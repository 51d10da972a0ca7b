-- Version 21: who changed what in the admin area, and when (visible to admins).
CREATE TABLE admin_audit (
  id TEXT PRIMARY KEY,
  admin_id TEXT,
  action TEXT NOT NULL,
  target_table TEXT,
  target_id TEXT,
  details TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_admin_audit_created ON admin_audit(created_at);
