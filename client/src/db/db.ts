import Dexie, { type EntityTable } from 'dexie';
import { SYNC_TABLES, SYNC_TABLE_NAMES, type SyncTableName, type TableRowOf } from '@ignition/shared/tables.ts';

/** A synced row as the client keeps it: the server's columns plus `id` and (for owned rows) `user_id`. */
export type Row = { id: string; user_id?: string | null; [column: string]: unknown };

/** Client-side state of an activity event in the outbox. */
export type EventStatus = 'pending' | 'accepted' | 'rejected';
export interface LocalEvent extends Row {
  event_type: string;
  entity_id: string | null;
  skill_id?: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  local_date: string;
  xp_earned: number;
  coins_earned: number;
  sync_status: EventStatus;
  reject_code?: string;
  reject_message?: string;
  /** what the device had counted for a refused event before the server said no (xp_earned/coins_earned become 0) */
  claimed_xp?: number;
  claimed_coins?: number;
  /** when the person dismissed a refusal from the "Not counted" lists (epoch ms); until then it stays listed */
  acknowledged?: number;
}

/** A pending row change: the changed fields of one row with the HLC of the write. */
export interface OutboxChange {
  seq?: number;
  table: SyncTableName;
  row_id: string;
  op: 'upsert' | 'delete';
  fields?: Record<string, unknown>;
  hlc: string;
}

/** Per-field clocks of a local row, so pulled rows merge last-writer-wins per field. */
export interface RowClock {
  key: string; // `${table}:${id}`
  clocks: Record<string, string>;
  deleted?: string;
}

/** A row change the server refused (`changeErrors` of a push), kept until the person dismisses it. */
export interface RefusedChange {
  key: string; // `${table}:${row_id}:${hlc}`
  table: string;
  row_id: string;
  code: string;
  message: string;
  /** when the server's answer came (ISO) */
  at: string;
  acknowledged?: number;
}

/** An imported audio file kept on this device only (never synced), keyed by the SHA-256 of its bytes. */
export interface TrackAudio {
  sha256: string;
  blob: Blob;
  type: string;
  size: number;
  stored_at: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

type SyncTables = { [K in Exclude<SyncTableName, 'activity_events'>]: EntityTable<TableRowOf<K>, 'id'> };

export type IgnitionDb = Dexie &
  SyncTables & {
    activity_events: EntityTable<LocalEvent, 'id'>;
    outbox_changes: EntityTable<OutboxChange, 'seq'>;
    row_clocks: EntityTable<RowClock, 'key'>;
    refused_changes: EntityTable<RefusedChange, 'key'>;
    track_audio: EntityTable<TrackAudio, 'sha256'>;
    recipe_runs: EntityTable<RecipeRun, 'id'>;
    meta: EntityTable<MetaEntry, 'key'>;
  };

/**
 * Every schema version in one place. Version 1 is generated from the shared table registry,
 * so a table added there appears here; later versions go below, never edit an old one.
 */
export function dexieSchemaV1(): Record<string, string> {
  const stores = syncStoresSince(1);
  stores.activity_events = 'id, sync_status, created_at, event_type, local_date, [event_type+local_date]';
  stores.outbox_changes = '++seq, [table+row_id]';
  stores.row_clocks = 'key';
  stores.meta = 'key';
  return stores;
}

/** The Dexie stores of the registry's tables whose store a given version adds (`dexieSince`, 1 when absent). */
function syncStoresSince(version: number): Record<string, string> {
  const stores: Record<string, string> = {};
  for (const name of SYNC_TABLE_NAMES) {
    const spec = SYNC_TABLES[name] as { dexie?: string[]; dexieSince?: number };
    if ((spec.dexieSince ?? 1) === version) stores[name] = ['id', ...(spec.dexie ?? [])].join(', ');
  }
  return stores;
}

/** Version 2: recurring series are found by index (Today lists their occurrences without a table scan). */
export function dexieSchemaV2(): Record<string, string> {
  return { calendar_events: `${dexieSchemaV1().calendar_events}, recurrence` };
}

/** Version 3: row changes the server refused, listed with refused events under "Not counted". */
export function dexieSchemaV3(): Record<string, string> {
  return { refused_changes: 'key, at' };
}

/**
 * Version 4: the reference-track library. `tracks` (synced: the analysis, markers, notes) and
 * `track_audio`, the imported files' bytes keyed by their SHA-256, which never sync.
 */
export function dexieSchemaV4(): Record<string, string> {
  return { ...syncStoresSince(4), track_audio: 'sha256' };
}

/** Version 5: the infobase (`infobase_entries`, synced), listed newest first and by category. */
export function dexieSchemaV5(): Record<string, string> {
  return syncStoresSince(5);
}

/** A recipe run in follow mode, kept on this device only (never synced): the step shown, the servings and the step timers as timestamps. */
export interface RecipeRun {
  id: string;
  recipe_id: string;
  step: number;
  servings?: number | null;
  started_at: number;
  /** step timers by step index (see shared-schema rules/recipes.ts) */
  timers: Record<string, { step: number; duration_s: number; started_at: number; paused_at?: number | null; paused_ms?: number; alerted?: boolean }>;
  updated_at: number;
}

/**
 * Version 6: recipes (step-by-step guides, synced, global ones with no owner), the person's
 * recipe marks (favourite, saved), and `recipe_runs`, follow mode's device-only state.
 */
export function dexieSchemaV6(): Record<string, string> {
  return { ...syncStoresSince(6), recipe_runs: 'id, recipe_id' };
}

/** Version 7: to-dos (issue 23): `tasks` and their `task_subtasks`, both synced. */
export function dexieSchemaV7(): Record<string, string> {
  return syncStoresSince(7);
}

/** Version 8: habit skips (issue 23), a synced row per skipped day of a habit. */
export function dexieSchemaV8(): Record<string, string> {
  return syncStoresSince(8);
}

/** Every version's stores, oldest first: a new version is one more line here (no upgrade function). */
const SCHEMA_VERSIONS: Array<() => Record<string, string>> = [
  dexieSchemaV1,
  dexieSchemaV2,
  dexieSchemaV3,
  dexieSchemaV4,
  dexieSchemaV5,
  dexieSchemaV6,
  dexieSchemaV7,
  dexieSchemaV8,
];

/**
 * Only the latest version is declared, holding every store (a later version's spec of a store
 * replaces an earlier one's): Dexie reads the schema of the database on the device and adds or
 * changes the stores and indexes that differ, so a device on any older version upgrades in place.
 * Declaring each version in turn made Dexie re-parse every earlier one and rebuild its table API
 * each time, which grew with the square of the versions and was the costliest part of the app's
 * first script evaluation on a slow phone. A version that needs an `upgrade()` function must be
 * declared on its own again.
 */
export function openIgnitionDb(name = 'ignition'): IgnitionDb {
  const db = new Dexie(name) as IgnitionDb;
  db.version(SCHEMA_VERSIONS.length).stores(Object.assign({}, ...SCHEMA_VERSIONS.map((v) => v())));
  return db;
}

export const db = openIgnitionDb();
