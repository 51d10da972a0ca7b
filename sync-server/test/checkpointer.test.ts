import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { EmbeddedClient } from '../src/db/embedded.ts';
import { startCheckpointer, type Checkpointer } from '../src/db/checkpointer.ts';
import { startServer } from '../src/server.ts';

const MB = 1024 * 1024;

/** Writes `mb` megabytes in 1 MB commits, pausing now and then so the thread's beat can run. */
async function writeMegabytes(db: EmbeddedClient, mb: number, from = 0) {
  const chunk = 'x'.repeat(1000);
  for (let round = from; round < from + mb; round++) {
    await db.batch(Array.from({ length: 1000 }, (_, i) => ({ sql: 'INSERT INTO blob (id, data) VALUES (?, ?)', args: [round * 1000 + i, chunk] })), 'write');
    if (round % 4 === 3) await new Promise((r) => setTimeout(r, 300));
  }
}

const autocheckpoint = async (db: EmbeddedClient) => (await db.execute('PRAGMA wal_autocheckpoint')).rows[0].wal_autocheckpoint;

describe('the WAL checkpointer thread', () => {
  let dir: string;
  let file: string;
  let db: EmbeddedClient;
  let ck: Checkpointer | null = null;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ignition-ckpt-'));
    file = join(dir, 'c.db');
    db = (await openDatabase(`file:${file}`)) as EmbeddedClient;
    await db.execute('CREATE TABLE blob (id INTEGER PRIMARY KEY, data TEXT)');
    // Commits checkpoint only past 10,000 pages (40 MB), as in the server.
    db.setAutocheckpoint(10_000);
  });
  afterEach(async () => {
    await ck?.stop();
    ck = null;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the log small while commits skip checkpoints', async () => {
    expect(await autocheckpoint(db)).toBe(10_000);
    ck = startCheckpointer(file, { beatMs: 50 });
    await writeMegabytes(db, 16);
    // Commits alone would leave all 16 MB in the log.
    expect(statSync(`${file}-wal`).size).toBeLessThan(8 * MB);
    expect((await db.execute('SELECT COUNT(*) AS n FROM blob')).rows[0].n).toBe(16_000);
  });

  it('leaves the whole log to the commits when no thread runs (what the test above rules out)', async () => {
    await writeMegabytes(db, 12);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(12 * MB);
  });

  it('lets the log start over under steady writes (passes a beat until one finds nothing new)', async () => {
    const steady = async (passes: number) => {
      ck = startCheckpointer(file, { beatMs: 100, passes });
      const chunk = 'x'.repeat(1000);
      let id = (Number((await db.execute('SELECT COALESCE(MAX(id), 0) AS m FROM blob')).rows[0].m) || 0) + 1;
      let maxFrames = 0;
      const end = Date.now() + 2500;
      while (Date.now() < end) {
        await db.batch(Array.from({ length: 40 }, () => ({ sql: 'INSERT INTO blob (id, data) VALUES (?, ?)', args: [id++, chunk] })), 'write');
        // The log's frame count in the WAL index (its header's mxFrame).
        maxFrames = Math.max(maxFrames, readFileSync(`${file}-shm`).readUInt32LE(16));
        // A busy server's pace: writes most of the time, with short gaps between them.
        await new Promise((r) => setTimeout(r, 3));
      }
      await ck.stop();
      ck = null;
      return maxFrames;
    };
    const multi = await steady(6);
    const single = await steady(1);
    // One pass a beat leaves frames that arrived meanwhile, so the log seldom starts over.
    console.log(`largest log: ${multi} frames with passes, ${single} with one pass a beat`);
    expect(multi).toBeLessThan(single / 2);
  });

  it('stops when asked, and checkpoints no more', async () => {
    let failed = false;
    ck = startCheckpointer(file, { beatMs: 50, onFailure: () => (failed = true) });
    await writeMegabytes(db, 8);
    await ck.stop();
    expect(ck.thread.threadId).toBe(-1);
    await writeMegabytes(db, 12, 8);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(12 * MB);
    expect(failed).toBe(false);
  });

  it('a process leaving in the middle of a checkpoint exits cleanly (a thread stopped inside a libsql call would abort it)', () => {
    const script = fileURLToPath(new URL('./fixtures/checkpointer-exit.ts', import.meta.url));
    for (const how of ['exit', 'exit', 'exit', 'exit', 'throw', 'throw']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, join(dir, `exit-${how}.db`), how], { encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).not.toMatch(/panicked|Aborted/);
      expect(run.signal).toBeNull();
      expect(run.status).toBe(how === 'exit' ? 0 : 1);
    }
  });
});

describe('the server and its checkpointer', () => {
  it('runs the thread while it listens, falls back to checkpoints on commit if the thread ends, and stops it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-ckpt-srv-'));
    const s = await startServer({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 's.db')}`, NODE_ENV: 'test' });
    try {
      const db = s.db as EmbeddedClient;
      expect(s.checkpointer).not.toBeNull();
      expect(await autocheckpoint(db)).toBe(10_000);
      // The thread ending on its own (any message ends it, as a crash would): commits take over.
      const errors: string[] = [];
      const error = console.error;
      console.error = (m: string) => errors.push(m);
      try {
        s.checkpointer!.thread.postMessage('end');
        await new Promise<void>((r) => s.checkpointer!.thread.once('exit', () => r()));
      } finally {
        console.error = error;
      }
      expect(errors.join('\n')).toMatch(/checkpointer thread stopped/);
      expect(await autocheckpoint(db)).toBe(1000);
    } finally {
      await new Promise<void>((r) => s.server.close(() => r()));
      s.db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the thread when the server closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-ckpt-srv-'));
    const s = await startServer({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 's.db')}`, NODE_ENV: 'test' });
    const ended = new Promise<void>((r) => s.checkpointer!.thread.once('exit', () => r()));
    await new Promise<void>((r) => s.server.close(() => r()));
    await ended;
    expect(s.checkpointer!.thread.threadId).toBe(-1);
    s.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no thread for a database in memory', async () => {
    const s = await startServer({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: ':memory:', NODE_ENV: 'test' });
    expect(s.checkpointer).toBeNull();
    await new Promise<void>((r) => s.server.close(() => r()));
    s.db.close();
  });
});
