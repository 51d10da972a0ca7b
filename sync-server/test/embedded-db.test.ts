import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibsqlError, type Client } from '@libsql/client';
import { embeddedPath, openDatabase } from '../src/db/client.ts';

describe('embeddedPath', () => {
  it('reads file URLs the way @libsql/client does', () => {
    expect(embeddedPath(':memory:')).toBe(':memory:');
    expect(embeddedPath('file:/var/db/a.db')).toBe('/var/db/a.db');
    expect(embeddedPath('file:///var/db/a.db')).toBe('/var/db/a.db');
    expect(embeddedPath('file://localhost/var/db/a.db')).toBe('/var/db/a.db');
    expect(embeddedPath('file:data/a.db')).toBe('data/a.db');
    expect(embeddedPath('file:/var/db/a%20b.db?mode=rwc')).toBe('/var/db/a b.db');
    expect(embeddedPath('libsql://x.turso.io')).toBeNull();
    expect(embeddedPath('http://127.0.0.1:8080')).toBeNull();
    expect(() => embeddedPath('file://elsewhere/a.db')).toThrow(/host/);
  });
});

describe('the embedded database client', () => {
  let dir: string;
  let db: Client;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ignition-embedded-'));
    db = await openDatabase(`file:${join(dir, 'e.db')}`);
    await db.executeMultiple(`
      CREATE TABLE parent (id TEXT PRIMARY KEY, n INTEGER, flag INTEGER, data BLOB);
      CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id));
    `);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns rows by name and by index, numbers as numbers, and blobs as ArrayBuffers', async () => {
    await db.execute({ sql: 'INSERT INTO parent (id, n, flag, data) VALUES (?, ?, ?, ?)', args: ['a', 42, true, new Uint8Array([1, 2, 3]).buffer] });
    const rs = await db.execute('SELECT id, n, flag, data, n + 1 AS m FROM parent');
    expect(rs.columns).toEqual(['id', 'n', 'flag', 'data', 'm']);
    const row = rs.rows[0];
    expect(row.id).toBe('a');
    expect(row.n).toBe(42);
    expect(row.flag).toBe(1);
    expect([...new Uint8Array(row.data as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect([row[0], row[1], row.length]).toEqual(['a', 42, 5]);
    expect(Array.prototype.slice.call(row).slice(0, 2)).toEqual(['a', 42]);
    expect(Object.keys({ ...row })).toEqual(['id', 'n', 'flag', 'data', 'm']);
    // The first of two equal column names wins; the second is still there by index.
    const dup = (await db.execute("SELECT 'x' AS v, 'y' AS v")).rows[0];
    expect(dup.v).toBe('x');
    expect([dup[0], dup[1]]).toEqual(['x', 'y']);
  });

  it('reports changes, and reuses a prepared statement with fresh arguments', async () => {
    for (let i = 0; i < 5; i++) await db.execute({ sql: 'INSERT INTO parent (id, n) VALUES (?, ?)', args: [`p${i}`, i] });
    const upd = await db.execute({ sql: 'UPDATE parent SET n = n * 10 WHERE n >= ?', args: [3] });
    expect(upd.rowsAffected).toBe(2);
    const sel = 'SELECT n FROM parent WHERE id = ?';
    expect((await db.execute({ sql: sel, args: ['p4'] })).rows[0].n).toBe(40);
    expect((await db.execute({ sql: sel, args: ['p1'] })).rows[0].n).toBe(1);
    expect((await db.execute({ sql: 'SELECT :a AS a, $b AS b', args: { a: 1, $b: 'two' } })).rows[0]).toMatchObject({ a: 1, b: 'two' });
  });

  it('rejects bad arguments and reports SQLite errors with their codes', async () => {
    await expect(db.execute({ sql: 'SELECT ?', args: [undefined as never] })).rejects.toThrow(TypeError);
    await db.execute("INSERT INTO parent (id) VALUES ('a')");
    const dup = await db.execute("INSERT INTO parent (id) VALUES ('a')").catch((e) => e);
    expect(dup).toBeInstanceOf(LibsqlError);
    expect(dup.code).toBe('SQLITE_CONSTRAINT');
    expect(dup.extendedCode).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    const syntax = await db.execute('SELEC 1').catch((e) => e);
    expect(syntax).toBeInstanceOf(LibsqlError);
  });

  it('keeps a transaction’s rows out of other reads until it commits, and enforces foreign keys on every connection', async () => {
    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO parent (id) VALUES ('t')");
    expect((await tx.execute("SELECT COUNT(*) AS n FROM parent WHERE id = 't'")).rows[0].n).toBe(1);
    // Outside the transaction (another connection): not yet there.
    expect((await db.execute("SELECT COUNT(*) AS n FROM parent WHERE id = 't'")).rows[0].n).toBe(0);
    await tx.commit();
    expect(tx.closed).toBe(true);
    expect((await db.execute("SELECT COUNT(*) AS n FROM parent WHERE id = 't'")).rows[0].n).toBe(1);

    // Hold one connection in a read transaction so the insert below runs on another one.
    const reader = await db.transaction('read');
    const fk = await db.execute("INSERT INTO child (id, parent_id) VALUES ('c', 'missing')").catch((e) => e);
    expect(fk.code).toBe('SQLITE_CONSTRAINT');
    reader.close();
    const tx2 = await db.transaction('write');
    const fk2 = await tx2.execute("INSERT INTO child (id, parent_id) VALUES ('c', 'missing')").catch((e) => e);
    expect(fk2.code).toBe('SQLITE_CONSTRAINT');
    await tx2.rollback();
  });

  it('runs concurrent write transactions one after another instead of blocking on the lock', async () => {
    const order: string[] = [];
    const work = async (name: string) => {
      const tx = await db.transaction('write');
      try {
        order.push(`begin ${name}`);
        const n = Number((await tx.execute('SELECT COUNT(*) AS n FROM parent')).rows[0].n);
        await new Promise((r) => setTimeout(r, 10)); // a real wait inside the transaction
        await tx.execute({ sql: 'INSERT INTO parent (id, n) VALUES (?, ?)', args: [name, n] });
        await tx.commit();
        order.push(`end ${name}`);
      } finally {
        tx.close();
      }
    };
    await Promise.all(['a', 'b', 'c'].map(work));
    expect(order).toEqual(['begin a', 'end a', 'begin b', 'end b', 'begin c', 'end c']);
    // Each saw the one before it: serialised, not lost updates.
    const rows = (await db.execute('SELECT id, n FROM parent ORDER BY n')).rows.map((r) => [r.id, r.n]);
    expect(rows).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('rolls back a transaction that is closed without a commit, and a failed batch as a whole', async () => {
    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO parent (id) VALUES ('gone')");
    tx.close();
    await expect(tx.execute('SELECT 1')).rejects.toThrow(/closed/);
    await expect(db.batch(["INSERT INTO parent (id) VALUES ('b1')", "INSERT INTO parent (id) VALUES ('b1')"], 'write')).rejects.toThrow();
    expect((await db.execute('SELECT COUNT(*) AS n FROM parent')).rows[0].n).toBe(0);
    await db.batch(["INSERT INTO parent (id) VALUES ('b1')", "INSERT INTO parent (id) VALUES ('b2')"], 'write');
    expect((await db.execute('SELECT COUNT(*) AS n FROM parent')).rows[0].n).toBe(2);
  });

  it('puts the file in WAL mode', async () => {
    expect((await db.execute('PRAGMA journal_mode')).rows[0].journal_mode).toBe('wal');
  });
});

describe('an in-memory database', () => {
  it('has one connection: a call during an open transaction says so instead of hanging', async () => {
    const db = await openDatabase(':memory:');
    await db.execute('CREATE TABLE t (x INTEGER)');
    const tx = await db.transaction('write');
    await tx.execute('INSERT INTO t VALUES (1)');
    const err = await db.execute('SELECT 1').catch((e) => e);
    expect(err.code).toBe('TRANSACTION_ACTIVE');
    await tx.commit();
    expect((await db.execute('SELECT COUNT(*) AS n FROM t')).rows[0].n).toBe(1);
    db.close();
  });
});
