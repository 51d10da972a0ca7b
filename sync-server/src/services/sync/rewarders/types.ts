import type { InStatement, ResultSet } from '@libsql/client';
import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import type { RewardResult } from '@ignition/shared/rules/rewards.ts';
import type { Db, SqlValue } from '../sql.ts';
import type { AcceptedEvent } from '../ledger.ts';
import type { LogRow } from '../apply-changes.ts';

/** How far ahead of the server a client clock may be before an event's time is clamped. */
export const CLOCK_SKEW_MS = 5 * 60_000;
import type { HabitStreakBook } from '../habit-streaks.ts';

/** A row as the push reads it: column name to value. */
export type Row = Record<string, SqlValue>;

/** The fields a push's row changes wrote, by table and id (the winners of the per-field merge). */
export type WrittenRows = ReadonlyMap<string, ReadonlyMap<string, Row>>;

/** Rows a push deleted (with their descendants), by table: the change log's tombstones once its changes applied. */
export type DeletedRows = ReadonlyMap<string, ReadonlySet<string>>;

/** An event after its time and local date were checked (rule 5). */
export type PlacedEvent = PushEvent & { created_at: string; local_date: string; tooOld?: boolean };

/** What a rewarder is asked to read for: the push's events of its type, and the rows the push writes. */
export interface RewardQuery {
  userId: string;
  /** this type's events (entity ids as the client sent them, unchecked) */
  events: readonly PushEvent[];
  /**
   * The rows the push's changes write. The interactive push reads after applying them and passes
   * none; the planned push reads before, and the rewarder lays these over the stored rows.
   */
  written: WrittenRows;
  /**
   * The rows the push's changes deleted (with their descendants), by table: the planned push
   * passes them to `facts`, which drops them from what it read (`overlay`), as reading after the
   * push applied would. Only a rewarder that declares `tables` is relied on to honour them.
   */
  deleted?: DeletedRows;
  /** the change log's entries as the push's changes leave them (`table:id`); the planned push passes them to `facts` */
  log?: ReadonlyMap<string, LogRow>;
  /** the push's clock (ms) */
  nowMs?: number;
}

export interface PlaceContext {
  /** today in the user's time zone */
  todayThere: string;
  /** the first local day that is paid at all */
  earliestDay: string;
}

export interface RewardContext {
  userId: string;
  /** accepted so far on a local date (before this event): count and XP of one event type */
  today(type: string, date: string): { count: number; xp: number };
  /** the user's time zone (a planner event's occurrence day) */
  timezone?: string;
  /** the running balance, for a rewarder that `spends` (made ready before its `reward`) */
  ledger?: LedgerView;
  /** the push's clock (ms; the wall clock when not given) */
  nowMs?: number;
  /** the push's habit streaks (habit_complete reads its habit, summary and logs there) */
  habits?: HabitStreakBook;
  /** for what the read set did not cover (a rare case): on the planned push a read here makes it the interactive one */
  db?: Db;
}

/** What a spending rewarder sees of the push's economy so far (EconomyLedger). */
export interface LedgerView {
  /** the coins held now: every event accepted before this one, and the quests they completed */
  readonly coins: number;
  /** streak shields held on a local date, this push's accepted events included */
  heldShieldsOn(date: string): number;
}

/** A personal-record row the push stores (see personal-records.ts). */
export interface RecordRow {
  id: string;
  exercise_id: string;
  record_type: string;
  value: number;
  weight: number | null;
  reps: number | null;
  achieved_at: string;
  set_id: string;
  session_id: string;
}

export interface RewardOutcome {
  /** the shared rule's answer, or a refusal of the event itself (`unknown_entity`) */
  result: RewardResult | { rejected: 'unknown_entity'; message: string };
  /** added to the event's stored metadata */
  meta?: Record<string, unknown>;
  /** what an accepted event brings with it (a workout's personal records) */
  follow?: { records: RecordRow[]; events: AcceptedEvent[] };
}

/**
 * One event type's reward, in three steps that never interleave: the statements it must read
 * (they join the push's one read batch), the facts built from their results, and a pure
 * computation from those facts with the shared rules. Adding an event type is one file that
 * exports such an object and one line in `registry.ts`.
 */
export interface Rewarder<F> {
  readonly type: string;
  /** the user's table an event's entity must be a row of (else `unknown_entity`), or null */
  readonly entityTable: string | null;
  /** paid once per entity (the `already_rewarded` check, by event type and entity) */
  readonly oncePerEntity: boolean;
  /** checked against the running balance: the quests accepted so far are settled and the day walk read before `reward`, which gets `ctx.ledger` */
  readonly spends?: boolean;
  /** a refused event's entity row is removed everywhere (a purchase refused: no device keeps a reward had for nothing) */
  readonly removesRefused?: boolean;
  /**
   * Every client table its reads look at, when its `facts` drop the rows the push deleted from all
   * of them (`q.deleted`, through `overlay`) so they equal a read after the push applied: a push
   * that deletes rows may then answer its events on the planned push. Without it, such a push goes
   * the interactive way.
   */
  readonly tables?: readonly string[];
  /** statements for the read batch; `facts` gets their results in the same order */
  reads(q: RewardQuery): InStatement[];
  /** local dates these events may be paid on that their own dates do not say (a journal entry's date): the planned push reads the daily caps for them too */
  dates?(q: RewardQuery): string[];
  facts(results: ResultSet[], q: RewardQuery): F;
  /** once-only keys (see `onceKey`) already granted that its own reads found, beyond the events' entities (a planner series) */
  rewardedKeys?(facts: F): Iterable<string>;
  /**
   * What the once-only key and the stored event name, when not the event's own entity (a planner
   * occurrence counts under its series and its date, so moving it cannot earn twice).
   */
  onceKeyOf?(e: PlacedEvent, row: Row | undefined, timezone: string): { entity: string | null; occurrence: string | null };
  /** the event's entity row, if it is the user's */
  entity(facts: F, entityId: string): Row | undefined;
  /** may move the event's local date (or mark it too old) before caps are counted; sees each of the push's new events of its type (not those already answered), so a rewarder may note them in its facts */
  place?(e: PlacedEvent, facts: F, ctx: PlaceContext): void;
  /**
   * An asynchronous step just before `reward`, for what the rewarder takes from the push's shared
   * state (habit_complete: the habit streaks); it may read what the read set did not cover through
   * `ctx.db` (on the planned push such a read makes it the interactive one).
   */
  prepare?(e: PlacedEvent, row: Row | undefined, facts: F, ctx: RewardContext): Promise<void>;
  reward(e: PlacedEvent, row: Row | undefined, facts: F, ctx: RewardContext): RewardOutcome;
  /** writes that follow the push's new events of this type as a whole (a recount), after `place` and before any `reward`; only writes */
  settle?(sink: Db, facts: F, ctx: { userId: string }): Promise<void>;
}

/**
 * The stored rows of a read with the push's own written fields laid over them (new rows too), less
 * the rows the push deleted (`gone`: a row written and then deleted in the same push is gone too).
 */
export function overlay(stored: Iterable<Row>, written: ReadonlyMap<string, Row> | undefined, keep: (row: Row) => boolean = () => true, gone?: ReadonlySet<string>): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of stored) out.set(String(r.id), { ...r });
  for (const [id, fields] of written ?? []) {
    const merged: Row = { ...(out.get(id) ?? { id }), ...fields, id };
    if (keep(merged)) out.set(id, merged);
    else out.delete(id);
  }
  for (const id of gone ?? []) out.delete(id);
  return out;
}

/**
 * Drops the rows whose `column` names a row of `parentTable` the push deleted: a user-owned child
 * the database cascades to without a tombstone of its own (a book's reading sessions, a habit's
 * logs, a reward's purchases), so `q.deleted` does not name it.
 */
export function dropCascaded(rows: Map<string, Row>, q: Pick<RewardQuery, 'deleted'>, column: string, parentTable: string): Map<string, Row> {
  const gone = q.deleted?.get(parentTable);
  if (gone?.size) for (const [id, r] of rows) if (gone.has(String(r[column]))) rows.delete(id);
  return rows;
}

/** `overlay` of one table's read: the push's written rows of `table` laid over, its deleted rows dropped. */
export const overlayTable = (q: Pick<RewardQuery, 'written' | 'deleted'>, table: string, stored: Iterable<Row>, keep?: (row: Row) => boolean): Map<string, Row> =>
  overlay(stored, q.written.get(table), keep, q.deleted?.get(table));

/** The entities the events name, once each (the ids a rewarder reads its rows by). */
export const entityIdsOf = (events: readonly { entity_id?: string | null }[]): string[] => [...new Set(events.flatMap((e) => (e.entity_id ? [e.entity_id] : [])))];
export const rowsOf = (rs: ResultSet | undefined): Row[] => (rs?.rows ?? []).map((r) => ({ ...(r as unknown as Row) }));
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
