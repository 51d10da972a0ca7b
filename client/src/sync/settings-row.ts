import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type IgnitionDb, type Row } from '../db/db.ts';
import { commit, newId } from './outbox.ts';

/**
 * The person's settings: the first `user_settings` row by id. There is one per person; should two
 * devices each make one offline, every screen still reads and writes the same one.
 */
export async function settingsRow(database: IgnitionDb = defaultDb): Promise<Row | null> {
  const rows = await database.user_settings.toArray();
  return rows.sort((a, b) => String(a.id).localeCompare(String(b.id)))[0] ?? null;
}

/** That row, live (undefined while it loads), and a save that writes fields into it (making it the first time). */
export function useSettingsRow(): [Row | null | undefined, (fields: Record<string, unknown>) => Promise<void>] {
  const row = useLiveQuery(() => settingsRow(), []);
  const save = (fields: Record<string, unknown>) => commit([{ table: 'user_settings', id: String(row?.id ?? newId()), fields: { ...fields, updated_at: new Date().toISOString() } }]);
  return [row, save];
}
