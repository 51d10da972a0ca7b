import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { loadEnv } from '../src/env.ts';
import { RoundTripClient } from '../src/db/round-trips.ts';
import { hlc, id, journal } from './sync-helpers.ts';

/**
 * Database calls per request through @libsql/client: each is a network round trip on a libSQL
 * server or Turso, and a push holds the database's one write lock across those after BEGIN.
 * These are the figures `npm run bench` reports (push_roundtrips_*, pull_roundtrips); the test
 * keeps them from growing back.
 */
const dir = mkdtempSync(join(tmpdir(), 'ignition-trips-'));
let db: RoundTripClient;
let app: ReturnType<typeof createApp>;
let cookie: string;
const ORIGIN = 'http://127.0.0.1:8787';

beforeAll(async () => {
  const url = `file:${join(dir, 'trips.db')}`;
  db = (await openDatabase(url, undefined, { driver: 'client' })) as RoundTripClient;
  await migrate(db);
  await seedSharedContent(db);
  app = createApp({ db, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: url }) });
  const res = await app.request('/api/auth/dev-login', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'trips@example.com' }) });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function callsFor(path: string, body?: unknown): Promise<{ calls: number; status: number }> {
  const before = db.counter.calls;
  if (process.env.TRIPS_LOG) db.counter.log = [];
  const res = await app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { origin: ORIGIN, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await res.text();
  if (db.counter.log) console.log(path, db.counter.log.join('\n  '));
  return { calls: db.counter.calls - before, status: res.status };
}
const push = (changes: unknown[], events: unknown[]) => callsFor('/api/sync/push', { protocolVersion: 1, clientId: 'trips', changes, events });

describe('database round trips per request (through @libsql/client)', () => {
  it('counts every execute, batch, transaction, commit and rollback', async () => {
    const before = db.counter.calls;
    const tx = await db.transaction('write');
    await tx.execute('SELECT 1');
    await tx.batch(['SELECT 1', 'SELECT 2']);
    await tx.commit();
    tx.close();
    await db.execute('SELECT 1');
    expect(db.counter.calls - before).toBe(5);
  });

  it('keeps a push, a pull and the session check within their measured figures', async () => {
    // a first pull builds the row shapes once per process: one call for all tables
    const firstPull = await callsFor('/api/sync/pull');
    expect(firstPull.status).toBe(200);
    const pull = await callsFor('/api/sync/pull');
    const empty = await push([], []);
    const j = journal(new Date().toISOString().slice(0, 10), new Date(Date.now() - 60_000).toISOString());
    const journalPush = await push([j.change], [j.event]);
    const session = id();
    const sets = Array.from({ length: 5 }, (_, i) => ({ table: 'workout_sets', id: id(), op: 'upsert', hlc: hlc(), fields: { session_id: session, exercise_id: 'ex_Barbell_Squat', set_number: i + 1, weight: 100, reps: 5, is_warmup: false } }));
    const workout = await push(
      [{ table: 'workout_sessions', id: session, op: 'upsert', hlc: hlc(), fields: { name: 'Legs', started_at: new Date(Date.now() - 3_600_000).toISOString(), completed_at: new Date().toISOString() } }, ...sets],
      [{ id: id(), event_type: 'workout_complete', entity_id: session, created_at: new Date().toISOString(), local_date: new Date().toISOString().slice(0, 10) }],
    );
    for (const r of [pull, empty, journalPush, workout]) expect(r.status).toBe(200);
    const figures = { firstPull: firstPull.calls, pull: pull.calls, empty: empty.calls, journal: journalPush.calls, workout: workout.calls };
    console.log('database calls per request', JSON.stringify(figures));
    expect(figures.firstPull).toBeLessThanOrEqual(FIRST_PULL_MAX);
    expect(figures.pull).toBeLessThanOrEqual(PULL_MAX);
    expect(figures.empty).toBeLessThanOrEqual(EMPTY_PUSH_MAX);
    expect(figures.journal).toBeLessThanOrEqual(JOURNAL_PUSH_MAX);
    expect(figures.workout).toBeLessThanOrEqual(WORKOUT_PUSH_MAX);
  });
});

const FIRST_PULL_MAX = 5;
const PULL_MAX = 3;
const EMPTY_PUSH_MAX = 6;
const JOURNAL_PUSH_MAX = 24;
const WORKOUT_PUSH_MAX = 30;
