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

type Clock = { key: string; clocks: Record<string, string>; deleted?: string };

/**
 * Merges a run of pulled upserts of one table with bulk reads and writes: one bulkGet of the
 * rows and their clocks, the merge in memory, one bulkPut each. Per-row awaits made a 10,000-row
 * pull take seconds in Chromium; this keeps it to one round of IndexedDB requests per table.
 */
async function applyUpserts(db: IgnitionDb, table: SyncTableName, list: PulledChange[]) {
  const spec = tableSpec(table)!;
  const owned = spec.owner.kind === 'user' || spec.owner.kind === 'parent';
  if (!owned) {
    const extra = table === 'activity_events' ? { sync_status: 'accepted' } : {};
    await db.table(table).bulkPut(list.map((ch) => ({ ...(ch.row ?? {}), ...extra, id: ch.id })));
    return;
  }
  const ids = [...new Set(list.map((ch) => ch.id))];
  const [locals, clockRows] = await Promise.all([
    db.table(table).bulkGet(ids) as Promise<(Row | undefined)[]>,
    db.row_clocks.bulkGet(ids.map((id) => `${table}:${id}`)) as Promise<(Clock | undefined)[]>,
  ]);
  const rows = new Map(ids.map((id, i) => [id, locals[i]]));
  const clocks = new Map(ids.map((id, i) => [id, clockRows[i] ?? { key: `${table}:${id}`, clocks: {} }]));
  const changed = new Set<string>();
  for (const ch of list) {
    const localClocks = clocks.get(ch.id)!;
    if (localClocks.deleted) continue; // deleted here; our delete is on its way to the server
    const row = { ...(ch.row ?? {}), id: ch.id } as Row;
    const local = rows.get(ch.id);
    changed.add(ch.id);
    if (!local) {
      rows.set(ch.id, row);
      clocks.set(ch.id, { key: localClocks.key, clocks: { ...(ch.clocks ?? {}) } });
      continue;
    }
    const merged: Row = { ...local };
    const next = { ...localClocks.clocks };
    for (const [field, value] of Object.entries(row)) {
      const remote = ch.clocks?.[field];
      const mine = next[field];
      if (!mine || (remote && remote >= mine) || field === 'user_id') {
        merged[field] = value;
        if (remote) next[field] = remote;
      }
    }
    rows.set(ch.id, merged);
    clocks.set(ch.id, { key: localClocks.key, clocks: next });
  }
  const ids2 = [...changed];
  await db.table(table).bulkPut(ids2.map((id) => rows.get(id)!));
  await db.row_clocks.bulkPut(ids2.map((id) => clocks.get(id)!));
}

/**
 * Applies one pulled batch in one transaction. Rows the client may write merge per field,
 * last writer wins by HLC, so a local edit newer than the server's value survives the pull
 * (and is still in the outbox to be pushed). Server-made and shared rows are taken whole.
 * Order is kept where it matters: upserts between two deletes are merged per table in bulk,
 * each delete is applied in its place. Returns the highest HLC seen so the local clock can
 * move past it.
 */
export async function applyPulledChanges(db: IgnitionDb, changes: PulledChange[]): Promise<string | undefined> {
  const tables = new Set<string>(['row_clocks', 'outbox_changes']);
  for (const ch of changes) {
    if (!tableSpec(ch.table)) continue;
    tables.add(ch.table);
    if (ch.op === 'delete') cascade(ch.table).forEach((t) => tables.add(t));
  }
  let maxHlc: string | undefined;
  for (const ch of changes) for (const h of Object.values(ch.clocks ?? {})) if (isValidHlc(h) && (!maxHlc || h > maxHlc)) maxHlc = h;
  await db.transaction('rw', [...tables], async () => {
    let run = new Map<SyncTableName, PulledChange[]>();
    const flush = async () => {
      for (const [table, list] of run) await applyUpserts(db, table, list);
      run = new Map();
    };
    for (const ch of changes) {
      if (!tableSpec(ch.table)) continue; // a table this client version does not know: skip, never crash
      const table = ch.table as SyncTableName;
      if (ch.op === 'delete') {
        await flush();
        await deleteLocal(db, table, ch.id, ch.clocks?._deleted ?? '');
        continue;
      }
      const list = run.get(table) ?? [];
      list.push(ch);
      run.set(table, list);
    }
    await flush();
  });
  return maxHlc;
}
