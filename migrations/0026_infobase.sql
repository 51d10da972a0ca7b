-- Version 26: the infobase (issue 21). The seed's infobase_entries (v9, tags and synced_at in v10)
-- becomes a personal table synced like every other: pinned and archived flags, tags as a JSON list
-- of text, an index for the newest-first pages of the REST list. A delete is the sync protocol's
-- tombstone (sync_rows.deleted), as for every synced table, so no column is needed for it.
ALTER TABLE infobase_entries ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE infobase_entries ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_infobase_entries_user_updated ON infobase_entries(user_id, updated_at, id);
-- Seed-era tags may be free text ("work, ideas"): each becomes the JSON list of its comma-separated words.
UPDATE infobase_entries SET tags = (
  WITH RECURSIVE split(word, rest) AS (
    SELECT NULL, infobase_entries.tags || ','
    UNION ALL
    SELECT trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> ''
  )
  SELECT json_group_array(word) FROM split WHERE word IS NOT NULL AND word <> ''
) WHERE tags IS NOT NULL AND (json_valid(tags) = 0 OR json_type(tags) <> 'array');
-- Rows made before the table synced join the change log, so their owners' devices pull them and may edit them.
INSERT OR IGNORE INTO sync_rows (table_name, row_id, user_id, clocks, deleted) SELECT 'infobase_entries', id, user_id, '{}', 0 FROM infobase_entries;
