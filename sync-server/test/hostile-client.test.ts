import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, progressOf, push, pushOk } from './sync-helpers.ts';

/**
 * The seven ways a hostile client paid itself or froze rows through POST /api/sync/push alone
 * (issue: "The economy's authority"), each tried exactly as it was found. Every one was
 * answered with a payout or a frozen row before the row contracts and bounded clocks.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const uidOf = async (email: string) => String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id);
async function grantCoins(email: string, coins: number) {
  const uid = await uidOf(email);
  await t.db.execute({
    sql: 'INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, ?) ON CONFLICT(id) DO UPDATE SET coins = excluded.coins',
    args: [`up_${uid}`, uid, coins],
  });
}
const purchase = (rewardId: string) => {
  const pid = id();
  return {
    change: { table: 'reward_purchases', id: pid, op: 'upsert', hlc: hlc(), fields: { reward_id: rewardId, cost: 1, redeemed: false, purchased_at: new Date().toISOString() } },
    event: { id: id(), event_type: 'reward_purchase', entity_id: pid, created_at: new Date().toISOString(), local_date: today() },
  };
};
const clocksOf = async (table: string, rowId: string) => JSON.parse(String((await t.db.execute({ sql: 'SELECT clocks FROM sync_rows WHERE table_name = ? AND row_id = ?', args: [table, rowId] })).rows[0].clocks));

describe('a hostile client, through /api/sync/push only', () => {
  it('1. cannot make a personal quest pay more than POST /api/quests allows (100 XP, 50 coins)', async () => {
    const a = await t.signIn('attack1@example.com');
    const q = id();
    const quest = { table: 'quests', id: q, op: 'upsert', hlc: hlc(), fields: { title: 'Mint', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 1e9, coin_reward: 1e9, skill_id: 'charm', is_active: true } };
    const refused = await pushOk(t, a, [quest]);
    expect(refused.changeErrors).toEqual([expect.objectContaining({ table: 'quests', id: q, code: 'invalid_field', details: { field: 'xp_reward', reason: expect.stringMatching(/from 0 to 100/) } })]);
    // The same quest at the largest allowed rewards is stored and pays exactly those.
    await pushOk(t, a, [{ ...quest, hlc: hlc(), fields: { ...quest.fields, xp_reward: 100, coin_reward: 50 } }]);
    const j = journal(today(), new Date(Date.now() - 60_000).toISOString());
    const reply = await pushOk(t, a, [j.change], [j.event]);
    expect(reply.accepted).toEqual([j.event.id]);
    expect(await progressOf(t, 'attack1@example.com')).toMatchObject({ total_xp: 10 + 100, coins: 5 + 50 });
  });

  it('1b. a personal quest stored before the limit (straight in the database) still pays at most 100 XP and 50 coins', async () => {
    const a = await t.signIn('attack1b@example.com');
    const uid = await uidOf('attack1b@example.com');
    await t.db.execute({ sql: "INSERT INTO quests (id, user_id, title, type, event_type, target, xp_reward, coin_reward, skill_id, is_universal, is_active) VALUES (?, ?, 'Old', 'daily', 'journal_entry', 1, 1000000000, 1000000000, 'charm', 0, 1)", args: [id(), uid] });
    const j = journal(today(), new Date(Date.now() - 60_000).toISOString());
    await pushOk(t, a, [j.change], [j.event]);
    expect(await progressOf(t, 'attack1b@example.com')).toMatchObject({ total_xp: 110, coins: 55 });
  });

  it('2. cannot print coins with a personal reward of negative cost', async () => {
    const a = await t.signIn('attack2@example.com');
    const r = id();
    const reward = { table: 'rewards', id: r, op: 'upsert', hlc: hlc(), fields: { name: 'Print money', cost: -1000000, kind: 'reward', is_global: false, is_active: true } };
    const p = purchase(r);
    const reply = await pushOk(t, a, [reward, p.change], [p.event]);
    expect(reply.changeErrors.map((e: { id: string; code: string }) => [e.id, e.code])).toEqual([
      [r, 'invalid_field'],
      [p.change.id, 'unknown_reference'],
    ]);
    expect(reply.rejected.map((x: { code: string }) => x.code)).toEqual(['unknown_entity']);
    expect(reply.progress.coins).toBe(0);
  });

  it('2b. a reward of negative or fractional cost stored before the contract is refused at payout (invalid_reward) and adds nothing', async () => {
    const a = await t.signIn('attack2b@example.com');
    const uid = await uidOf('attack2b@example.com');
    for (const cost of [-1000000, 0, 2.5]) {
      const r = id();
      await t.db.execute({ sql: "INSERT INTO rewards (id, user_id, name, cost, kind, is_global, is_active) VALUES (?, ?, 'Old', ?, 'reward', 0, 1)", args: [r, uid, cost] });
      await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('rewards', ?, ?, '{}', 0)", args: [r, uid] });
      const p = purchase(r);
      const reply = await pushOk(t, a, [p.change], [p.event]);
      expect(reply.rejected.map((x: { code: string }) => x.code), String(cost)).toEqual(['invalid_reward']);
      expect(reply.progress.coins).toBe(0);
    }
  });

  it('3. cannot get free streak shields from a personal reward of kind streak_shield', async () => {
    const a = await t.signIn('attack3@example.com');
    const r = id();
    const refused = await pushOk(t, a, [{ table: 'rewards', id: r, op: 'upsert', hlc: hlc(), fields: { name: 'Free shield', cost: 0, kind: 'streak_shield', is_global: false, is_active: true } }]);
    expect(refused.changeErrors.map((e: { code: string }) => e.code)).toEqual(['invalid_field']);
    // Even at a valid price and stored before the contract, a personal "shield" is a plain reward.
    const uid = await uidOf('attack3@example.com');
    await t.db.execute({ sql: "INSERT INTO rewards (id, user_id, name, cost, kind, is_global, is_active) VALUES (?, ?, 'Old shield', 1, 'streak_shield', 0, 1)", args: [r, uid] });
    await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('rewards', ?, ?, '{}', 0)", args: [r, uid] });
    await grantCoins('attack3@example.com', 3);
    const buys = [purchase(r), purchase(r), purchase(r)];
    const reply = await pushOk(t, a, buys.map((b) => b.change), buys.map((b) => b.event));
    expect(reply.accepted).toHaveLength(3);
    expect(reply.progress.coins).toBe(0);
    expect(reply.streaks.daily.shields).toBe(0);
  });

  it('4. is paid once for one journal entry, on the entry\'s own date, whatever days its events name', async () => {
    const a = await t.signIn('attack4@example.com');
    const j = journal(daysAgo(1));
    const events = [0, 1, 2, 3, 4].map((n) => ({ ...j.event, id: id(), created_at: `${daysAgo(n)}T12:00:00.000Z`, local_date: daysAgo(n) }));
    const reply = await pushOk(t, a, [j.change], events);
    expect(reply.accepted).toHaveLength(1);
    expect(reply.rejected.map((r: { code: string }) => r.code)).toEqual(['already_rewarded', 'already_rewarded', 'already_rewarded', 'already_rewarded']);
    expect(await progressOf(t, 'attack4@example.com')).toMatchObject({ total_xp: 10, coins: 5 });
    const paid = (await t.db.execute({ sql: "SELECT local_date FROM activity_events WHERE user_id = ? AND event_type = 'journal_entry'", args: [await uidOf('attack4@example.com')] })).rows;
    expect(paid.map((r) => r.local_date)).toEqual([daysAgo(1)]);
    // The weekly Consistency quest (5 active days) is not completed by one entry.
    expect(Number((await t.db.execute({ sql: "SELECT COUNT(*) AS n FROM activity_events WHERE user_id = ? AND event_type = 'quest_complete'", args: [await uidOf('attack4@example.com')] })).rows[0].n)).toBe(0);
  });

  it('5. is not paid for events dated before 2000-01-01 or long before the account existed (too_old)', async () => {
    const a = await t.signIn('attack5@example.com');
    for (const date of ['1900-01-05', '1999-12-31', daysAgo(800)]) {
      const j = journal(date);
      const reply = await pushOk(t, a, [j.change], [j.event]);
      expect(reply.rejected.map((r: { code: string }) => r.code), date).toEqual(['too_old']);
    }
    expect(await progressOf(t, 'attack5@example.com')).toMatchObject({ total_xp: 0, coins: 0 });
    // A purchase dated 1900 is refused and its row removed, so it cannot be redeemed for nothing.
    const uid = await uidOf('attack5@example.com');
    const p = purchase('r_power_nap');
    const bought = await pushOk(t, a, [p.change], [{ ...p.event, created_at: '1900-01-05T12:00:00.000Z', local_date: '1900-01-05' }]);
    expect(bought.rejected.map((r: { code: string }) => r.code)).toEqual(['too_old']);
    expect(Number((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM reward_purchases WHERE user_id = ?', args: [uid] })).rows[0].n)).toBe(0);
    // A month of local-only use before signing in still counts.
    const j = journal(daysAgo(30));
    expect((await pushOk(t, a, [j.change], [j.event])).accepted).toEqual([j.event.id]);
  });

  it('6. cannot buy shields past the 3 held: the fourth and fifth are refused (shield_cap) and charge nothing', async () => {
    const a = await t.signIn('attack6@example.com');
    await grantCoins('attack6@example.com', 1000);
    const buys = [0, 1, 2, 3, 4].map(() => purchase('r_streak_shield'));
    const reply = await pushOk(t, a, buys.map((b) => b.change), buys.map((b) => b.event));
    expect(reply.accepted).toHaveLength(3);
    expect(reply.rejected.map((r: { code: string }) => r.code)).toEqual(['shield_cap', 'shield_cap']);
    expect(reply.progress.coins).toBe(1000 - 3 * 150);
    expect(reply.streaks.daily.shields).toBe(3);
  });

  it('7. cannot move the server clock or freeze a row with a far-future stamp', async () => {
    const a = await t.signIn('attack7@example.com');
    const b = await t.signIn('bystander7@example.com');
    const h = id();
    const future = ['2999-01-01T00:00:00.000Z-0000-00000000000000ff', '9999-12-31T23:59:59.999Z-ffff-ffffffffffffffff'];
    await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', hlc: future[0], fields: { name: 'Frozen?', frequency: 'daily', target_count: 1 } }]);
    await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', hlc: future[1], fields: { description: 'far ahead' } }]);
    const ceiling = new Date(Date.now() + 120_000).toISOString();
    for (const stamp of Object.values(await clocksOf('habits', h))) expect(String(stamp) < ceiling).toBe(true);
    // Another user's row made through REST afterwards carries today's clocks, not 2999's or 10000's.
    const made = await t.req('/api/habits', { cookie: b, body: { name: 'Bystander' } });
    expect(made.status).toBe(201);
    const bid = (await made.json()).habit.id;
    for (const stamp of Object.values(await clocksOf('habits', bid))) {
      expect(String(stamp) < ceiling).toBe(true);
      expect(String(stamp) > new Date(Date.now() - 120_000).toISOString()).toBe(true);
    }
    // Later honest edits of both rows land.
    await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', hlc: hlc(), fields: { name: 'Thawed' } }]);
    await pushOk(t, b, [{ table: 'habits', id: bid, op: 'upsert', hlc: hlc(), fields: { name: 'Bystander renamed' } }]);
    const names = (await t.db.execute({ sql: 'SELECT id, name FROM habits WHERE id IN (?, ?)', args: [h, bid] })).rows.map((r) => [r.id, r.name]);
    expect(new Map(names as [string, string][])).toEqual(new Map([[h, 'Thawed'], [bid, 'Bystander renamed']]));
  });

  it('7b. a row frozen by a far-future stamp stored before clocks were bounded takes the next edit', async () => {
    const a = await t.signIn('attack7b@example.com');
    const h = id();
    await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', hlc: hlc(), fields: { name: 'Old', frequency: 'daily', target_count: 1 } }]);
    await t.db.execute({ sql: "UPDATE sync_rows SET clocks = ? WHERE table_name = 'habits' AND row_id = ?", args: [JSON.stringify({ name: '2999-01-01T00:00:00.000Z-0000-00000000000000ff' }), h] });
    await pushOk(t, a, [{ table: 'habits', id: h, op: 'upsert', hlc: hlc(), fields: { name: 'New' } }]);
    expect((await t.db.execute({ sql: 'SELECT name FROM habits WHERE id = ?', args: [h] })).rows[0].name).toBe('New');
  });

  it('answers bad field values with invalid_field naming the table, field and reason, and writes nothing of that change', async () => {
    const a = await t.signIn('badfields@example.com');
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['habits', { name: 'x'.repeat(101) }, 'name'],
      ['habits', { frequency: 'hourly' }, 'frequency'],
      ['goals', { status: 'won' }, 'status'],
      ['books', { total_pages: -3 }, 'total_pages'],
      ['journal_entries', { date: '2026-13-45' }, 'date'],
      ['journal_entries', { mood: 6 }, 'mood'],
      ['focus_sessions', { duration: 1e12 }, 'duration'],
      ['rewards', { name: 'Mine', cost: 10, is_global: true }, 'is_global'],
      ['quests', { title: 'Q', is_universal: true }, 'is_universal'],
      ['user_settings', { focus_minutes: 0 }, 'focus_minutes'],
    ];
    for (const [table, fields, field] of bad) {
      const res = await push(t, a, [{ table, id: id(), op: 'upsert', hlc: hlc(), fields }]);
      expect(res.status, table).toBe(200);
      const body = await res.json();
      expect(body.changeErrors, `${table}.${field}`).toEqual([expect.objectContaining({ table, code: 'invalid_field', message: expect.stringContaining(`${table}.${field}`), details: expect.objectContaining({ field }) })]);
    }
    expect(Number((await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM sync_rows WHERE user_id = ?', args: [await uidOf('badfields@example.com')] })).rows[0].n)).toBe(0);
  });
});
