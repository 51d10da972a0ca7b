import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The thread's program: its own connection to the file and a passive checkpoint every beat.
 * A passive checkpoint never blocks a writer or a reader. Every libsql call is bracketed by
 * `state[0]` (1 while inside one) and skipped once `state[1]` (stop) is set: a thread stopped
 * inside a libsql call aborts the whole process (a panic in the driver's bindings), so the
 * process's exit waits for the call to end (see `guardExit`).
 */
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const state = workerData.state;
const enter = () => {
  Atomics.store(state, 0, 1);
  if (Atomics.load(state, 1) === 1) { leave(); return false; }
  return true;
};
const leave = () => { Atomics.store(state, 0, 0); Atomics.notify(state, 0); };
const Database = require(workerData.driver);
let db = null;
let checkpoint = null;
if (enter()) {
  try { db = new Database(workerData.path, { timeout: 0 }); checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)'); } finally { leave(); }
}
// Frames written while a checkpoint copies the log are left for the next one, and the log
// starts over only once a checkpoint has copied every frame. Under steady writes a single pass a
// beat rarely got there: the log grew to the commits' safety net and a commit paid for it. So a
// beat makes further passes, each over what arrived during the last one, while that shrinks: it
// stops when a pass finds nothing new, or when writes come faster than passes catch up (each
// pass ends in an fsync, and a writer that never pauses leaves no moment to start over anyway).
const timer = setInterval(() => {
  let last = -1; // the log's length at the previous pass
  let gained = Infinity; // frames that arrived during the previous pass
  for (let pass = 0; pass < workerData.passes; pass++) {
    if (!checkpoint || !enter()) return;
    let r = null;
    try { r = checkpoint.all()[0]; } catch { /* busy, or another instance's checkpoint: the next beat tries again */ } finally { leave(); }
    if (!r || r.busy !== 0 || r.log < 0) return;
    if (last >= 0) {
      const arrived = r.log - last; // 0: nothing new; below 0: the log has started over
      if (arrived <= 0 || arrived >= gained) return;
      gained = arrived;
    }
    last = r.log;
  }
}, workerData.beatMs);
parentPort.on('message', () => {
  clearInterval(timer);
  if (db && enter()) { try { db.close(); } catch {} finally { leave(); } }
  parentPort.close();
});
`;

export interface Checkpointer {
  /** The thread (for tests and diagnostics). */
  readonly thread: Worker;
  /** Ends the thread after its current checkpoint; resolves once it has ended. */
  stop(): Promise<void>;
}

/**
 * Runs WAL checkpoints for an embedded database file in a worker thread, off the request path.
 * Without it, the commit that crosses `wal_autocheckpoint` pages copies the log into the
 * database and fsyncs on the event loop: under load about one push in nine stalled 18–28 ms,
 * and every request behind it waited too. The connections' own checkpoint stays as a safety
 * net at a larger size (EmbeddedClient.useExternalCheckpoints); if the thread ever dies,
 * `onFailure` runs (the server restores SQLite's usual checkpoints on commit).
 */
export function startCheckpointer(path: string, opts: { beatMs?: number; passes?: number; onFailure?: (e: unknown) => void } = {}): Checkpointer {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const driver = createRequire(import.meta.url).resolve('libsql');
  const thread = new Worker(SOURCE, {
    eval: true,
    workerData: { state, driver, path, beatMs: opts.beatMs ?? 200, passes: opts.passes ?? 6 },
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // The server's event loop must not wait for its checkpointer.
  thread.unref();
  const guardExit = () => {
    Atomics.store(state, 1, 1);
    while (Atomics.load(state, 0) === 1) Atomics.wait(state, 0, 1, 50);
  };
  process.on('exit', guardExit);
  let stopping = false;
  let failure: unknown = null;
  thread.on('error', (e) => (failure = e));
  const ended = new Promise<void>((resolve) =>
    thread.once('exit', () => {
      process.off('exit', guardExit);
      if (!stopping) opts.onFailure?.(failure ?? new Error('the checkpointer thread ended'));
      resolve();
    }),
  );
  return {
    thread,
    stop() {
      if (!stopping) {
        stopping = true;
        thread.postMessage('stop');
      }
      return ended;
    },
  };
}
