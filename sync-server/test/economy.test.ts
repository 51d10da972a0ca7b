import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';
import { SHIELD_GRANTS_SQL, STREAK_DAYS_SQL } from '../src/services/sync/ledger.ts';
import { DAILY_TOTALS_SQL, ownedRowsSql } from '../src/services/sync/facts.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
async function userId(cookie: string): Promise<string> {
  return ((await (await t.req('/api/auth/me', { cookie })).json()) as { user: { id: string } }).user.id;
}
async function grantCoins(cookie: string, coins: number) {
  const uid = await userId(cookie);
  await t.db.execute({
    sql: 'INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, ?) ON CONFLICT(id) DO UPDATE SET coins = excluded.coins',
    args: [`up_${uid}`, uid, coins],
  });
}
const count = async (sql: string, args: (string | number)[]) => Number((await t.db.execute({ sql, args })).rows[0].n);

describe('GET/POST /api/progress', () => {
  it('shows a fresh account at level 1 with nothing earned', async () => {
    const a = await t.signIn('fresh@example.com');
    const { status, body } = await json(await t.req('/api/progress', { cookie: a }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ total_xp: 0, level: 1, coins: 0, xp_for_next_level: 100, streaks: { daily: { current: 0, shields: 0 } } });
    expect(Object.keys(body.skills).sort()).toEqual(['charm', 'guts', 'kindness', 'knowledge', 'proficiency']);
    expect(body.skills.knowledge).toMatchObject({ level: 1, max_level: 10, color: '#3b82f6', name: 'Knowledge' });
  });

  it('records events through the reconciliation, ignoring the XP a caller claims', async () => {
    const a = await t.signIn('poster@example.com');
    const j = journal('2026-03-02');
    await pushOk(t, a, [j.change]);
    const { status, body } = await json(await t.req('/api/progress', { cookie: a, body: { events: [j.event] } }));
    expect(status).toBe(200);
    expect(body.accepted).toEqual([j.event.id]);
    expect(body.progress).toMatchObject({ total_xp: 10, coins: 5 });
    expect(body.progress.skills.charm.xp).toBe(10);
  });

  it('refuses a malformed body with 422 and writes nothing', async () => {
    const a = await t.signIn('bad-progress@example.com');
    const { status, body } = await json(await t.req('/api/progress', { cookie: a, body: { total_xp: 99999 } }));
    expect(status).toBe(422);
    expect(body.error?.code ?? body.code).toBe('validation_failed');
    expect((await json(await t.req('/api/progress', { cookie: a }))).body.total_xp).toBe(0);
  });
});

describe('/api/quests', () => {
  it('lists the five seeded universal quests with titles and this period’s progress', async () => {
    const a = await t.signIn('quester@example.com');
    const { body } = await json(await t.req('/api/quests', { cookie: a }));
    const titles = body.quests.filter((q: any) => !q.personal).map((q: any) => q.title).sort();
    expect(titles).toEqual(['Consistency', 'Deep Focus', 'Focus Master', 'Plan Ahead', 'Stay Active']);
    expect(body.quests[0].progress).toMatchObject({ current_count: 0, completed: false });
  });

  it('creates a personal quest whose completion the server grants once per period', async () => {
    const a = await t.signIn('journaler@example.com');
    const created = await json(await t.req('/api/quests', { cookie: a, body: { title: 'Write it down', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 40, coin_reward: 20, skill_id: 'charm' } }));
    expect(created.status).toBe(201);
    const qid = created.body.quest.id;
    const today = new Date().toISOString().slice(0, 10);
    const j = journal(today, new Date().toISOString());
    await pushOk(t, a, [j.change], [j.event]);
    const list = (await json(await t.req('/api/quests', { cookie: a }))).body.quests;
    const mine = list.find((q: any) => q.id === qid);
    expect(mine).toMatchObject({ title: 'Write it down', personal: true, progress: { current_count: 1, completed: true } });
    const p = (await json(await t.req('/api/progress', { cookie: a }))).body;
    expect(p.total_xp).toBe(10 + 40);
    expect(p.coins).toBe(5 + 20);
    expect(await count("SELECT COUNT(*) AS n FROM activity_events WHERE entity_id = ? AND event_type = 'quest_complete'", [qid])).toBe(1);
  });

  it('refuses invalid quests with 422 and writes nothing', async () => {
    const a = await t.signIn('invalid-quest@example.com');
    const before = await count('SELECT COUNT(*) AS n FROM quests', []);
    for (const body of [{ title: '', type: 'daily', event_type: 'journal_entry', target: 1 }, { title: 'x', type: 'hourly', event_type: 'journal_entry', target: 1 }, { title: 'x', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 100000 }]) {
      expect((await t.req('/api/quests', { cookie: a, body })).status).toBe(422);
    }
    expect(await count('SELECT COUNT(*) AS n FROM quests', [])).toBe(before);
  });

  it('edits and archives only the owner’s quests; universal ones and other people’s are 404', async () => {
    const a = await t.signIn('owner-q@example.com');
    const b = await t.signIn('other-q@example.com');
    const qid = (await json(await t.req('/api/quests', { cookie: a, body: { title: 'Mine', type: 'weekly', event_type: 'focus_complete', target: 3 } }))).body.quest.id;
    expect((await t.req(`/api/quests/${qid}`, { cookie: b, method: 'PUT', body: { title: 'Stolen' } })).status).toBe(404);
    expect((await t.req(`/api/quests/${qid}`, { cookie: b, method: 'DELETE' })).status).toBe(404);
    expect((await t.req('/api/quests/q_deep_focus', { cookie: a, method: 'PUT', body: { xp_reward: 100 } })).status).toBe(404);
    const edited = await json(await t.req(`/api/quests/${qid}`, { cookie: a, method: 'PUT', body: { title: 'Mine, renamed', target: 4 } }));
    expect(edited.body.quest).toMatchObject({ title: 'Mine, renamed', target: 4, type: 'weekly' });
    expect((await t.req(`/api/quests/${qid}`, { cookie: a, method: 'DELETE' })).status).toBe(200);
    const list = (await json(await t.req('/api/quests', { cookie: a }))).body.quests;
    expect(list.some((q: any) => q.id === qid)).toBe(false);
    const row = (await t.db.execute({ sql: 'SELECT title, is_active FROM quests WHERE id = ?', args: [qid] })).rows[0];
    expect(row).toMatchObject({ title: 'Mine, renamed', is_active: 0 });
  });
});

describe('/api/market', () => {
  it('lists the nine global rewards with name and cost, plus the user’s own', async () => {
    const a = await t.signIn('shopper@example.com');
    await pushOk(t, a, [{ table: 'rewards', id: id(), op: 'upsert', hlc: hlc(), fields: { name: 'Concert', cost: 300, kind: 'reward', is_global: false, is_active: true } }]);
    const { body } = await json(await t.req('/api/market', { cookie: a }));
    expect(body.rewards.filter((r: any) => !r.personal)).toHaveLength(9);
    expect(body.rewards.find((r: any) => r.name === 'Concert')).toMatchObject({ cost: 300, personal: true });
    expect(body.rewards.find((r: any) => r.id === 'r_streak_shield')).toMatchObject({ name: 'Streak Shield', cost: 150, kind: 'streak_shield' });
    expect(body.purchases).toEqual([]);
  });

  it('refuses a purchase the balance cannot cover with 409 insufficient_coins and keeps no purchase', async () => {
    const a = await t.signIn('broke@example.com');
    const { status, body } = await json(await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_order_takeout' } }));
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('insufficient_coins');
    expect(await count('SELECT COUNT(*) AS n FROM reward_purchases WHERE user_id = ?', [await userId(a)])).toBe(0);
  });

  it('buys, spends the coins, redeems once with the date, and refuses a second redeem', async () => {
    const a = await t.signIn('rich@example.com');
    await grantCoins(a, 120);
    const bought = await json(await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_fancy_coffee' } }));
    expect(bought.status).toBe(201);
    expect(bought.body.coins).toBe(70);
    const pid = bought.body.purchase.id;
    const redeemed = await json(await t.req('/api/market', { cookie: a, body: { action: 'redeem', purchase_id: pid } }));
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.purchase.redeemed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await t.req('/api/market', { cookie: a, body: { action: 'redeem', purchase_id: pid } })).status).toBe(409);
    const list = (await json(await t.req('/api/market', { cookie: a }))).body;
    expect(list.purchases).toEqual([expect.objectContaining({ id: pid, name: 'Fancy Coffee', cost: 50, redeemed: true })]);
    expect((await json(await t.req('/api/progress', { cookie: a }))).body.coins).toBe(70);
  });

  it('will not redeem someone else’s purchase or buy another user’s personal reward', async () => {
    const a = await t.signIn('market-a@example.com');
    const b = await t.signIn('market-b@example.com');
    await grantCoins(a, 100);
    await grantCoins(b, 1000);
    const pid = (await json(await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_power_nap' } }))).body.purchase.id;
    expect((await t.req('/api/market', { cookie: b, body: { action: 'redeem', purchase_id: pid } })).status).toBe(404);
    const rid = id();
    await pushOk(t, a, [{ table: 'rewards', id: rid, op: 'upsert', hlc: hlc(), fields: { name: 'A only', cost: 10, kind: 'reward', is_global: false, is_active: true } }]);
    expect((await t.req('/api/market', { cookie: b, body: { action: 'buy', reward_id: rid } })).status).toBe(404);
    expect((await t.req('/api/market', { cookie: b, body: { action: 'steal' } })).status).toBe(422);
  });

  it('adds a streak shield per Streak Shield bought, holding at most 3; a fourth is refused (shield_cap) and charges nothing', async () => {
    const a = await t.signIn('shielded@example.com');
    await grantCoins(a, 1000);
    for (let i = 0; i < 3; i++) expect((await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_streak_shield' } })).status).toBe(201);
    const fourth = await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_streak_shield' } });
    expect(fourth.status).toBe(409);
    expect((await json(fourth)).body.error.code).toBe('shield_cap');
    const p = (await json(await t.req('/api/progress', { cookie: a }))).body;
    expect(p.streaks.daily.shields).toBe(3);
    expect(p.coins).toBe(1000 - 3 * 150);
  });
});

describe('one push that earns and then spends', () => {
  it('counts a quest completed earlier in the push toward a purchase later in it', async () => {
    const a = await t.signIn('earn-then-buy@example.com');
    await t.req('/api/quests', { cookie: a, body: { title: 'Diary', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 50, coin_reward: 30 } });
    const today = new Date().toISOString().slice(0, 10);
    const j = journal(today, new Date(Date.now() - 60_000).toISOString());
    const purchase = id();
    const reply = await pushOk(
      t,
      a,
      [j.change, { table: 'reward_purchases', id: purchase, op: 'upsert', hlc: hlc(), fields: { reward_id: 'r_snack_run', cost: 30, redeemed: false, purchased_at: new Date().toISOString() } }],
      [j.event, { id: id(), event_type: 'reward_purchase', entity_id: purchase, created_at: new Date().toISOString(), local_date: today }],
    );
    // 5 coins from the entry + 30 from the quest cover the 30-coin snack.
    expect(reply.rejected).toEqual([]);
    expect(reply.progress.coins).toBe(5);
    expect(reply.progress.total_xp).toBe(60);
  });
});

describe('the daily streak’s reads on every push', () => {
  it('stay on indexes, so a long history does not slow each push', async () => {
    const plan = async (sql: string) =>
      (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: ['someone'] })).rows.map((r) => String(r.detail)).join(' | ');
    // The days: from the (user, date, xp) index alone, never the table.
    expect(await plan(STREAK_DAYS_SQL)).toMatch(/USING COVERING INDEX idx_activity_events_user_date \(user_id=\?\)/);
    // The shields: the person's purchases by the (user, type) index, not every event by date.
    expect(await plan(SHIELD_GRANTS_SQL)).toMatch(/USING INDEX idx_activity_events_user_type \(user_id=\? AND event_type=\?\)/);
  });

  it('the rows events refer to are read by id, not every row the person has, for one id or a hundred', async () => {
    for (const table of ['journal_entries', 'habit_logs', 'books', 'focus_sessions', 'workout_sessions', 'reading_sessions', 'reward_purchases']) {
      for (const n of [1, 3, 100]) {
        const sql = `${ownedRowsSql(table)} (${Array.from({ length: n }, () => '?').join(', ')})`;
        const detail = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: ['someone', ...Array.from({ length: n }, (_, i) => `id-${i}`)] })).rows.map((r) => String(r.detail)).join(' | ');
        expect(detail, `${table} with ${n} ids`).toMatch(new RegExp(`SEARCH ${table} USING INDEX sqlite_autoindex_${table}_1 \\(id=\\?\\)`));
      }
    }
  });

  it('the daily caps read only the push’s dates, for one date or a hundred', async () => {
    for (const n of [1, 3, 100]) {
      const sql = `${DAILY_TOTALS_SQL} (${Array.from({ length: n }, () => '?').join(', ')}) GROUP BY event_type, local_date`;
      const detail = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: ['someone', ...Array.from({ length: n }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`)] })).rows.map((r) => String(r.detail)).join(' | ');
      expect(detail).toMatch(/USING INDEX idx_activity_events_user_date \(user_id=\? AND local_date=\? AND xp_earned>\?\)/);
    }
  });
});
