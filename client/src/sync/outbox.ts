import { uuidv7 } from 'uuidv7';
import { Hlc, newNodeId } from '@ignition/shared/hlc.ts';
import { localDate } from '@ignition/shared/dates.ts';
import type { SyncTableName, TableRowOf } from '@ignition/shared/tables.ts';
import { cascadeTables, deleteWithChildren } from './cascade-delete.ts';
import { changedFields } from '@ignition/shared/sync/changed-fields.ts';
import { db as defaultDb, type IgnitionDb, type LocalEvent, type Row } from '../db/db.ts';
import { deviceNow, loadClockOffset, onClockCorrected } from './device-clock.ts';

/**
 * The only writer of sync bookkeeping. A user action is one call to `commit`: the rows,
 * their per-field clocks, the outbox entries and any activity events land in one Dexie
 * transaction, so a crash leaves either all of it or none of it.
 *
 * A write is compared with the row as stored on this device and only the fields whose value
 * really changes are stamped, stored and sent (`changedFields`; JSON fields compared deeply).
 * A save that changes nothing writes nothing: no row, no clock, no outbox entry. `updated_at`
 * rides along only with a real change of another field, so it never makes a save a change.
 */
export type WriteOp = { [T in SyncTableName]: { table: T; id: string; fields: Partial<Omit<TableRowOf<T>, 'id'>>; delete?: false } }[SyncTableName] | { table: SyncTableName; id: string; delete: true };

export interface NewEvent {
  id?: string;
  event_type: string;
  entity_id?: string | null;
  skill_id?: string | null;
  metadata?: Record<string, unknown>;
  /** optimistic guess from the shared rules; the server's figure replaces it */
  xp?: number;
  coins?: number;
  created_at?: string;
  local_date?: string;
}

const clocks = new WeakMap<IgnitionDb, Hlc>();
const afterCommitListeners = new Set<() => void>();

export function onLocalWrite(listener: () => void) {
  afterCommitListeners.add(listener);
  return () => void afterCommitListeners.delete(listener);
}

export function newId(): string {
  return uuidv7();
}

/**
 * The device's time zone, read again at most once a minute (a device carried across zones is
 * followed soon enough): building an Intl formatter to ask was the largest piece of script time
 * in Today's first load on a slow phone, asked for every day the screen works out.
 */
export function userTimeZone(): string {
  const now = Date.now();
  if (deviceZone && now - deviceZone.at < 60_000) return deviceZone.zone;
  let zone = 'UTC';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    /* no Intl time zones: UTC */
  }
  deviceZone = { zone, at: now };
  return zone;
}
let deviceZone: { zone: string; at: number } | undefined;

let tzOverride: string | undefined;
/** The time zone the person chose in settings (else the browser's). Days, streaks and caps use it. */
export function setTimeZone(tz: string | undefined) {
  tzOverride = tz;
}
export function todayLocal(now: Date = new Date()): string {
  return localDate(now, tzOverride ?? userTimeZone());
}

async function loadClock(database: IgnitionDb): Promise<Hlc> {
  const cached = clocks.get(database);
  if (cached) return cached;
  await loadClockOffset(database);
  const node = (await database.meta.get('hlc_node'))?.value as string | undefined;
  const last = (await database.meta.get('hlc_last'))?.value as string | undefined;
  const nodeId = node ?? newNodeId();
  if (!node) await database.meta.put({ key: 'hlc_node', value: nodeId });
  // Stamps by the device's clock corrected to the server's (rule 8); a last stamp made while the
  // clock ran far ahead is dropped by the Hlc, so stamping restarts from corrected time.
  const clock = new Hlc(nodeId, last, () => deviceNow(database));
  clocks.set(database, clock);
  onClockCorrected(database, () => clocks.delete(database));
  return clock;
}

/**
 * `alongside` runs inside the same transaction, for device-only state that must land with the
 * rows or not at all (e.g. the rest timer a logged set starts); it may touch only `meta`.
 */
export async function commit(ops: WriteOp[], events: NewEvent[] = [], database: IgnitionDb = defaultDb, alongside?: () => Promise<unknown>): Promise<void> {
  const hlcClock = await loadClock(database);
  const tables = new Set<string>(['outbox_changes', 'row_clocks', 'activity_events', 'meta']);
  for (const op of ops) {
    tables.add(op.table);
    if (op.delete) cascadeTables(op.table).forEach((t) => tables.add(t));
  }
  let wrote = events.length > 0 || !!alongside;
  await database.transaction('rw', [...tables], async () => {
    let ticked = false;
    const tick = () => {
      ticked = true;
      return hlcClock.tick();
    };
    for (const op of ops) {
      const key = `${op.table}:${op.id}`;
      if (op.delete) {
        const hlc = tick();
        await deleteWithChildren(database, op.table, op.id, hlc);
        await database.outbox_changes.add({ table: op.table, row_id: op.id, op: 'delete', hlc });
        wrote = true;
        continue;
      }
      // Only what really changes the row as stored here is stamped, stored and sent: a form that
      // saves every field it shows must not claim the fields another device edited meanwhile.
      const existing = (await database.table(op.table).get(op.id)) as Row | undefined;
      const fields = changedFields(op.table, existing, op.fields);
      if (existing && Object.keys(fields).length === 0) continue;
      const hlc = tick();
      await database.table(op.table).put({ ...(existing ?? {}), ...fields, id: op.id });
      const clocks = (await database.row_clocks.get(key))?.clocks ?? {};
      for (const f of Object.keys(fields)) clocks[f] = hlc;
      await database.row_clocks.put({ key, clocks });
      await database.outbox_changes.add({ table: op.table, row_id: op.id, op: 'upsert', fields, hlc });
      wrote = true;
    }
    const now = new Date(deviceNow(database));
    for (const e of events) {
      const created = e.created_at ?? now.toISOString();
      const ev: LocalEvent = {
        id: e.id ?? uuidv7(),
        event_type: e.event_type,
        entity_id: e.entity_id ?? null,
        skill_id: e.skill_id ?? null,
        metadata: e.metadata ?? {},
        created_at: created,
        local_date: e.local_date ?? todayLocal(new Date(created)),
        xp_earned: e.xp ?? 0,
        coins_earned: e.coins ?? 0,
        sync_status: 'pending',
      };
      await database.activity_events.add(ev);
    }
    if (ticked) await database.meta.put({ key: 'hlc_last', value: hlcClock.last });
    if (alongside) await alongside();
  });
  if (!wrote) return;
  afterCommitListeners.forEach((l) => l());
}

/** Convenience for the common one-row write. */
/** Row changes and events written on this device that the server has not answered yet. */
export async function unsyncedCount(database: IgnitionDb = defaultDb): Promise<number> {
  const [changes, events] = await Promise.all([database.outbox_changes.count(), database.activity_events.where('sync_status').equals('pending').count()]);
  return changes + events;
}

export function upsert<T extends SyncTableName>(table: T, id: string, fields: Partial<Omit<TableRowOf<T>, 'id'>>, events: NewEvent[] = []) {
  return commit([{ table, id, fields } as WriteOp], events);
}

export function remove(table: SyncTableName, id: string) {
  return commit([{ table, id, delete: true }]);
}

/** Merges a remote HLC into the local clock so later local writes sort after what was pulled. */
export async function observeRemoteClock(remote: string, database: IgnitionDb = defaultDb) {
  const c = await loadClock(database);
  c.receive(remote);
}

/** For tests: forget the cached clock (a new page load). */
export function resetOutboxForTests(database: IgnitionDb = defaultDb) {
  clocks.delete(database);
}
