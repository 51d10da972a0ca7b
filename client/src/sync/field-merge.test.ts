import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openIgnitionDb, type Row } from '../db/db.ts';
import { commit, newId } from './outbox.ts';
import { SyncClient, type FetchLike } from './sync-client.ts';
import { createTestApp, type TestApp } from '../../../sync-server/test/test-app.ts';

/**
 * Per-field last-writer-wins end to end (ARCHITECTURE.md §5 rule 4), with the app's own way of
 * saving: every edit is a form save of the whole row, a random subset of its fields changed.
 * The reference model keeps, per row and field, the value of the latest real edit of that field.
 */
const FIELDS = ['name', 'description', 'frequency', 'target_count', 'skill_id', 'xp_reward', 'coin_reward'] as const;
type Field = (typeof FIELDS)[number];
const SKILLS = ['knowledge', 'guts', 'proficiency', 'kindness', 'charm'];

const edit = fc.record({
  kind: fc.constant('edit' as const),
  device: fc.nat(2),
  row: fc.nat(1),
  fields: fc.subarray([...FIELDS], { minLength: 1 }),
  pick: fc.nat(1000),
});
const sync = fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2) });

/** A new value for a field: unique text, or a number from a small range (so some "edits" repeat the stored value). */
function valueFor(field: Field, pick: number, tag: string): unknown {
  switch (field) {
    case 'frequency':
      return pick % 2 ? 'weekly' : 'daily';
    case 'skill_id':
      return SKILLS[pick % SKILLS.length];
    case 'target_count':
      return (pick % 5) + 1;
    case 'xp_reward':
      return (pick % 4) * 10;
    case 'coin_reward':
      return pick % 6;
    default:
      return `${field} ${tag}`;
  }
}

const pick = (row: Row | undefined) => Object.fromEntries(FIELDS.map((f) => [f, row?.[f] ?? null]));
/** A millisecond apart, every edit's HLC sorts after the previous one's on any device. */
const nextMillisecond = () => new Promise((r) => setTimeout(r, 2));

describe('two or three devices editing fields of the same rows offline (property)', () => {
  let server: TestApp;
  let cookie: string;
  const email = 'fields@example.com';
  beforeAll(async () => {
    server = await createTestApp();
    // One account for every run (fast-check's shrinking runs many): each run has its own rows.
    cookie = await server.signIn(email);
  });
  afterAll(() => server.close());

  it('ends with every field holding its latest edit, on every device and on the server', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 3 }), fc.array(fc.oneof({ weight: 4, arbitrary: edit }, { weight: 1, arbitrary: sync }), { minLength: 2, maxLength: 24 }), async (n, actions) => {
        run++;
        const devices = Array.from({ length: n }, () => {
          const db = openIgnitionDb(`fields-${run}-${newId()}`);
          const f: FetchLike = (input, init) =>
            Promise.resolve(server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } }));
          return { db, sync: new SyncClient(db, f) };
        });
        const ids = [newId(), newId()];
        const model = new Map<string, Record<string, unknown>>();
        for (const id of ids) {
          const start = { name: 'Walk', description: 'Around the block', frequency: 'daily' as const, target_count: 1, skill_id: 'guts', xp_reward: 10, coin_reward: 5 };
          await commit([{ table: 'habits', id, fields: { ...start, archived: false, created_at: new Date().toISOString(), updated_at: new Date().toISOString() } }], [], devices[0].db);
          model.set(id, { ...start });
        }
        await devices[0].sync.syncOnce();
        for (const d of devices.slice(1)) await d.sync.syncOnce();

        for (const [step, a] of actions.entries()) {
          const d = devices[a.device % n];
          if (a.kind === 'sync') {
            await d.sync.syncOnce();
            continue;
          }
          await nextMillisecond();
          const id = ids[a.row];
          const shown = (await d.db.habits.get(id))!;
          const changes: Record<string, unknown> = {};
          for (const f of a.fields) changes[f] = valueFor(f, a.pick + step, `d${a.device % n}s${step}`);
          // The model counts an edit where the person changed what the form showed them.
          for (const [f, v] of Object.entries(changes)) if ((shown as Row)[f] !== v) model.get(id)![f] = v;
          // The form saves every field it shows, and a fresh updated_at.
          await commit([{ table: 'habits', id, fields: { ...pick(shown), ...changes, updated_at: new Date().toISOString() } }], [], d.db);
        }

        for (let round = 0; round < 2; round++) for (const d of devices) await d.sync.syncOnce();
        const rs = await server.db.execute({
          sql: `SELECT h.* FROM habits h JOIN users u ON u.id = h.user_id WHERE u.email = ? AND h.id IN (?, ?)`,
          args: [email, ...ids],
        });
        const onServer = new Map(rs.rows.map((r) => [String(r.id), { ...r } as unknown as Row]));
        for (const id of ids) {
          const want = model.get(id);
          expect(pick(onServer.get(id))).toEqual(want);
          for (const d of devices) {
            const local = await d.db.habits.get(id);
            expect(pick(local)).toEqual(want);
            // the touch stamp converges too, though no edit is decided by it
            expect(local?.updated_at).toBe(onServer.get(id)?.updated_at);
          }
        }
        for (const d of devices) expect(await d.sync.pendingCount()).toBe(0);
        for (const d of devices) d.db.close();
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
