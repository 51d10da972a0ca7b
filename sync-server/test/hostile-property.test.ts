import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id } from './sync-helpers.ts';
import { CONTRACTS } from '@ignition/shared/contracts.ts';
import { ECONOMY_LIMITS } from '@ignition/shared/rules/economy-limits.ts';
import { HABIT_STREAK_MILESTONES } from '@ignition/shared/rules/rewards.ts';

/**
 * "The hostile client" (property): a user pushing random field values — out of range, negative,
 * huge, of the wrong type, foreign ids, absurd clocks and dates — on every client-writable
 * table, with random events naming its rows or other people's, interleaved with the pushes of
 * two honest users. The same honest pushes are replayed in a second world with no hostile
 * user: the honest users' rows and totals must come out the same in both.
 *
 * After every push: no 500; a purchase never adds coins; no event pays more than its rule's
 * maximum; each user's totals are the sum of their accepted events; and every honest edit made
 * after a hostile push lands.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

const TABLES = Object.keys(CONTRACTS) as Array<keyof typeof CONTRACTS>;
const EVENT_TYPES = ['focus_complete', 'workout_complete', 'habit_complete', 'lesson_complete', 'review_complete', 'reading_session', 'journal_entry', 'goal_milestone', 'goal_complete', 'planner_complete', 'reward_purchase', 'reward_redeem', 'quest_complete', 'personal_record', 'task_complete', 'made_up'];

/** The most one event of each type can pay (GAME-RULES.md), XP and coins. */
const MAX_HABIT_BONUS = HABIT_STREAK_MILESTONES.reduce((a, m) => a + m, 0);
const MAX_PAY: Record<string, { xp: number; coins: number }> = {
  focus_complete: { xp: 60, coins: 24 },
  workout_complete: { xp: 100, coins: 50 },
  personal_record: { xp: 10, coins: 5 },
  habit_complete: { xp: ECONOMY_LIMITS.habit.xp_reward + MAX_HABIT_BONUS, coins: ECONOMY_LIMITS.habit.coin_reward },
  lesson_complete: { xp: 1000, coins: 15 },
  review_complete: { xp: 50, coins: 16 },
  reading_session: { xp: 50, coins: 10_000 },
  journal_entry: { xp: 10, coins: 5 },
  goal_milestone: { xp: 40, coins: 20 },
  goal_complete: { xp: 100, coins: 50 },
  planner_complete: { xp: 15, coins: 5 },
  task_complete: { xp: 5, coins: 2 },
  // the seeded universal quests pay at most 200 / 100; a personal one at most 100 / 50
  quest_complete: { xp: 200, coins: 100 },
  reward_purchase: { xp: 0, coins: 0 },
  reward_redeem: { xp: 0, coins: 0 },
};

const ONCE_PER_ENTITY = new Set(['journal_entry', 'workout_complete', 'focus_complete', 'lesson_complete', 'reading_session', 'goal_milestone', 'goal_complete', 'task_complete', 'reward_purchase', 'reward_redeem']);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, -1e6, 1e9, 1e308, -0.5, 2.5, Number.MAX_SAFE_INTEGER, '', 'x'.repeat(300_000), '2999-01-01T00:00:00.000Z', '1900-01-05', 'NaN', 'streak_shield', 'reward', 'daily', 'completed', 'open', 'critical', '<script>alert(1)</script>'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
/** A value the field's contract may well accept (so hostile rows do get stored and read by the economy). */
const plausibleValue = (table: string, field: string): fc.Arbitrary<unknown> => {
  const type = (CONTRACTS as Record<string, { fields: Record<string, { type: string }> }>)[table].fields[field].type;
  if (type === 'integer') return fc.integer({ min: -5, max: 200 });
  if (type === 'real') return fc.double({ min: -5, max: 3000, noNaN: true });
  if (type === 'bool') return fc.boolean();
  if (field.endsWith('_at') || field.endsWith('_time') || field === 'next_review') return fc.constantFrom(new Date().toISOString(), '1990-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z');
  if (field === 'date' || field.endsWith('_date')) return fc.constantFrom(new Date().toISOString().slice(0, 10), '1900-01-05', '2999-12-31');
  return fc.constantFrom('reward', 'streak_shield', 'daily', 'weekly', 'journal_entry', 'completed', 'active', 'focus', 'charm', 'x');
};

const hostileStamp = fc.constantFrom('now', 'now', 'now', '2999-01-01T00:00:00.000Z-0000-00000000000000ff', '9999-12-31T23:59:59.999Z-ffff-ffffffffffffffff');

type HostileChange = { table: string; idPick: number; foreign: boolean; del: boolean; fields: Array<[string, unknown]>; stamp: string };
type HostileEvent = { type: string; entityPick: number; foreign: boolean; created: string };
const hostileChange: fc.Arbitrary<HostileChange> = fc.constantFrom(...TABLES).chain((table) => {
  const fields = Object.keys(CONTRACTS[table].fields);
  return fc.record({
    table: fc.constant(table as string),
    idPick: fc.nat(20),
    foreign: fc.boolean(),
    del: fc.nat(4).map((n) => n === 0),
    fields: fc.uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: fields.length, selector: (f) => f }).chain((fs) => fc.tuple(...fs.map((f) => fc.tuple(fc.constant(f), fc.oneof(hostileValue, plausibleValue(table, f)))))),
    stamp: hostileStamp,
  });
});
const hostileEvent: fc.Arbitrary<HostileEvent> = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  entityPick: fc.nat(20),
  foreign: fc.boolean(),
  created: fc.constantFrom('now', 'now', '1900-01-05T12:00:00.000Z', '2999-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z'),
});
/** Numbers a forger tries in the fields the economy reads. */
const greedy = fc.constantFrom(-1_000_000, -1, 0, 1, 2.5, 50, 100, 101, 1e9, Number.MAX_SAFE_INTEGER);
const when = fc.constantFrom('now', '1900-01-05T12:00:00.000Z', '2999-01-01T00:00:00.000Z', 'days-ago-3', 'days-ago-900');
/** Coherent forgeries: a row the economy reads with greedy values, and the events that would cash it in. */
type Recipe =
  | { recipe: 'quest'; xp: number; coins: number; target: number; stamp: string }
  | { recipe: 'reward'; cost: number; kind: string; global: boolean; buys: number; stamp: string }
  | { recipe: 'journal'; dates: string[]; stamp: string }
  | { recipe: 'habit'; xp: number; coins: number; target: number; counts: number[]; stamp: string };
const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  fc.record({ recipe: fc.constant('quest' as const), xp: greedy, coins: greedy, target: fc.constantFrom(1, 0, -1, 1e9), stamp: hostileStamp }),
  fc.record({ recipe: fc.constant('reward' as const), cost: greedy, kind: fc.constantFrom('reward', 'streak_shield'), global: fc.boolean(), buys: fc.integer({ min: 1, max: 5 }), stamp: hostileStamp }),
  fc.record({ recipe: fc.constant('journal' as const), dates: fc.array(when, { minLength: 1, maxLength: 5 }), stamp: hostileStamp }),
  fc.record({ recipe: fc.constant('habit' as const), xp: greedy, coins: greedy, target: greedy, counts: fc.array(greedy, { minLength: 1, maxLength: 4 }), stamp: hostileStamp }),
);
type Action =
  | { kind: 'hostile'; changes: HostileChange[]; events: HostileEvent[] }
  | { kind: 'forge'; recipe: Recipe }
  | { kind: 'honest'; who: 0 | 1; op: 'journal' | 'rename' | 'buy'; day: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('hostile' as const), changes: fc.array(hostileChange, { maxLength: 6 }), events: fc.array(hostileEvent, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('forge' as const), recipe }),
  fc.record({ kind: fc.constant('honest' as const), who: fc.constantFrom(0 as const, 1 as const), op: fc.constantFrom('journal' as const, 'rename' as const, 'buy' as const), day: fc.nat(20) }),
);

interface World {
  t: TestApp;
  cookies: string[];
  ids: Map<string, string>;
}

describe('a hostile client beside two honest users (property)', () => {
  let hostileWorld: TestApp;
  let controlWorld: TestApp;
  beforeAll(async () => {
    [hostileWorld, controlWorld] = await Promise.all([createTestApp(), createTestApp()]);
  });
  afterAll(() => {
    hostileWorld.close();
    controlWorld.close();
  });

  it('never pays past the rules, never lets a purchase add coins, and leaves the honest users as they would be alone', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 14 }), async (actions) => {
        run++;
        const emails = [`honest-a-${run}@example.com`, `honest-b-${run}@example.com`, `hostile-${run}@example.com`];
        const worlds: World[] = [];
        for (const t of [hostileWorld, controlWorld]) {
          const cookies: string[] = [];
          // Each sign-in from its own address: the sign-in rate limit is per address.
          for (const [i, e] of emails.entries()) {
            const res = await t.req('/api/auth/dev-login', { body: { email: e }, headers: { 'x-forwarded-for': `10.${run % 250}.${i}.1` } });
            expect(res.status).toBe(200);
            cookies.push((res.headers.get('set-cookie') ?? '').split(';')[0]);
          }
          worlds.push({ t, cookies, ids: new Map() });
        }
        const honestHabit = [id(), id()];
        const honestRows: string[] = [...honestHabit];
        const hostileRows: string[] = [];
        const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

        const pushAs = async (w: World, who: number, changes: unknown[], events: unknown[]) => {
          const res = await w.t.req('/api/sync/push', { cookie: w.cookies[who], body: { protocolVersion: 1, clientId: `c${who}`, changes, events } });
          expect(res.status, 'never a 500').toBeLessThan(500);
          return res.status === 200 ? ((await res.json()) as { changeErrors: unknown[]; rejected: Array<{ code: string }> }) : null;
        };
        // Each honest user starts with a habit, in both worlds.
        for (const w of worlds) for (const who of [0, 1]) await pushAs(w, who, [{ table: 'habits', id: honestHabit[who], op: 'upsert', hlc: hlc(), fields: { name: 'Walk', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5 } }], []);

        const at = (w: string) => (w === 'now' ? new Date().toISOString() : w.startsWith('days-ago-') ? new Date(Date.now() - Number(w.slice(9)) * 86_400_000).toISOString() : w);
        const ev = (type: string, entity: string, created = 'now') => ({ id: id(), event_type: type, entity_id: entity, created_at: at(created), local_date: at(created).slice(0, 10), xp_earned: 1e9, coins_earned: 1e9 });
        for (const a of actions) {
          if (a.kind === 'forge') {
            const r = a.recipe;
            const stamp = () => (r.stamp === 'now' ? hlc() : r.stamp);
            const changes: unknown[] = [];
            const events: unknown[] = [];
            if (r.recipe === 'quest') {
              const q = id();
              const j = id();
              changes.push({ table: 'quests', id: q, op: 'upsert', hlc: stamp(), fields: { title: 'Mint', type: 'daily', event_type: 'journal_entry', target: r.target, xp_reward: r.xp, coin_reward: r.coins, skill_id: 'charm', is_active: true } });
              changes.push({ table: 'journal_entries', id: j, op: 'upsert', hlc: stamp(), fields: { date: day(0), content: 'forged', mood: 3 } });
              events.push(ev('journal_entry', j));
            } else if (r.recipe === 'reward') {
              const rw = id();
              changes.push({ table: 'rewards', id: rw, op: 'upsert', hlc: stamp(), fields: { name: 'Forged', cost: r.cost, kind: r.kind, is_global: r.global, is_active: true } });
              for (let i = 0; i < r.buys; i++) {
                const pid = id();
                changes.push({ table: 'reward_purchases', id: pid, op: 'upsert', hlc: stamp(), fields: { reward_id: i % 2 ? 'r_streak_shield' : rw, cost: r.cost, redeemed: false, purchased_at: new Date().toISOString() } });
                events.push(ev('reward_purchase', pid));
              }
            } else if (r.recipe === 'journal') {
              const j = id();
              changes.push({ table: 'journal_entries', id: j, op: 'upsert', hlc: stamp(), fields: { date: at(r.dates[0]).slice(0, 10), content: 'forged', mood: 3 } });
              for (const d of r.dates) events.push(ev('journal_entry', j, d));
            } else {
              const h = id();
              changes.push({ table: 'habits', id: h, op: 'upsert', hlc: stamp(), fields: { name: 'Greedy', frequency: 'daily', target_count: r.target, xp_reward: r.xp, coin_reward: r.coins } });
              for (const count of r.counts) {
                const l = id();
                changes.push({ table: 'habit_logs', id: l, op: 'upsert', hlc: stamp(), fields: { habit_id: h, date: day(0), count } });
                events.push(ev('habit_complete', l));
              }
            }
            await pushAs(worlds[0], 2, changes, events);
            await checkEconomy(worlds[0].t, emails);
            continue;
          }
          if (a.kind === 'hostile') {
            const pick = (n: number, foreign: boolean) => (foreign && honestRows.length ? honestRows[n % honestRows.length] : hostileRows[n % Math.max(1, hostileRows.length)] ?? id());
            const changes = a.changes.map((c) => {
              const rowId = c.foreign ? pick(c.idPick, true) : c.idPick % 3 === 0 || hostileRows.length === 0 ? id() : pick(c.idPick, false);
              if (!c.foreign && !hostileRows.includes(rowId)) hostileRows.push(rowId);
              const stamp = c.stamp === 'now' ? hlc() : c.stamp;
              return c.del ? { table: c.table, id: rowId, op: 'delete', hlc: stamp } : { table: c.table, id: rowId, op: 'upsert', hlc: stamp, fields: Object.fromEntries(c.fields) };
            });
            const events = a.events.map((e) => ({
              id: id(),
              event_type: e.type,
              entity_id: pick(e.entityPick, e.foreign),
              created_at: e.created === 'now' ? new Date().toISOString() : e.created,
              local_date: (e.created === 'now' ? new Date().toISOString() : e.created).slice(0, 10),
              xp_earned: 1e9,
              coins_earned: 1e9,
            }));
            await pushAs(worlds[0], 2, changes, events);
            continue;
          }
          // The honest user's action, the same in both worlds.
          const fresh = id();
          for (const w of worlds) {
            const who = a.who;
            if (a.op === 'journal') {
              const entry = w.ids.get(`j${who}-${a.day}`) ?? fresh;
              w.ids.set(`j${who}-${a.day}`, entry);
              await pushAs(w, who, [{ table: 'journal_entries', id: entry, op: 'upsert', hlc: hlc(), fields: { date: day(a.day), content: 'honest', mood: 3 } }], [{ id: `${entry}-ev${a.day}`, event_type: 'journal_entry', entity_id: entry, created_at: `${day(a.day)}T12:00:00.000Z`, local_date: day(a.day) }]);
              if (w === worlds[0] && !honestRows.includes(entry)) honestRows.push(entry);
            } else if (a.op === 'rename') {
              const name = `Walk ${a.day}`;
              await pushAs(w, who, [{ table: 'habits', id: honestHabit[who], op: 'upsert', hlc: hlc(), fields: { name } }], []);
              // Every honest edit lands, whatever the hostile user pushed before it.
              expect((await w.t.db.execute({ sql: 'SELECT name FROM habits WHERE id = ?', args: [honestHabit[who]] })).rows[0]?.name).toBe(name);
            } else {
              const pid = `${fresh}-p`;
              await pushAs(w, who, [{ table: 'reward_purchases', id: pid, op: 'upsert', hlc: hlc(), fields: { reward_id: 'r_power_nap', cost: 25, redeemed: false, purchased_at: new Date().toISOString() } }], [{ id: `${pid}-ev`, event_type: 'reward_purchase', entity_id: pid, created_at: new Date().toISOString(), local_date: day(0) }]);
            }
          }
          await checkEconomy(worlds[0].t, emails);
        }
        await checkEconomy(worlds[0].t, emails);
        // The honest users' rows and totals are what they would be with no hostile user at all.
        for (const email of emails.slice(0, 2)) expect(await snapshotOf(worlds[0].t, email), email).toEqual(await snapshotOf(worlds[1].t, email));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});

/** Every user's events pay within their rules, purchases take coins, and the totals are the sum of the events. */
async function checkEconomy(t: TestApp, emails: string[]) {
  for (const email of emails) {
    const uid = (await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id;
    const events = (await t.db.execute({ sql: 'SELECT event_type, entity_id, xp_earned, coins_earned, local_date FROM activity_events WHERE user_id = ?', args: [uid] })).rows;
    let xp = 0;
    let coins = 0;
    const paidOnce = new Set<string>();
    for (const e of events) {
      expect(String(e.local_date) >= '2000-01-01', `${email}: ${e.event_type} paid on ${e.local_date}`).toBe(true);
      // Paid once per entity (journal entries, purchases …); quests once per period, by their own ids.
      if (ONCE_PER_ENTITY.has(String(e.event_type))) {
        const k = `${e.event_type}|${e.entity_id}`;
        expect(paidOnce.has(k), `${email}: ${k} paid twice`).toBe(false);
        paidOnce.add(k);
      }
      const max = MAX_PAY[String(e.event_type)];
      expect(max, `${email}: an accepted ${e.event_type}`).toBeDefined();
      expect(Number(e.xp_earned), `${email} ${e.event_type} xp`).toBeLessThanOrEqual(max.xp);
      expect(Number(e.coins_earned), `${email} ${e.event_type} coins`).toBeLessThanOrEqual(max.coins);
      expect(Number(e.xp_earned)).toBeGreaterThanOrEqual(0);
      xp += Number(e.xp_earned);
      coins += Number(e.coins_earned);
    }
    const p = (await t.db.execute({ sql: 'SELECT total_xp, coins FROM user_progress WHERE user_id = ?', args: [uid] })).rows[0];
    expect({ xp: Number(p?.total_xp ?? 0), coins: Number(p?.coins ?? 0) }, `${email} totals`).toEqual({ xp, coins });
    expect(coins).toBeGreaterThanOrEqual(0);
    const shields = (await t.db.execute({ sql: "SELECT shields FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [uid] })).rows[0];
    expect(Number(shields?.shields ?? 0)).toBeLessThanOrEqual(3);
  }
}

/** What an honest user has: their rows (by table and id, with values), events and totals. */
async function snapshotOf(t: TestApp, email: string) {
  const uid = (await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id;
  const rows: Record<string, unknown[]> = {};
  for (const table of ['habits', 'journal_entries', 'reward_purchases', 'user_quest_progress', 'user_streaks']) {
    rows[table] = (await t.db.execute({ sql: `SELECT * FROM "${table}" WHERE user_id = ? ORDER BY id`, args: [uid] })).rows.map((r) => {
      const { user_id: _u, updated_at: _up, created_at: _c, ...rest } = { ...r } as Record<string, unknown>;
      return rest;
    });
  }
  const events = (await t.db.execute({ sql: 'SELECT id, event_type, xp_earned, coins_earned, local_date FROM activity_events WHERE user_id = ? ORDER BY id', args: [uid] })).rows.map((r) => ({ ...r }));
  const p = (await t.db.execute({ sql: 'SELECT total_xp, coins, level FROM user_progress WHERE user_id = ?', args: [uid] })).rows[0];
  // Server-made ids carry the user's id, which differs between the two worlds.
  return JSON.parse(JSON.stringify({ rows, events, progress: p ? { ...p } : null }).replaceAll(String(uid), 'UID'));
}
