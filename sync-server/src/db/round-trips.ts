import type { Client, InArgs, InStatement, ResultSet, Transaction, TransactionMode } from '@libsql/client';

/**
 * A `Client` that counts the calls that are network round trips on a libSQL server or Turso
 * (`execute`, `batch`, `transaction`, and a transaction's `execute`, `batch`, `commit` and
 * `rollback`) and can add a fixed delay to each, to stand in for a network in tests and the
 * bench (DB_CALL_DELAY_MS). `close` and a transaction's `close` are local and not counted.
 */
export interface RoundTripCounter {
  calls: number;
  /** the calls' SQL, when kept (`keepLog`): for finding which calls a request makes */
  log?: string[];
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * One write at a time in this process. A local file opened through @libsql/client waits for
 * SQLite's lock synchronously (its busy handler blocks the event loop), so a second writer in
 * the same process would stall the first one's next statement until the busy timeout: the same
 * reason embedded.ts queues its write transactions. A libSQL server waits for its lock on the
 * server, asynchronously, so a remote client needs no gate.
 */
export class WriteGate {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = this.tail;
    this.tail = before.then(() => held);
    return before.then(() => {
      let done = false;
      return () => {
        if (!done) {
          done = true;
          release();
        }
      };
    });
  }
}

const sqlOf = (stmt: InStatement | string) => (typeof stmt === 'string' ? stmt : stmt.sql).replace(/\s+/g, ' ').slice(0, 120);

class CountedTransaction implements Transaction {
  constructor(
    private readonly tx: Transaction,
    private readonly trip: (what?: string) => Promise<void>,
    private readonly release: () => void = () => undefined,
  ) {}
  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    await this.trip(`tx: ${sqlOf(stmt)}`);
    return typeof stmt === 'string' && args !== undefined ? this.tx.execute({ sql: stmt, args }) : this.tx.execute(stmt as InStatement);
  }
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    await this.trip(`tx batch of ${stmts.length}: ${stmts.map(sqlOf).join(' | ').slice(0, 200)}`);
    return this.tx.batch(stmts);
  }
  async executeMultiple(sql: string): Promise<void> {
    await this.trip();
    return this.tx.executeMultiple(sql);
  }
  async rollback(): Promise<void> {
    await this.trip('ROLLBACK');
    try {
      return await this.tx.rollback();
    } finally {
      this.release();
    }
  }
  async commit(): Promise<void> {
    await this.trip('COMMIT');
    try {
      return await this.tx.commit();
    } finally {
      this.release();
    }
  }
  close(): void {
    this.tx.close();
    this.release();
  }
  get closed(): boolean {
    return this.tx.closed;
  }
}

export class RoundTripClient implements Client {
  readonly counter: RoundTripCounter = { calls: 0 };
  constructor(
    private readonly inner: Client,
    private readonly delayMs = 0,
    /** for a local file through @libsql/client: one writer at a time in this process */
    private readonly gate?: WriteGate,
  ) {}
  private readonly trip = async (what = '') => {
    this.counter.calls++;
    this.counter.log?.push(what);
    await sleep(this.delayMs);
  };
  private async gated<T>(run: () => Promise<T>): Promise<T> {
    if (!this.gate) return run();
    const release = await this.gate.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  }
  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    await this.trip(sqlOf(stmt));
    return this.gated(() => (typeof stmt === 'string' && args !== undefined ? this.inner.execute({ sql: stmt, args }) : this.inner.execute(stmt as InStatement)));
  }
  async batch(stmts: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    await this.trip(`batch of ${stmts.length}: ${stmts.map(sqlOf).join(' | ').slice(0, 200)}`);
    return this.gated(() => this.inner.batch(stmts, mode));
  }
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    await this.trip();
    return this.inner.migrate(stmts);
  }
  async transaction(mode?: TransactionMode): Promise<Transaction> {
    await this.trip(`BEGIN ${mode ?? ''}`);
    const release = this.gate ? await this.gate.acquire() : undefined;
    try {
      return new CountedTransaction(await this.inner.transaction(mode), this.trip, release);
    } catch (e) {
      release?.();
      throw e;
    }
  }
  async executeMultiple(sql: string): Promise<void> {
    await this.trip();
    return this.gated(() => this.inner.executeMultiple(sql));
  }
  async sync() {
    return this.inner.sync();
  }
  close(): void {
    this.inner.close();
  }
  reconnect() {
    return this.inner.reconnect();
  }
  get closed(): boolean {
    return this.inner.closed;
  }
  get protocol() {
    return this.inner.protocol;
  }
}
