import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { loadEnv } from '../src/env.ts';
import type { RoundTripClient } from '../src/db/round-trips.ts';
import { hlc, id, journal } from './sync-helpers.ts';

/**
 * Database calls per request through @libsql/client, each a network round trip on a libSQL
 * server or Turso: a first pull, a later pull, an empty push, a journal entry and its event, and
 * a finished workout (session, 5 sets, workout_complete). Used by round-trips.test.ts and the bench.
 */
export interface RoundTripFigures {
  firstPull: number;
  pull: number;
  empty: number;
  journal: number;
  workout: number;
}

const ORIGIN = 'http://127.0.0.1:8787';

export async function measureRoundTrips(opts: { log?: boolean } = {}): Promise<{ figures: RoundTripFigures; db: RoundTripClient; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-trips-'));
  const url = `file:${join(dir, 'trips.db')}`;
  const db = (await openDatabase(url, undefined, { driver: 'client' })) as RoundTripClient;
  await migrate(db);
  await seedSharedContent(db);
  const app = createApp({ db, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: url }) });
  const login = await app.request('/api/auth/dev-login', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'trips@example.com' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const callsFor = async (path: string, body?: unknown) => {
    const before = db.counter.calls;
    if (opts.log) db.counter.log = [];
    const res = await app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { origin: ORIGIN, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
    if (db.counter.log) console.log(path, db.counter.log.join('\n  '));
    return db.counter.calls - before;
  };
  const push = (changes: unknown[], events: unknown[]) => callsFor('/api/sync/push', { protocolVersion: 1, clientId: 'trips', changes, events });
  const firstPull = await callsFor('/api/sync/pull');
  const pull = await callsFor('/api/sync/pull');
  const empty = await push([], []);
  const j = journal(new Date().toISOString().slice(0, 10), new Date(Date.now() - 60_000).toISOString());
  const journalCalls = await push([j.change], [j.event]);
  const session = id();
  const sets = Array.from({ length: 5 }, (_, i) => ({ table: 'workout_sets', id: id(), op: 'upsert', hlc: hlc(), fields: { session_id: session, exercise_id: 'ex_Barbell_Squat', set_number: i + 1, weight: 100, reps: 5, is_warmup: false } }));
  const workout = await push(
    [{ table: 'workout_sessions', id: session, op: 'upsert', hlc: hlc(), fields: { name: 'Legs', started_at: new Date(Date.now() - 3_600_000).toISOString(), completed_at: new Date().toISOString() } }, ...sets],
    [{ id: id(), event_type: 'workout_complete', entity_id: session, created_at: new Date().toISOString(), local_date: new Date().toISOString().slice(0, 10) }],
  );
  return {
    figures: { firstPull, pull, empty, journal: journalCalls, workout },
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
