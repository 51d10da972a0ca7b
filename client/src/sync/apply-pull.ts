import { childTablesOf, tableSpec, type SyncTableName } from '../../../shared-schema/src/tables.ts';
import type { PulledChange } from '../../../shared-schema/src/sync/protocol.ts';
import type { IgnitionDb, Row } from '../db/db.ts';
import { isValidHlc } from '../../../shared-schema/src/hlc.ts';

function cascade(table: string, depth = 0): string[] {
  if (depth > 4) return [];
  return childTablesOf(table).flatMap((c) => [c.table, ...cascade(c.table, depth + 1)]);
}

async function deleteLocal(db: IgnitionDb, table: SyncTableName, id: string, hlc: string) {
  for (const child of childTablesOf(table)) {
    const ids = (await db.table(child.table).where(child.column).equals(id).primaryKeys()) as string[];
    for (const childId of ids) await deleteLocal(db, child.table, childId, hlc);
  }
  await db.table(table).delete(id);
  await db.row_clocks.put({ key: `${table}:${id}`, clocks: {}, deleted: hlc });
  // A delete is final: local edits still waiting for this row can never apply.
  await db.outbox_changes.where('[table+row_id]').equals([table, id]).delete();
}

/**
 * Applies one pulled batch in one transaction. Rows the client may write merge per field,
 * last writer wins by HLC, so a local edit newer than the server's value survives the pull
 * (and is still in the outbox to be pushed). Server-made and shared rows are taken whole.
 * Returns the highest HLC seen so the local clock can move past it.
 */
export async function applyPulledChanges(db: IgnitionDb, changes: PulledChange[]): Promise<string | undefined> {
  const tables = new Set<string>(['row_clocks', 'outbox_changes']);
  for (const ch of changes) {
    if (!tableSpec(ch.table)) continue;
    tables.add(ch.table);
    if (ch.op === 'delete') cascade(ch.table).forEach((t) => tables.add(t));
  }
  let maxHlc: string | undefined;
  await db.transaction('rw', [...tables], async () => {
    for (const ch of changes) {
      const spec = tableSpec(ch.table);
      if (!spec) continue; // a table this client version does not know: skip, never crash
      const table = ch.table as SyncTableName;
      const key = `${table}:${ch.id}`;
      for (const h of Object.values(ch.clocks ?? {})) if (isValidHlc(h) && (!maxHlc || h > maxHlc)) maxHlc = h;
      if (ch.op === 'delete') {
        await deleteLocal(db, table, ch.id, ch.clocks?._deleted ?? '');
        continue;
      }
      const row = { ...(ch.row ?? {}), id: ch.id } as Row;
      const owned = spec.owner.kind === 'user' || spec.owner.kind === 'parent';
      if (!owned) {
        const extra = table === 'activity_events' ? { sync_status: 'accepted' } : {};
        await db.table(table).put({ ...row, ...extra });
        continue;
      }
      const local = (await db.table(table).get(ch.id)) as Row | undefined;
      const localClocks = (await db.row_clocks.get(key)) ?? { key, clocks: {} as Record<string, string> };
      if (localClocks.deleted) continue; // deleted here; our delete is on its way to the server
      if (!local) {
        await db.table(table).put(row);
        await db.row_clocks.put({ key, clocks: { ...(ch.clocks ?? {}) } });
        continue;
      }
      const merged: Row = { ...local };
      const clocks = { ...localClocks.clocks };
      for (const [field, value] of Object.entries(row)) {
        const remote = ch.clocks?.[field];
        const mine = clocks[field];
        if (!mine || (remote && remote >= mine) || field === 'user_id') {
          merged[field] = value;
          if (remote) clocks[field] = remote;
        }
      }
      await db.table(table).put(merged);
      await db.row_clocks.put({ key, clocks });
    }
  });
  return maxHlc;
}
