import { childTablesOf, isClientWritable, tableSpec, type ColumnType } from '@ignition/shared/tables.ts';
import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import { recordChanges, type ChangeLogEntry } from './change-log.ts';
import { FEEDBACK_TRIAGE_FIELDS } from '@ignition/shared/rules/feedback.ts';
import { contractError, type ContractViolation } from '@ignition/shared/contracts.ts';
import { latestAllowedNow, serverHlc } from '../server-clock.ts';
import type { InStatement, ResultSet } from '@libsql/client';
import { selectIn, multiInsert, type Db, type SqlValue } from './sql.ts';

export interface ChangeError {
  table: string;
  id: string;
  code: string;
  message: string;
  /** for `invalid_field`: which field and why, so a form can put the words beside it */
  details?: ContractViolation;
}

/**
 * Columns that point at other rows. The target must be the user's own (or shared content),
 * which is how a child row proves ownership and how a foreign-key failure becomes a clear
 * rejection instead of a 500.
 */
export const REFERENCES: Record<string, Record<string, string>> = {
  workout_sections: { workout_id: 'workouts' },
  workout_exercises: { section_id: 'workout_sections', exercise_id: 'exercises' },
  workout_sets: { session_id: 'workout_sessions', exercise_id: 'exercises' },
  flashcards: { deck_id: 'flashcard_decks' },
  goal_milestones: { goal_id: 'goals' },
  habit_logs: { habit_id: 'habits' },
  habit_skips: { habit_id: 'habits' },
  reading_sessions: { book_id: 'books' },
  reward_purchases: { reward_id: 'rewards' },
  user_lesson_progress: { lesson_id: 'lessons' },
  calendar_events: { linked_workout_id: 'workouts' },
  recipe_marks: { recipe_id: 'recipes' },
  tasks: { goal_id: 'goals' },
  task_subtasks: { task_id: 'tasks' },
};

/** A contract-checked value as the table stores it: booleans as 0/1, JSON as text. */
function toSql(type: ColumnType, value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (type === 'bool') return value ? 1 : 0;
  if (type === 'json') return typeof value === 'string' ? value : JSON.stringify(value);
  return value as SqlValue;
}

export interface LogRow {
  table_name: string;
  row_id: string;
  user_id: string | null;
  clocks: string;
  deleted: number;
}

/**
 * Applies a push's row changes for one user, inside the caller's transaction. Merge rule
 * (rule 4): per field, the higher HLC wins, so two devices editing different fields both keep
 * their edit and replays of an old change are no-ops (rule 1). A delete is final: it leaves a
 * tombstone and later upserts of that row are ignored.
 */
export async function applyChanges(
  tx: Db,
  userId: string,
  changes: RowChange[],
  /**
   * The planned push: the change log's entries were read up front (`logKeysOf`) and `tx` collects
   * the writes for one batch (write-sink.ts), so nothing is read here and no write's result is
   * looked at; an insert that would meet an existing id or a constraint fails the whole batch,
   * and the push is then made the interactive way.
   */
  planned?: { log: ReadonlyMap<string, LogRow>; descendants?: Descendants },
): Promise<{ errors: ChangeError[]; applied: number; written: Map<string, Map<string, Record<string, SqlValue>>>; log: ReadonlyMap<string, LogRow> }> {
  const errors: ChangeError[] = [];
  const written = new Map<string, Map<string, Record<string, SqlValue>>>();
  if (changes.length === 0) return { errors, applied: 0, written, log: new Map(planned?.log) };
  const fail = (ch: RowChange, code: string, message: string, details?: ContractViolation) => errors.push({ table: ch.table, id: ch.id, code, message, ...(details ? { details } : {}) });

  // Validate every change against its table's row contract first (rule 9); nothing is read or
  // written for an invalid change.
  const { valid, refusedRows, latestAllowed } = validateChanges(changes, fail);

  // Everything already known about the rows and the rows they reference, in a few reads.
  const log = new Map<string, LogRow>(planned?.log);
  if (!planned)
    for (const [table, ids] of wantedLog(valid, refusedRows)) {
      const rows = await selectIn<LogRow>(tx, 'SELECT table_name, row_id, user_id, clocks, deleted FROM sync_rows WHERE table_name = ? AND row_id IN', [...ids], [table]);
      for (const r of rows) log.set(`${r.table_name}:${r.row_id}`, r);
    }
  // The rows under the rows this push deletes, read before anything is applied (the planned push
  // read them with everything else); this push's own writes are laid over them at each delete.
  let descendants: Descendants = planned?.descendants ?? new Map();
  if (!planned) {
    const reads = descendantReads(valid.filter(({ ch }) => ch.op === 'delete' && ownedNowBefore(log, userId, ch.table, ch.id)).map(({ ch }) => ch));
    if (reads.stmts.length) descendants = reads.take(await tx.batch(reads.stmts));
  }
  // Once a report exists its status and priority are the admin's: a device's later write of them
  // (say "open" again after an admin resolved it) is ignored, as user_id is.
  for (const { ch, values } of valid) {
    if (ch.table === 'user_feedback' && log.has(`user_feedback:${ch.id}`)) for (const f of FEEDBACK_TRIAGE_FIELDS) delete values[f];
  }
  // Rows this push creates count as the user's own for later changes in the same push.
  const ownedNow = (table: string, id: string) => {
    const entry = log.get(`${table}:${id}`);
    return entry && !entry.deleted && entry.user_id === userId;
  };
  const usable = (table: string, id: string) => {
    const entry = log.get(`${table}:${id}`);
    return entry && !entry.deleted && (entry.user_id === userId || entry.user_id === null);
  };

  /** rows this push creates: they had no children before it */
  const created = new Set<string>();
  // A row's children as the database holds them at its delete: as read, less those deleted or
  // moved away earlier in this push, plus rows this push put under it.
  const childrenOf = (table: string, id: string): RemovedRow[] | undefined => {
    const stored = descendants.get(`${table}:${id}`);
    if (!stored && !created.has(`${table}:${id}`)) return undefined;
    const out: RemovedRow[] = [];
    const seen = new Set<string>();
    for (const child of childTablesOf(table)) {
      const take = (cid: string, mine: boolean) => {
        const key = `${child.table}:${cid}`;
        const entry = log.get(key);
        const moved = written.get(child.table)?.get(cid)?.[child.column];
        if (seen.has(key) || entry?.deleted || (mine && !entry) || (moved !== undefined && moved !== id)) return;
        seen.add(key);
        out.push({ table: child.table, id: cid });
      };
      for (const c of stored ?? []) if (c.table === child.table) take(c.id, false);
      for (const [cid, fields] of written.get(child.table) ?? []) if (fields[child.column] === id) take(cid, true);
    }
    return out;
  };

  const logEntries: ChangeLogEntry[] = [];
  const tombstoneRefreshed = new Set<string>();
  let applied = 0;
  // New rows are inserted many per statement (per-statement overhead dominates with
  // @libsql/client); queued inserts are flushed before any UPDATE or DELETE so order holds.
  type Queued = { ch: RowChange; values: Record<string, SqlValue>; clocks: Record<string, string> };
  const inserts: Array<{ group: string; table: string; cols: string[]; hasUser: boolean; rows: Queued[] }> = [];
  const refused = new Set<string>();
  const flushInserts = async () => {
    for (const { table, cols, hasUser, rows } of inserts) {
      const insertCols = ['id', ...(hasUser ? ['user_id'] : []), ...cols];
      const head = `INSERT INTO "${table}" (${insertCols.map((c) => `"${c}"`).join(', ')})`;
      const tuples = rows.map((q) => [q.ch.id, ...(hasUser ? [userId] : []), ...cols.map((c) => q.values[c])]);
      const refuse = (q: Queued, code: string, message: string) => {
        fail(q.ch, code, message);
        refused.add(`${table}:${q.ch.id}`);
        log.delete(`${table}:${q.ch.id}`);
      };
      let inserted = 0;
      const PER = 100;
      if (planned) {
        // A plain INSERT: an id that exists already (someone else's row) fails the batch.
        for (const stmt of multiInsert(head, insertCols.length, tuples, '', PER)) await tx.execute(stmt);
        continue;
      }
      const stmts = multiInsert(head, insertCols.length, tuples, 'ON CONFLICT(id) DO NOTHING', PER);
      for (let i = 0; i < stmts.length; i++) {
        try {
          inserted += (await tx.execute(stmts[i])).rowsAffected;
        } catch (e) {
          if (!isConstraintError(e)) throw e;
          // A row missing a required column (or naming a row that is gone) fails its whole
          // statement: retry that chunk row by row so only the bad rows are refused, never a 500.
          for (const [k, q] of rows.slice(i * PER, (i + 1) * PER).entries()) {
            try {
              inserted += (await tx.execute(multiInsert(head, insertCols.length, [tuples[i * PER + k]], 'ON CONFLICT(id) DO NOTHING')[0])).rowsAffected;
            } catch (err) {
              if (!isConstraintError(err)) throw err;
              refuse(q, 'invalid_row', `${table} ${q.ch.id} is incomplete or inconsistent: ${constraintWords(err)}`);
              inserted++;
            }
          }
        }
      }
      if (inserted === rows.length) continue;
      // Only an id that already exists outside the log (someone else's row) lands here: find it.
      const theirs = hasUser
        ? await selectIn<{ id: string }>(tx, `SELECT id FROM "${table}" WHERE user_id IS NOT ? AND id IN`, rows.map((q) => q.ch.id), [userId])
        : [];
      for (const { id } of theirs) refuse(rows.find((r) => r.ch.id === id)!, 'forbidden', `${table} ${id} belongs to someone else`);
    }
    inserts.length = 0;
  };
  for (const { ch, values } of valid) {
    const key = `${ch.table}:${ch.id}`;
    const entry = log.get(key);
    if (entry && entry.user_id !== userId) {
      fail(ch, 'forbidden', `${ch.table} ${ch.id} belongs to someone else`);
      continue;
    }
    if (entry?.deleted) {
      // Delete is final: replays and late edits are no-ops. The tombstone is logged again so a
      // device that recreated the row locally after pulling the delete learns of it once more.
      if (ch.op === 'upsert' && !tombstoneRefreshed.has(key)) {
        tombstoneRefreshed.add(key);
        logEntries.push({ table: ch.table, id: ch.id, userId, clocks: JSON.parse(entry.clocks), deleted: true });
      }
      continue;
    }
    const clocks: Record<string, string> = entry ? JSON.parse(entry.clocks) : {};
    if (ch.op === 'delete') {
      if (!entry) {
        // Never synced: remember the tombstone so a late upsert cannot resurrect it.
        log.set(key, { table_name: ch.table, row_id: ch.id, user_id: userId, clocks: '{}', deleted: 1 });
        logEntries.push({ table: ch.table, id: ch.id, userId, clocks: { _deleted: ch.hlc }, deleted: true });
        continue;
      }
      await flushInserts();
      const removed = await deleteWithDescendants(tx, ch.table, ch.id, 0, childrenOf);
      for (const r of removed) {
        log.set(`${r.table}:${r.id}`, { table_name: r.table, row_id: r.id, user_id: userId, clocks: '{}', deleted: 1 });
        logEntries.push({ table: r.table, id: r.id, userId, clocks: { _deleted: ch.hlc }, deleted: true });
      }
      applied++;
      continue;
    }
    // References must be the user's own rows (or shared content such as exercises and lessons).
    let refOk = true;
    for (const [col, target] of Object.entries(REFERENCES[ch.table] ?? {})) {
      const ref = values[col];
      if (typeof ref !== 'string') continue;
      const spec = tableSpec(target);
      const allowShared = spec?.owner.kind === 'shared' || !!spec?.sharedWhenUserNull;
      if (!(allowShared ? usable(target, ref) : ownedNow(target, ref))) {
        fail(ch, 'unknown_reference', `${ch.table}.${col} names ${target} ${ref}, which does not exist or is not yours`);
        refOk = false;
        break;
      }
    }
    if (!refOk) continue;
    const spec = tableSpec(ch.table)!;
    if (!entry && spec.owner.kind === 'parent' && typeof values[spec.owner.column] !== 'string') {
      fail(ch, 'invalid_field', `A new ${ch.table} row needs ${spec.owner.column}`);
      continue;
    }
    const winners: Record<string, SqlValue> = {};
    for (const [field, v] of Object.entries(values)) {
      // A stored stamp past the bound (written before clocks were bounded) would freeze the field
      // for ever: it loses to any new change instead (rule 8).
      if (!clocks[field] || ch.hlc > clocks[field] || clocks[field] > latestAllowed) {
        winners[field] = v;
        clocks[field] = ch.hlc;
      }
    }
    if (entry && Object.keys(winners).length === 0) continue; // an older or repeated change
    const cols = Object.keys(winners);
    const hasUser = spec.owner.kind === 'user';
    if (!entry) {
      // A row the log has never seen does not exist yet: queue it for a multi-row INSERT.
      // Only consecutive rows of one shape share a statement, so parents still precede children.
      created.add(key);
      const group = `${ch.table}\u0000${cols.join(',')}`;
      const last = inserts[inserts.length - 1];
      if (last?.group === group) last.rows.push({ ch, values: winners, clocks });
      else inserts.push({ group, table: ch.table, cols, hasUser, rows: [{ ch, values: winners, clocks }] });
    } else {
      await flushInserts();
      // A known row is updated in place: an INSERT of only the winning fields would trip NOT NULL
      // columns (e.g. flashcards.deck_id) whenever that column's own clock is newer than this change.
      const rs = await tx
        .execute({
          sql: `UPDATE "${ch.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?${hasUser ? ' AND user_id = ?' : ''}`,
          args: [...cols.map((c) => winners[c]), ch.id, ...(hasUser ? [userId] : [])],
        })
        .catch((e: unknown) => {
          if (!isConstraintError(e)) throw e;
          return { rowsAffected: -1, message: constraintWords(e) };
        });
      if (planned) {
        /* the batch fails as a whole if the row cannot take the values */
      } else if (rs.rowsAffected === -1) {
        fail(ch, 'invalid_row', `${ch.table} ${ch.id} cannot take these values: ${(rs as { message?: string }).message}`);
        continue;
      }
      if (!planned && rs.rowsAffected === 0) {
        fail(ch, 'forbidden', `${ch.table} ${ch.id} belongs to someone else`);
        continue;
      }
    }
    if (!written.has(ch.table)) written.set(ch.table, new Map());
    written.get(ch.table)!.set(ch.id, { ...written.get(ch.table)!.get(ch.id), ...winners });
    log.set(key, { table_name: ch.table, row_id: ch.id, user_id: userId, clocks: JSON.stringify(clocks), deleted: 0 });
    logEntries.push({ table: ch.table, id: ch.id, userId, clocks });
    applied++;
  }
  await flushInserts();
  // Rule 4 after a refusal: the device that sent a refused value still shows it, so a row of the
  // user's that a change could not be applied to is logged again as the server holds it; the
  // device forgets its stamps of the refused fields and takes the server's row on its next pull.
  const relogged = new Set(logEntries.map((e) => `${e.table}:${e.id}`));
  for (const err of errors) {
    const key = `${err.table}:${err.id}`;
    const entry = log.get(key);
    if (err.code === 'forbidden' || relogged.has(key) || !entry || entry.deleted || entry.user_id !== userId) continue;
    relogged.add(key);
    logEntries.push({ table: err.table, id: err.id, userId, clocks: JSON.parse(entry.clocks) });
  }
  await recordChanges(tx, logEntries.filter((e) => !refused.has(`${e.table}:${e.id}`)));
  for (const key of refused) written.get(key.slice(0, key.indexOf(':')))?.delete(key.slice(key.indexOf(':') + 1));
  // `log`: the change log's entries as the push leaves them (`table:id`), for follow-up writes that stamp those rows again.
  return { errors, applied: applied - refused.size, written, log };
}

/** Whether the log (as read before the push) holds the row as the user's, not deleted. */
function ownedNowBefore(log: ReadonlyMap<string, LogRow>, userId: string, table: string, id: string): boolean {
  const entry = log.get(`${table}:${id}`);
  return !!entry && !entry.deleted && entry.user_id === userId;
}

/** The change-log entries `applyChanges` reads for these changes: the rows and the rows they reference, by table. */
export function logKeysOf(changes: RowChange[]): Map<string, Set<string>> {
  const { valid, refusedRows } = validateChanges(changes, () => undefined);
  return wantedLog(valid, refusedRows);
}

function wantedLog(valid: Array<{ ch: RowChange; values: Record<string, SqlValue> }>, refusedRows: RowChange[]): Map<string, Set<string>> {
  const want = new Map<string, Set<string>>();
  const need = (table: string, id: string) => {
    if (!want.has(table)) want.set(table, new Set());
    want.get(table)!.add(id);
  };
  for (const ch of refusedRows) need(ch.table, ch.id);
  for (const { ch, values } of valid) {
    need(ch.table, ch.id);
    for (const [col, target] of Object.entries(REFERENCES[ch.table] ?? {})) if (typeof values[col] === 'string') need(target, values[col] as string);
  }
  return want;
}

/** Each change checked against its table's row contract (rule 9), far-ahead stamps restamped (rule 8). */
function validateChanges(changes: RowChange[], fail: (ch: RowChange, code: string, message: string, details?: ContractViolation) => void) {
  const valid: Array<{ ch: RowChange; values: Record<string, SqlValue> }> = [];
  /** changes refused for their values: the rows they name are sent again as the server holds them */
  const refusedRows: RowChange[] = [];
  const latestAllowed = latestAllowedNow();
  for (const ch of changes) {
    if (!isClientWritable(ch.table)) {
      fail(ch, tableSpec(ch.table) ? 'read_only_table' : 'unknown_table', `Table ${ch.table} cannot be written by clients`);
      continue;
    }
    const spec = tableSpec(ch.table)!;
    const values: Record<string, SqlValue> = {};
    if (ch.op === 'upsert') {
      const fields = ch.fields ?? {};
      const violation = contractError(ch.table, fields);
      if (violation) {
        fail(ch, violation.reason === 'is not a column' ? 'unknown_field' : 'invalid_field', violation.field ? `${ch.table}.${violation.field} ${violation.reason}` : `${ch.table} ${ch.id}: ${violation.reason}`, violation);
        refusedRows.push(ch);
        continue;
      }
      for (const field in fields) {
        if (!Object.hasOwn(fields, field) || field === 'id' || field === 'user_id') continue; // the server sets ownership from the session
        values[field] = toSql(spec.columns[field], fields[field]);
      }
    }
    // Rule 8: a stamp further ahead of the server's clock than the bound cannot win by its stamp
    // alone. It is restamped at the server's clock on arrival, in push order, so it lands as the
    // newest write now and later edits from any device (with honest clocks) still win over it.
    const hlc = ch.hlc > latestAllowed ? serverHlc() : ch.hlc;
    valid.push({ ch: hlc === ch.hlc ? ch : { ...ch, hlc }, values });
  }

  return { valid, refusedRows, latestAllowed };
}

function isConstraintError(e: unknown): boolean {
  return /SQLITE_CONSTRAINT|constraint failed/i.test(String((e as { code?: string })?.code ?? '') + String((e as Error)?.message ?? ''));
}

function constraintWords(e: unknown): string {
  const m = /(NOT NULL constraint failed: \S+|FOREIGN KEY constraint failed|CHECK constraint failed[^\n]*|UNIQUE constraint failed: \S+)/i.exec(String((e as Error)?.message ?? ''));
  return m ? m[1] : 'a database constraint failed';
}

/** A row a delete removes (the deleted row or one under it). */
export interface RemovedRow {
  table: string;
  id: string;
}

/**
 * The rows under rows a push deletes (tables.ts `childTablesOf`), read before the push applies:
 * `table:id` of a row → its child rows. A row that is a key here had its children read (possibly
 * none); a row that is not was out of the read's reach.
 */
export type Descendants = ReadonlyMap<string, readonly RemovedRow[]>;

/** How deep a delete follows child rows (the database cascades further down, without tombstones). */
const DELETE_DEPTH = 5;

/**
 * The statements reading every descendant of these rows, up to DELETE_DEPTH levels: one per child
 * relation (each level's parents as a subquery of the level above), so one batch whatever the
 * number of rows. `take` turns their results, in order, into `Descendants`.
 */
export function descendantReads(deletes: ReadonlyArray<{ table: string; id: string }>): { stmts: InStatement[]; take(results: ResultSet[]): Map<string, RemovedRow[]> } {
  const stmts: InStatement[] = [];
  const shapes: Array<{ table: string; parentTable: string; depth: number }> = [];
  const roots = new Map<string, Set<string>>();
  for (const d of deletes) {
    if (!isClientWritable(d.table)) continue;
    if (!roots.has(d.table)) roots.set(d.table, new Set());
    roots.get(d.table)!.add(d.id);
  }
  const walk = (parentTable: string, parents: string, arg: string, depth: number) => {
    if (depth >= DELETE_DEPTH) return;
    for (const child of childTablesOf(parentTable)) {
      const under = `FROM "${child.table}" WHERE "${child.column}" IN (${parents})`;
      stmts.push({ sql: `SELECT id, "${child.column}" AS parent ${under}`, args: [arg] });
      shapes.push({ table: child.table, parentTable, depth: depth + 1 });
      walk(child.table, `SELECT id ${under}`, arg, depth + 1);
    }
  };
  for (const [table, ids] of roots) if (childTablesOf(table).length) walk(table, 'SELECT value FROM json_each(?)', JSON.stringify([...ids]), 0);
  return {
    stmts,
    take(results) {
      const out = new Map<string, RemovedRow[]>();
      for (const [table, ids] of roots) for (const id of ids) out.set(`${table}:${id}`, []);
      shapes.forEach((shape, i) => {
        for (const r of results[i]?.rows ?? []) {
          const key = `${shape.parentTable}:${String(r.parent)}`;
          if (!out.has(key)) out.set(key, []);
          out.get(key)!.push({ table: shape.table, id: String(r.id) });
          if (shape.depth < DELETE_DEPTH && !out.has(`${shape.table}:${String(r.id)}`)) out.set(`${shape.table}:${String(r.id)}`, []);
        }
      });
      return out;
    },
  };
}

/**
 * Deletes a row; the database cascades to children, and each removed row gets a tombstone.
 * `childrenOf` gives a row's child rows when they were read already (`descendantReads`); without
 * it, or for a row it does not know, they are read here.
 */
export async function deleteWithDescendants(tx: Db, table: string, id: string, depth = 0, childrenOf?: (table: string, id: string) => RemovedRow[] | undefined): Promise<RemovedRow[]> {
  const removed: RemovedRow[] = [];
  if (depth < DELETE_DEPTH) {
    let children = childrenOf?.(table, id);
    if (!children) {
      children = [];
      for (const child of childTablesOf(table)) {
        const rs = await tx.execute({ sql: `SELECT id FROM "${child.table}" WHERE "${child.column}" = ?`, args: [id] });
        for (const r of rs.rows) children.push({ table: child.table, id: String(r.id) });
      }
    }
    for (const c of children) removed.push(...(await deleteWithDescendants(tx, c.table, c.id, depth + 1, childrenOf)));
  }
  await tx.execute({ sql: `DELETE FROM "${table}" WHERE id = ?`, args: [id] });
  removed.push({ table, id });
  return removed;
}
