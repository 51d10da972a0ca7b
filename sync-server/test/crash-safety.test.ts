import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { devLogin, freePort, httpPush, startServerProcess, type ServerProcess } from './process-harness.ts';
import { journal } from './sync-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ignition-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('loses nothing and doubles nothing when the server is SIGKILLed during pushes', async () => {
    const dbUrl = `file:${join(dir, 'crash.db')}`;
    const port = await freePort();
    let server: ServerProcess = await startServerProcess(dbUrl, port);
    const cookie = await devLogin(server.url, 'crash@example.com');
    const PUSHES = 24;
    let kills = 0;
    const pushes = Array.from({ length: PUSHES }, (_, i) => {
      const date = new Date(Date.UTC(2026, 5, 1 + i)).toISOString().slice(0, 10);
      const j = journal(date);
      return { protocolVersion: 1, clientId: 'crash-client', changes: [j.change], events: [j.event] };
    });
    for (const [i, body] of pushes.entries()) {
      // Kill the server at a random moment around every third push, while the request is in flight.
      if (i % 3 === 1) {
        const victim = server;
        setTimeout(() => void victim.kill('SIGKILL'), Math.random() * 15);
        kills++;
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await httpPush(server.url, cookie, body);
          if (res.ok) break;
          throw new Error(`push ${res.status}`);
        } catch {
          // The client's retry: restart the server if it is gone, then send the same push again.
          if (server.child.exitCode !== null || server.child.signalCode) server = await startServerProcess(dbUrl, port);
          if (attempt > 20) throw new Error('push never succeeded');
        }
      }
    }
    await server.kill('SIGTERM');
    expect(kills).toBeGreaterThanOrEqual(7);
    const db = await openDatabase(dbUrl);
    const events = await db.execute("SELECT COUNT(*) AS n FROM activity_events WHERE event_type = 'journal_entry'");
    const entries = await db.execute('SELECT COUNT(*) AS n FROM journal_entries');
    const progress = await db.execute('SELECT total_xp, coins FROM user_progress');
    db.close();
    expect(Number(events.rows[0].n)).toBe(PUSHES);
    expect(Number(entries.rows[0].n)).toBe(PUSHES);
    expect(Number(progress.rows[0].total_xp)).toBeGreaterThanOrEqual(PUSHES * 10);
    // Exactly the journal rewards plus quest bonuses computed from them: recompute from the events themselves.
    const check = await openDatabase(dbUrl);
    const sum = await check.execute('SELECT SUM(xp_earned) AS xp, SUM(coins_earned) AS coins FROM activity_events');
    check.close();
    expect(Number(progress.rows[0].total_xp)).toBe(Number(sum.rows[0].xp));
    expect(Number(progress.rows[0].coins)).toBe(Number(sum.rows[0].coins));
  }, 180_000);
});
