import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openIgnitionDb, type IgnitionDb } from '../db/db.ts';
import { commit, newId } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

type Net = 'ok' | 'down' | 'drop-reply' | 'duplicate';
interface Device {
  db: IgnitionDb;
  sync: SyncClient;
  net: Net;
}

const action = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), device: fc.nat(2), row: fc.nat(4), field: fc.constantFrom('title', 'author', 'rating'), value: fc.nat(99) }),
  fc.record({ kind: fc.constant('delete' as const), device: fc.nat(2), row: fc.nat(4) }),
  fc.record({ kind: fc.constant('event' as const), device: fc.nat(2) }),
  fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2) }),
  fc.record({ kind: fc.constant('net' as const), device: fc.nat(2), net: fc.constantFrom<Net>('ok', 'down', 'drop-reply', 'duplicate') }),
);

describe('convergence of three devices (property)', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await createTestApp();
  });
  afterAll(() => server.close());

  it('ends with identical rows everywhere and XP that counts each accepted event once', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 40 }), async (actions) => {
        run++;
        // Row ids are global on the server, so every run (a new user) gets its own pool of five.
        const ROW_IDS = [1, 2, 3, 4, 5].map((i) => `run${run}-book${i}`);
        const cookie = await server.signIn(`prop${run}@example.com`);
        const make = (): Device => {
          const d: Device = { db: openIgnitionDb(`prop-${run}-${newId()}`), sync: undefined as unknown as SyncClient, net: 'ok' };
          const f: FetchLike = async (input, init) => {
            if (d.net === 'down') throw new TypeError('Failed to fetch');
            const send = () => Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
            if (d.net === 'duplicate') {
              const [first] = await Promise.all([send(), send()]);
              return first;
            }
            const res = await send();
            if (d.net === 'drop-reply' && init?.method === 'POST') throw new TypeError('connection reset after the server answered');
            return res;
          };
          d.sync = new SyncClient(d.db, f);
          d.sync.batchSize = 7; // small batches: pushes split and interleave
          return d;
        };
        const devices = [make(), make(), make()];
        const habitId = newId();
        await commit([{ table: 'habits', id: habitId, fields: { name: 'Water', frequency: 'daily', target_count: 100, xp_reward: 10, coin_reward: 5 } }], [], devices[0].db);
        await devices[0].sync.syncOnce();
        for (const d of devices.slice(1)) await d.sync.syncOnce();
        let eventsMade = 0;
        for (const a of actions) {
          const d = devices[a.device];
          if (a.kind === 'edit') {
            const value = a.field === 'rating' ? (a.value % 5) + 1 : `${a.field}-${a.value}`;
            await commit([{ table: 'books', id: ROW_IDS[a.row], fields: { [a.field]: value } }], [], d.db);
          } else if (a.kind === 'delete') {
            await commit([{ table: 'books', id: ROW_IDS[a.row], delete: true }], [], d.db);
          } else if (a.kind === 'event') {
            const logId = newId();
            await commit([{ table: 'habit_logs', id: logId, fields: { habit_id: habitId, date: '2026-11-24', count: 1 } }], [{ event_type: 'habit_complete', entity_id: logId, xp: 10, coins: 5 }], d.db);
            eventsMade++;
          } else if (a.kind === 'sync') {
            await d.sync.syncOnce().catch(() => undefined);
          } else d.net = a.net;
        }
        // Heal the network and let everyone sync until quiet.
        for (const d of devices) d.net = 'ok';
        for (let round = 0; round < 2; round++) for (const d of devices) await d.sync.syncOnce();
        const snapshot = async (d: Device) =>
          JSON.stringify(
            (await d.db.books.toArray())
              .map((b) => ({ id: b.id, title: b.title ?? null, author: b.author ?? null, rating: b.rating ?? null }))
              .sort((x, y) => x.id.localeCompare(y.id)),
          );
        const first = await snapshot(devices[0]);
        for (const d of devices.slice(1)) expect(await snapshot(d)).toBe(first);
        const serverBooks = await server.db.execute({
          sql: 'SELECT b.id, b.title, b.author, b.rating FROM books b JOIN users u ON u.id = b.user_id WHERE u.email = ? ORDER BY b.id',
          args: [`prop${run}@example.com`],
        });
        expect(JSON.stringify(serverBooks.rows.map((r) => ({ id: r.id, title: r.title, author: r.author, rating: r.rating })))).toBe(first);
        for (const d of devices) expect(await d.sync.pendingCount()).toBe(0);
        // Reference model: every habit event made anywhere is accepted exactly once → 10 XP and 5 coins each.
        const p = await server.db.execute({
          sql: 'SELECT p.total_xp, p.coins FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?',
          args: [`prop${run}@example.com`],
        });
        expect(Number(p.rows[0]?.total_xp ?? 0)).toBe(eventsMade * 10);
        expect(Number(p.rows[0]?.coins ?? 0)).toBe(eventsMade * 5);
        for (const d of devices) {
          const prog = await d.db.user_progress.toArray();
          expect(Number(prog[0]?.total_xp ?? 0)).toBe(eventsMade * 10);
        }
        for (const d of devices) d.db.close();
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});
