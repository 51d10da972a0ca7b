import Database from 'libsql';
import { LibsqlError, type Client, type InStatement, type InValue, type ResultSet, type Row, type Transaction, type TransactionMode } from '@libsql/client';

/**
 * The embedded database (a file or `:memory:`) through the `libsql` driver directly, behind the
 * subset of @libsql/client's `Client` the server uses. Why not @libsql/client's own local client:
 * it prepares every statement on every call, reads every integer as a BigInt and builds each
 * row with one `defineProperty` per value — on a 500-event push that was about a third of the
 * time. Here each connection keeps its prepared statements, integers come back as numbers and
 * rows are plain objects keyed by column name (the first of duplicate names wins, as before).
 *
 * Connections: a small pool. A transaction holds one connection until it ends; other calls
 * borrow an idle one, so reads never see a transaction's uncommitted rows. Every connection
 * gets the same settings (busy timeout, synchronous=NORMAL, foreign keys on) — the stock
 * client only set them on its first connection. Write transactions queue in-process rather
 * than meeting at SQLite's lock: its busy handler waits synchronously and would block the
 * event loop the holder needs to finish. Other instances on the same file still meet at the
 * lock, with the busy timeout.
 */

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };
const BUSY_TIMEOUT_MS = 5000;
const STATEMENT_CACHE = 256;
const MAX_CONNECTIONS = 4;

interface Prepared {
  stmt: Database.Statement;
  reader: boolean;
  columns: string[];
  /** index of each column that names a row property (first of duplicates) */
  keys: number[];
  /** rows' prototype: index access and `length`, as @libsql/client rows have (drizzle reads them) */
  proto: object;
  /** whether a column name repeats, so index access needs the raw values */
  duplicates: boolean;
}

const VALUES = Symbol('values');

/** Index getters over the named properties; a repeated name's later columns read the raw values. */
function rowPrototype(columns: string[], duplicates: boolean): object {
  const proto = {};
  Object.defineProperty(proto, 'length', { value: columns.length });
  columns.forEach((name, i) =>
    Object.defineProperty(proto, i, {
      get: duplicates
        ? function (this: { [VALUES]: unknown[] }) {
            return fromSql(this[VALUES][i]);
          }
        : function (this: Record<string, unknown>) {
            return this[name];
          },
    }),
  );
  return proto;
}

type Args = InValue[] | Record<string, InValue>;

const SQLITE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT', 12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY', 17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE', 22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT',
  25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB', 27: 'SQLITE_NOTICE', 28: 'SQLITE_WARNING',
};

/** The same error the stock client throws: a LibsqlError with SQLite's base and extended codes. */
function toLibsqlError(e: unknown): unknown {
  const err = e as { message?: string; code?: string; rawCode?: number; name?: string };
  if (err && typeof err === 'object' && typeof err.rawCode === 'number') {
    const base = SQLITE_CODES[err.rawCode & 0xff] ?? `SQLITE_UNKNOWN_${err.rawCode & 0xff}`;
    return new LibsqlError(String(err.message), base, err.code, err.rawCode, e as Error);
  }
  return e;
}

function toSql(v: InValue): unknown {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'undefined':
      throw new TypeError('undefined cannot be passed as argument to the database');
    default:
      if (v === null || typeof v === 'bigint') return v;
      if (v instanceof Date) return v.valueOf();
      if (v instanceof ArrayBuffer) return Buffer.from(v);
      return v;
  }
}

function bindArgs(args: Args | undefined): unknown[] | Record<string, unknown> {
  if (!args) return [];
  if (Array.isArray(args)) {
    const out = new Array(args.length);
    for (let i = 0; i < args.length; i++) out[i] = toSql(args[i]);
    return out;
  }
  const named: Record<string, unknown> = {};
  for (const name in args) named[name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.slice(1) : name] = toSql(args[name]);
  return named;
}

function fromSql(v: unknown): unknown {
  if (v instanceof Buffer) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
  return v;
}

function resultSet(columns: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows: rows.map((r) => ({ ...r })), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

/** One SQLite connection with its own statement cache. */
class Connection {
  readonly db: Database.Database;
  /** The `wal_autocheckpoint` set on it (null: SQLite's default). */
  autocheckpoint: number | null = null;
  private cache = new Map<string, Prepared>();
  constructor(path: string, first: boolean, file: boolean) {
    this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // The busy timeout comes first: switching a new file to WAL needs a lock that another
    // instance starting at the same moment may hold.
    this.db.exec(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
    if (first && file) this.db.exec('PRAGMA journal_mode=WAL');
    this.db.exec('PRAGMA synchronous=NORMAL');
    this.db.exec('PRAGMA foreign_keys=ON');
  }

  private prepare(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (p) {
      // Least recently used goes first: re-insert on use.
      this.cache.delete(sql);
      this.cache.set(sql, p);
      return p;
    }
    const stmt = this.db.prepare(sql);
    const reader = stmt.reader;
    let columns: string[] = [];
    const keys: number[] = [];
    if (reader) {
      stmt.raw(true);
      columns = (stmt.columns() as { name: string }[]).map((c) => c.name);
      const seen = new Set<string>();
      columns.forEach((c, i) => {
        if (!seen.has(c)) {
          seen.add(c);
          keys.push(i);
        }
      });
    }
    const duplicates = keys.length !== columns.length;
    p = { stmt, reader, columns, keys, duplicates, proto: rowPrototype(columns, duplicates) };
    // Statements with parameters are reused; the cache is bounded for the odd one-off.
    this.cache.set(sql, p);
    if (this.cache.size > STATEMENT_CACHE) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  run(stmt: InStatement): ResultSet {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const args = typeof stmt === 'string' ? [] : bindArgs(stmt.args as Args | undefined);
    try {
      const p = this.prepare(sql);
      if (p.reader) {
        const raw = p.stmt.all(args) as unknown[][];
        const { columns, keys, proto, duplicates } = p;
        const rows = new Array<Row>(raw.length);
        for (let r = 0; r < raw.length; r++) {
          const values = raw[r];
          const row = Object.create(proto) as Record<string, unknown>;
          if (duplicates) Object.defineProperty(row, VALUES, { value: values });
          for (let k = 0; k < keys.length; k++) row[columns[keys[k]]] = fromSql(values[keys[k]]);
          rows[r] = row as Row;
        }
        return resultSet(columns, rows, 0, undefined);
      }
      const info = p.stmt.run(args) as { changes: number; lastInsertRowid: number | bigint };
      return resultSet([], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (e) {
      throw toLibsqlError(e);
    }
  }

  exec(sql: string) {
    try {
      this.db.exec(sql);
    } catch (e) {
      throw toLibsqlError(e);
    }
  }

  get inTransaction(): boolean {
    return this.db.open && this.db.inTransaction;
  }

  close() {
    this.cache.clear();
    try {
      if (this.db.open) this.db.close();
    } catch {
      // nothing useful to do while tearing down
    }
  }
}

/** A FIFO of in-process write transactions. */
class WriteQueue {
  private busy = false;
  private waiting: (() => void)[] = [];
  async acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}

class EmbeddedTransaction implements Transaction {
  private conn: Connection | null;
  constructor(
    conn: Connection,
    private readonly done: (conn: Connection) => void,
  ) {
    this.conn = conn;
  }
  private use(): Connection {
    if (!this.conn || !this.conn.inTransaction) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return this.conn;
  }
  async execute(stmtOrSql: InStatement | string, args?: Args): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    return this.use().run(stmt);
  }
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const out: ResultSet[] = [];
    for (const s of stmts) out.push(this.use().run(Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    return out;
  }
  async executeMultiple(sql: string): Promise<void> {
    this.use().exec(sql);
  }
  async commit(): Promise<void> {
    try {
      this.use().exec('COMMIT');
    } finally {
      this.settle();
    }
  }
  async rollback(): Promise<void> {
    const conn = this.conn;
    try {
      if (conn?.inTransaction) conn.exec('ROLLBACK');
    } finally {
      this.settle();
    }
  }
  close(): void {
    const conn = this.conn;
    try {
      if (conn?.inTransaction) conn.exec('ROLLBACK');
    } finally {
      this.settle();
    }
  }
  get closed(): boolean {
    return !this.conn || !this.conn.inTransaction;
  }
  private settle() {
    const conn = this.conn;
    if (!conn) return;
    this.conn = null;
    this.done(conn);
  }
}

export class EmbeddedClient implements Client {
  closed = false;
  readonly protocol = 'file';
  private idle: Connection[] = [];
  private open = 0;
  private readonly maxConnections: number;
  private readonly writes = new WriteQueue();
  private readonly memory: boolean;
  private autocheckpoint: number | null = null;

  constructor(private readonly path: string) {
    this.memory = path === ':memory:';
    // An in-memory database exists only on the connection that opened it.
    this.maxConnections = this.memory ? 1 : MAX_CONNECTIONS;
    this.idle.push(this.connect());
  }

  private connect(): Connection {
    const conn = new Connection(this.path, this.open === 0, !this.memory);
    this.applyAutocheckpoint(conn);
    this.open++;
    return conn;
  }

  /** The database file, or null in memory. */
  get file(): string | null {
    return this.memory ? null : this.path;
  }

  /**
   * The WAL size, in pages, past which a commit checkpoints (SQLite's `wal_autocheckpoint`,
   * 1000 unless set), on every connection now and later. The server raises it to 40 MB while
   * its checkpointer thread does the work (checkpointer.ts), as a safety net.
   */
  setAutocheckpoint(pages: number): void {
    this.autocheckpoint = pages;
    for (const c of this.idle) this.applyAutocheckpoint(c);
  }

  /** Connections out in a transaction get it when they come back (giveBack). */
  private applyAutocheckpoint(conn: Connection) {
    if (this.autocheckpoint === null || conn.autocheckpoint === this.autocheckpoint) return;
    conn.exec(`PRAGMA wal_autocheckpoint=${this.autocheckpoint}`);
    conn.autocheckpoint = this.autocheckpoint;
  }

  private borrow(): Connection {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open < this.maxConnections) return this.connect();
    throw new LibsqlError(
      this.maxConnections === 1
        ? 'This client has a single connection, which an open transaction is holding. Commit or roll back the transaction before using the client again.'
        : `All ${this.maxConnections} connections are held by open transactions. Commit or roll back one before using the client again.`,
      'TRANSACTION_ACTIVE',
    );
  }

  private giveBack(conn: Connection) {
    if (conn.inTransaction) {
      try {
        conn.exec('ROLLBACK');
      } catch {
        conn.close();
        this.open--;
        return;
      }
    }
    if (this.closed) {
      conn.close();
      this.open--;
      return;
    }
    this.applyAutocheckpoint(conn);
    this.idle.push(conn);
  }

  async execute(stmtOrSql: InStatement | string, args?: Args): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    const conn = this.borrow();
    try {
      return conn.run(stmt);
    } finally {
      this.giveBack(conn);
    }
  }

  async batch(stmts: InStatement[], mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    const tx = await this.transaction(mode);
    try {
      const out = await tx.batch(stmts);
      await tx.commit();
      return out;
    } finally {
      tx.close();
    }
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    const queued = mode !== 'read';
    if (queued) await this.writes.acquire();
    let conn: Connection | undefined;
    try {
      conn = this.borrow();
      conn.exec(BEGIN[mode]);
    } catch (e) {
      if (conn) this.giveBack(conn);
      if (queued) this.writes.release();
      throw e;
    }
    return new EmbeddedTransaction(conn, (c) => {
      this.giveBack(c);
      if (queued) this.writes.release();
    });
  }

  async executeMultiple(sql: string): Promise<void> {
    const conn = this.borrow();
    try {
      conn.exec(sql);
    } finally {
      this.giveBack(conn);
    }
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const conn = this.borrow();
    try {
      conn.exec('PRAGMA foreign_keys=OFF');
      conn.exec('BEGIN DEFERRED');
      const out = stmts.map((s) => conn.run(s));
      conn.exec('COMMIT');
      return out;
    } finally {
      try {
        conn.exec('PRAGMA foreign_keys=ON');
      } finally {
        this.giveBack(conn);
      }
    }
  }

  async sync(): Promise<undefined> {
    return undefined;
  }

  reconnect(): void {
    for (const c of this.idle) c.close();
    this.open -= this.idle.length;
    this.idle = [];
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle) c.close();
    this.open -= this.idle.length;
    this.idle = [];
  }
}
