import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRoundTrips, type RoundTripFigures } from './round-trip-figures.ts';
import type { RoundTripClient } from '../src/db/round-trips.ts';

/**
 * Database calls per request through @libsql/client: each is a network round trip on a libSQL
 * server or Turso, and a push holds the database's one write lock across those after BEGIN.
 * These are the figures `npm run bench` reports (push_roundtrips_*, pull_roundtrips); the test
 * keeps them from growing back. TRIPS_LOG=1 prints each request's calls.
 */
let measured: { figures: RoundTripFigures; db: RoundTripClient; close(): void };
beforeAll(async () => {
  measured = await measureRoundTrips({ log: !!process.env.TRIPS_LOG });
});
afterAll(() => measured.close());

describe('database round trips per request (through @libsql/client)', () => {
  it('counts every execute, batch, transaction, commit and rollback', async () => {
    const { db } = measured;
    const before = db.counter.calls;
    const tx = await db.transaction('write');
    await tx.execute('SELECT 1');
    await tx.batch(['SELECT 1', 'SELECT 2']);
    await tx.commit();
    tx.close();
    await db.execute('SELECT 1');
    expect(db.counter.calls - before).toBe(5);
  });

  it('keeps a push, a pull and the session check within their measured figures', () => {
    const f = measured.figures;
    console.log('database calls per request', JSON.stringify(f));
    // A pull is the session check and one batch (a second call only when shared content is in the page);
    // the first pull also reads the table shapes (once per process) and touches last_activity_at.
    expect(f.firstPull).toBeLessThanOrEqual(5);
    expect(f.pull).toBeLessThanOrEqual(3);
    // A push is the session check, one read batch and one write batch (planned-push.ts), whatever it holds.
    expect(f.empty).toBeLessThanOrEqual(3);
    expect(f.journal).toBeLessThanOrEqual(3);
    expect(f.workout).toBeLessThanOrEqual(3);
  });

  it('keeps every other kind of push of a day to the same three calls', () => {
    const f = measured.figures;
    console.log('database calls per push', JSON.stringify(f.mixed));
    expect(Object.keys(f.mixed).length).toBeGreaterThanOrEqual(9);
    for (const [kind, calls] of Object.entries(f.mixed)) expect({ kind, calls }).toEqual({ kind, calls: Math.min(calls, 3) });
  });
});
