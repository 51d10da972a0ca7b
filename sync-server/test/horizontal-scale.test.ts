import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { devLogin, httpPush, startServerProcess, type ServerProcess } from './process-harness.ts';
import { journal } from './sync-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ignition-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('several server instances on one database', () => {
  it('keeps totals exact with 30 concurrent clients pushing to random instances', async () => {
    const dbUrl = `file:${join(dir, 'shared.db')}`;
    const servers: ServerProcess[] = [];
    // Started together: migrations must apply once.
    servers.push(...(await Promise.all([0, 1, 2].map(() => startServerProcess(dbUrl)))));
    try {
      const USERS = 6;
      const CLIENTS_PER_USER = 5;
      const PUSHES = 4;
      const EVENTS_PER_PUSH = 3;
      const cookies = await Promise.all(Array.from({ length: USERS }, (_, u) => devLogin(servers[u % 3].url, `scale${u}@example.com`)));
      const pick = () => servers[Math.floor(Math.random() * servers.length)];
      await Promise.all(
        Array.from({ length: USERS * CLIENTS_PER_USER }, async (_, c) => {
          const u = c % USERS;
          const client = Math.floor(c / USERS);
          for (let p = 0; p < PUSHES; p++) {
            const js = Array.from({ length: EVENTS_PER_PUSH }, (_, e) => {
              // Every client of a user writes on its own days, so every event earns exactly 10 XP.
              const day = client * PUSHES * EVENTS_PER_PUSH + p * EVENTS_PER_PUSH + e;
              return journal(new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10));
            });
            const body = { protocolVersion: 1, clientId: `c${c}`, changes: js.map((j) => j.change), events: js.map((j) => j.event) };
            // Sometimes the same push goes to two instances at once (a retried request).
            const sends = Math.random() < 0.3 ? [pick(), pick()] : [pick()];
            const results = await Promise.all(sends.map((s) => httpPush(s.url, cookies[u], body)));
            for (const r of results) expect(r.status).toBe(200);
          }
        }),
      );
      const db = await openDatabase(dbUrl);
      const perUser = CLIENTS_PER_USER * PUSHES * EVENTS_PER_PUSH;
      const rows = await db.execute(
        "SELECT u.email, p.total_xp, p.coins, (SELECT COUNT(*) FROM activity_events e WHERE e.user_id = u.id AND e.event_type = 'journal_entry') AS n, (SELECT SUM(xp_earned) FROM activity_events e WHERE e.user_id = u.id) AS xp FROM users u JOIN user_progress p ON p.user_id = u.id",
      );
      const version = await db.execute("SELECT value FROM db_metadata WHERE key = 'db_version'");
      const migrations = await db.execute('SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM _migrations');
      db.close();
      expect(rows.rows).toHaveLength(USERS);
      // Reference model: 10 XP / 5 coins per journal day, plus the weekly Consistency quest
      // (150 XP / 75 coins) for every Monday-based week with at least 5 active days.
      const days = Array.from({ length: perUser }, (_, d) => new Date(Date.UTC(2025, 0, 1 + d)));
      const weeks = new Map<string, number>();
      for (const d of days) {
        const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
        weeks.set(monday, (weeks.get(monday) ?? 0) + 1);
      }
      const fullWeeks = [...weeks.values()].filter((n) => n >= 5).length;
      for (const r of rows.rows) {
        expect(Number(r.n)).toBe(perUser);
        expect(Number(r.total_xp)).toBe(perUser * 10 + fullWeeks * 150);
        expect(Number(r.coins)).toBe(perUser * 5 + fullWeeks * 75);
        expect(Number(r.total_xp)).toBe(Number(r.xp));
      }
      expect(Number(version.rows[0].value)).toBeGreaterThan(14);
      expect(Number(migrations.rows[0].n)).toBe(Number(migrations.rows[0].d));
    } finally {
      await Promise.all(servers.map((s) => s.kill()));
    }
  }, 180_000);
});
