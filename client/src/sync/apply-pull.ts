import { tableSpec, type SyncTableName } from '@ignition/shared/tables.ts';
import type { PulledChange } from '@ignition/shared/sync/protocol.ts';
import type { IgnitionDb, Row } from '../db/db.ts';
import { isValidHlc } from '@ignition/shared/hlc.ts';
import { cascadeTables, deleteWithChildren } from './cascade-delete.ts';

/** A delete is final: local edits still waiting for a deleted row can never apply. */
const dropPendingEdits = (db: IgnitionDb) => (table: SyncTableName, id: string) => db.outbox_changes.where('[table+row_id]').equals([table, id]).delete();

type Clock = { key: string; clocks: Record<string, string>; deleted?: string };

/** Below this many ids a run reads its rows and clocks by key; above it, by key range first. */
const RANGE_READ_MIN = 64;

/**
 * The ids of `ids` (sorted) that may exist in a store whose keys are `prefix + id`: one
 * keys-only range read (IndexedDB's per-request cost, not the bytes, is what makes a pull slow
 * in Chromium), capped so a range over a much bigger local table never reads all its keys.
 * Ids past the cap are returned as "maybe", to be read by key.
 */
async function maybePresent(keysIn: (lower: string, upper: string, limit: number) => Promise<string[]>, ids: string[], prefix = ''): Promise<Set<string>> {
  if (ids.length < RANGE_READ_MIN) return new Set(ids);
  const limit = ids.length * 4;
  const keys = await keysIn(prefix + ids[0], prefix + ids[ids.length - 1], limit);
  const found = new Set(keys.map((k) => k.slice(prefix.length)));
  if (keys.length === limit) {
    const last = keys[keys.length - 1].slice(prefix.length);
    for (const id of ids) if (id > last) found.add(id);
  }
  return found;
}

/**
 * Merges a run of pulled upserts of one table with bulk operations: two keys-only range reads
 * find which ids already have a local row or clock record, only those are read, the merge is
 * done in memory, then one bulkPut of the rows (and one of the clocks that exist).
 *
 * Clock records are kept for rows that have one (every local edit and every local delete
 * writes one, and rows pulled by earlier versions have one) and merged exactly as before. A
 * row with no clock record gets none from a pull: the server merges per field by HLC, so the
 * clocks of a row it sends only grow from one pull to the next, and "no local clock" already
 * means "take the pulled value" for every field. A later local edit writes the clocks of the
 * fields it changes, and those are what a later pull is compared with. Skipping the record
 * halves the IndexedDB writes of a first pull (per-request cost dominates in Chromium).
 */
async function applyUpserts(db: IgnitionDb, table: SyncTableName, list: PulledChange[]) {
  const spec = tableSpec(table)!;
  const owned = spec.owner.kind === 'user' || spec.owner.kind === 'parent';
  if (!owned) {
    const extra = table === 'activity_events' ? { sync_status: 'accepted' } : {};
    await db.table(table).bulkPut(list.map((ch) => ({ ...(ch.row ?? {}), ...extra, id: ch.id })));
    return;
  }
  const ids = [...new Set(list.map((ch) => ch.id))].sort();
  const prefix = `${table}:`;
  const [rowCandidates, clockCandidates] = await Promise.all([
    maybePresent((lo, hi, n) => db.table(table).where(':id').between(lo, hi, true, true).limit(n).primaryKeys() as Promise<string[]>, ids),
    maybePresent((lo, hi, n) => db.row_clocks.where('key').between(lo, hi, true, true).limit(n).primaryKeys() as Promise<string[]>, ids, prefix),
  ]);
  const readRows = ids.filter((id) => rowCandidates.has(id));
  const readClocks = ids.filter((id) => clockCandidates.has(id));
  const [locals, clockRows] = await Promise.all([
    readRows.length ? (db.table(table).bulkGet(readRows) as Promise<(Row | undefined)[]>) : [],
    readClocks.length ? (db.row_clocks.bulkGet(readClocks.map((id) => prefix + id)) as Promise<(Clock | undefined)[]>) : [],
  ]);
  const rows = new Map<string, Row | undefined>(readRows.map((id, i) => [id, locals[i]]));
  const clocks = new Map<string, Clock>();
  readClocks.forEach((id, i) => clockRows[i] && clocks.set(id, clockRows[i]));
  const changed = new Set<string>();
  for (const ch of list) {
    const localClocks = clocks.get(ch.id);
    if (localClocks?.deleted) continue; // deleted here; our delete is on its way to the server
    const row = { ...(ch.row ?? {}), id: ch.id } as Row;
    const local = rows.get(ch.id);
    changed.add(ch.id);
    if (!local) {
      rows.set(ch.id, row);
      if (localClocks) clocks.set(ch.id, { key: localClocks.key, clocks: { ...(ch.clocks ?? {}) } });
      continue;
    }
    const merged: Row = { ...local };
    const next = { ...(localClocks?.clocks ?? {}) };
    for (const [field, value] of Object.entries(row)) {
      const remote = ch.clocks?.[field];
      const mine = next[field];
      if (!mine || (remote && remote >= mine) || field === 'user_id') {
        merged[field] = value;
        if (remote) next[field] = remote;
      }
    }
    rows.set(ch.id, merged);
    if (localClocks) clocks.set(ch.id, { key: localClocks.key, clocks: next });
  }
  const ids2 = [...changed];
  await db.table(table).bulkPut(ids2.map((id) => rows.get(id)!));
  const clockPuts = ids2.flatMap((id) => clocks.get(id) ?? []);
  if (clockPuts.length) await db.row_clocks.bulkPut(clockPuts);
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
    if (ch.op === 'delete') cascadeTables(ch.table).forEach((t) => tables.add(t));
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
        await deleteWithChildren(db, table, ch.id, ch.clocks?._deleted ?? '', dropPendingEdits(db));
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
