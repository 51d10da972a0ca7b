import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { plannedPush } from '../src/services/sync/planned-push.ts';
import { journal } from './sync-helpers.ts';

/**
 * The planned push (one read batch, one write batch guarded by users.sync_version) through
 * @libsql/client on a file: a concurrent push of the same user between its read and its write
 * makes its batch fail as a whole, and it starts again from the read.
 */
let dir: string;
let db: Client;
const userId = 'u_planned';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ignition-planned-'));
  db = await openDatabase(`file:${join(dir, 'p.db')}`, undefined, { driver: 'client' });
  await migrate(db);
  await seedSharedContent(db);
  await db.execute({ sql: "INSERT INTO users (id, email, name, created_at) VALUES (?, 'p@example.com', 'P', '2026-01-01T00:00:00.000Z')", args: [userId] });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const version = async () => Number((await db.execute({ sql: 'SELECT sync_version FROM users WHERE id = ?', args: [userId] })).rows[0].sync_version);
const paidJournals = async () => Number((await db.execute({ sql: "SELECT COUNT(*) AS n FROM activity_events WHERE user_id = ? AND event_type = 'journal_entry'", args: [userId] })).rows[0].n);

describe('the planned push', () => {
  it('aborts a write batch whose version guard is stale, writing nothing of it', async () => {
    const v = await version();
    await expect(
      db.batch(
        [
          { sql: 'UPDATE users SET sync_version = ? WHERE id = ?', args: [v + 5, userId] },
          { sql: "INSERT INTO journal_entries (id, user_id, date, content) VALUES ('je_guard', ?, '2026-03-01', 'x')", args: [userId] },
        ],
        'write',
      ),
    ).rejects.toThrow(/sync_version_conflict/);
    expect((await db.execute("SELECT COUNT(*) AS n FROM journal_entries WHERE id = 'je_guard'")).rows[0].n).toBe(0);
    expect(await version()).toBe(v);
  });

  it('reads again when another push of the user commits between its read and its write: one journal a day is paid, not two', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const a = journal(day, new Date(Date.now() - 120_000).toISOString());
    const b = journal(day, new Date(Date.now() - 60_000).toISOString());
    const attempts: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reachedWrite!: () => void;
    const atWrite = new Promise<void>((r) => (reachedWrite = r));
    const before = await version();
    const first = plannedPush(db, userId, { changes: [a.change as never], events: [a.event as never] }, () => new Date(), {
      onAttempt: async (n) => {
        attempts.push(n);
        if (n === 1) {
          reachedWrite();
          await held;
        }
      },
    });
    await atWrite;
    // The second push reads, computes and commits while the first waits with its plan.
    const second = await plannedPush(db, userId, { changes: [b.change as never], events: [b.event as never] }, () => new Date());
    expect(second?.accepted).toEqual([b.event.id]);
    release();
    const one = await first;
    expect(attempts).toEqual([1, 2]);
    // Re-read after the second push: the day's journal is already paid, so the first one's is refused.
    expect(one?.accepted).toEqual([]);
    expect(one?.rejected.map((r) => r.id)).toEqual([a.event.id]);
    expect(await paidJournals()).toBe(1);
    expect(await version()).toBe(before + 2);
    // Its entry is still written (a row change is not an event): the retry applied it once.
    expect((await db.execute({ sql: 'SELECT COUNT(*) AS n FROM journal_entries WHERE id = ?', args: [a.change.id] })).rows[0].n).toBe(1);
  });

  it('leaves a push it does not cover (a delete beside a review_complete event) to the interactive push, before writing anything', async () => {
    const v = await version();
    const focusEvent = { id: 'ev-focus-x', event_type: 'review_complete', entity_id: 'fx', created_at: '2026-01-01T00:00:00.000Z', local_date: '2026-01-01' };
    expect(await plannedPush(db, userId, { changes: [{ table: 'habit_logs', id: 'x', op: 'delete', hlc: '2026-01-01T00:00:00.000Z-0000-0000000000000001' }], events: [focusEvent] }, () => new Date())).toBeNull();
    expect(await version()).toBe(v);
  });
});
