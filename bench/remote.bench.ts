import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { startServerProcess, type ServerProcess } from '../sync-server/test/process-harness.ts';
import { measureRoundTrips } from '../sync-server/test/round-trip-figures.ts';
import { benchSessions } from './sessions.ts';
import type { BenchResult } from './results.ts';

/**
 * The remote code path (issue: scale-out on a libSQL server or Turso): database calls per request
 * through @libsql/client, and pushes per second of three server instances on one database through
 * @libsql/client with a fixed delay per call standing in for the network (0 ms and 2 ms, same run).
 */
export async function benchRemote(): Promise<BenchResult[]> {
  const trips = await measureRoundTrips();
  trips.close();
  const f = trips.figures;
  const results: BenchResult[] = [
    { name: 'push_roundtrips_workout', value: f.workout, unit: 'calls', target: 5, pass: f.workout <= 5 },
    { name: 'push_roundtrips_journal', value: f.journal, unit: 'calls', target: 5, pass: f.journal <= 5 },
    { name: 'push_roundtrips_empty', value: f.empty, unit: 'calls' },
    { name: 'pull_roundtrips', value: f.pull, unit: 'calls', target: 3, pass: f.pull <= 3 },
    { name: 'pull_roundtrips_first', value: f.firstPull, unit: 'calls' },
    // habit, focus, review, reading, planner, milestone, purchase and delete pushes: the most any of them took
    { name: 'push_roundtrips_other_max', value: Math.max(...Object.values(f.mixed)), unit: 'calls', target: 5, pass: Math.max(...Object.values(f.mixed)) <= 5 },
  ];
  const zero = await pushesPerSecond(0);
  const two = await pushesPerSecond(2);
  results.push({ name: 'remote_pushes_per_s_0ms', value: zero, unit: 'push/s' });
  results.push({ name: 'remote_pushes_per_s_2ms', value: two, unit: 'push/s', baseline: zero, ratio: two / zero, target: 100, pass: two >= 100 && two / zero >= 0.5 });
  return results;
}

const SECONDS = Number(process.env.REMOTE_BENCH_SECONDS ?? 20);
const CLIENTS = 30;

/** Three instances on one file through @libsql/client, 30 clients pushing 10 journal entries back to back. */
async function pushesPerSecond(delayMs: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-remote-'));
  const dbUrl = `file:${join(dir, 'remote.db')}`;
  const env = { DATABASE_DRIVER: 'client', DB_CALL_DELAY_MS: String(delayMs) };
  const servers: ServerProcess[] = [await startServerProcess(dbUrl, undefined, env)];
  servers.push(...(await Promise.all([0, 1].map(() => startServerProcess(dbUrl, undefined, env)))));
  try {
    const cookies = await benchSessions(dbUrl, Array.from({ length: CLIENTS }, (_, c) => `remote${delayMs}-${c}@example.com`));
    let done = 0;
    let failed = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      cookies.map(async (cookie, c) => {
        const url = servers[c % servers.length].url;
        for (let p = 0; Date.now() < until; p++) {
          const changes = [];
          const events = [];
          for (let e = 0; e < 10; e++) {
            const id = uuidv7();
            const date = new Date(Date.UTC(2024, 0, 1 + p * 10 + e)).toISOString().slice(0, 10);
            changes.push({ table: 'journal_entries', id, op: 'upsert', fields: { date, content: 'remote', mood: 3 }, hlc: `${new Date().toISOString()}-0000-00000000000000cc` });
            events.push({ id: uuidv7(), event_type: 'journal_entry', entity_id: id, created_at: `${date}T12:00:00.000Z`, local_date: date });
          }
          const res = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: url }, body: JSON.stringify({ protocolVersion: 1, clientId: `r${c}`, changes, events }) });
          await res.text();
          if (res.status === 200) done++;
          else failed++;
        }
      }),
    );
    if (failed) console.error(`remote bench (${delayMs} ms): ${failed} pushes failed`);
    return done / SECONDS;
  } finally {
    await Promise.all(servers.map((s) => s.kill()));
    rmSync(dir, { recursive: true, force: true });
  }
}
