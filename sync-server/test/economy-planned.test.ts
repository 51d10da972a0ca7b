import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays } from '@ignition/shared/dates.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';
import { fallbacks } from '../src/services/sync/planned-push.ts';
import { ACTIVE_AFTER_STORED_SQL, streakReads, WALK_NEEDED_SQL } from '../src/services/sync/daily-streak.ts';

/**
 * Quests, the daily streak and the market on the planned push (one read, one write): each
 * scenario runs on the interactive push and on the planned push (PUSH_PLAN_STRICT: a fallback
 * would be a 500), and the two must give the same replies and leave the same rows.
 */
type Step = { at: string; changes?: unknown[]; events?: unknown[]; as?: 'b' } | { setup: (t: TestApp, uid: string, uidB: string) => Promise<unknown> };

const apps: TestApp[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const t of apps.splice(0)) t.close();
});

const D = '2026-03-02';
const at = (date: string) => `${date}T19:00:00.000Z`;
const purchase = (date: string, rewardId: string, pid = id()) => ({
  pid,
  change: { table: 'reward_purchases', id: pid, op: 'upsert', hlc: hlc(), fields: { reward_id: rewardId, cost: 1, redeemed: false, purchased_at: at(date) } },
  event: { id: id(), event_type: 'reward_purchase', entity_id: pid, created_at: at(date), local_date: date },
});
const redeem = (date: string, pid: string) => ({ id: id(), event_type: 'reward_redeem', entity_id: pid, created_at: at(date), local_date: date });

/** Runs the steps on a fresh app on one path: the replies and the rows, with the user ids taken out. */
async function run(path: 'planned' | 'interactive', steps: Step[]) {
  vi.stubEnv('PUSH_PATH', path);
  vi.stubEnv('PUSH_PLAN_STRICT', path === 'planned' ? '1' : '0');
  const t = await createTestApp();
  apps.push(t);
  t.setNow(new Date(`${D}T20:00:00.000Z`));
  const a = await t.signIn('a@example.com');
  const b = await t.signIn('b@example.com');
  const uidOf = async (email: string) => String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id);
  const [uid, uidB] = [await uidOf('a@example.com'), await uidOf('b@example.com')];
  const before = fallbacks.length;
  const replies: unknown[] = [];
  for (const s of steps) {
    if ('setup' in s) {
      await s.setup(t, uid, uidB);
      continue;
    }
    t.setNow(new Date(`${s.at}T20:00:00.000Z`));
    const r = await pushOk(t, s.as === 'b' ? b : a, s.changes ?? [], s.events ?? []);
    replies.push({ accepted: r.accepted, rejected: r.rejected, changeErrors: r.changeErrors, progress: r.progress, streaks: r.streaks });
  }
  if (path === 'planned') expect(fallbacks.slice(before)).toEqual([]);
  const rows = async (sql: string) => JSON.parse(JSON.stringify((await t.db.execute({ sql, args: [uid] })).rows).split(uid).join('U'));
  return {
    replies,
    progress: await rows('SELECT total_xp, level, coins, knowledge_xp, charm_xp, proficiency_xp FROM user_progress WHERE user_id = ?'),
    streak: await rows("SELECT id, current_streak, best_streak, shields, last_active_date, history FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'"),
    quests: await rows('SELECT id, current_count, completed, completed_at FROM user_quest_progress WHERE user_id = ? ORDER BY id'),
    purchases: await rows('SELECT id, reward_id FROM reward_purchases WHERE user_id = ? ORDER BY id'),
    events: await rows('SELECT id, event_type, xp_earned, coins_earned, local_date, metadata FROM activity_events WHERE user_id = ? ORDER BY id'),
    rejected: await rows('SELECT id, code, message FROM rejected_events WHERE user_id = ? ORDER BY id'),
    tombstones: await rows("SELECT table_name, row_id FROM sync_rows WHERE user_id = ? AND deleted = 1 ORDER BY table_name, row_id"),
  };
}

async function same(steps: Step[]) {
  const interactive = await run('interactive', steps);
  const planned = await run('planned', steps);
  expect(planned).toEqual(interactive);
  return planned;
}

const coins = (n: number): Step => ({
  setup: (t, uid) => t.db.execute({ sql: 'INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, ?)', args: [`up_${uid}`, uid, n] }),
});

describe('the market, quests and the daily streak on the planned push', () => {
  it('an offline day, earn then buy in one push: a quest completed earlier in the push pays for a purchase later in it; one it cannot cover is refused and removed', async () => {
    const j = journal(D, `${D}T18:00:00.000Z`);
    const snack = purchase(D, 'r_snack_run');
    const coffee = purchase(D, 'r_fancy_coffee');
    const out = await same([
      { setup: (t, uid) => t.db.execute({ sql: "INSERT INTO quests (id, user_id, title, type, event_type, target, xp_reward, coin_reward, skill_id, is_universal, is_active) VALUES ('q_diary', ?, 'Diary', 'daily', 'journal_entry', 1, 50, 30, 'charm', 0, 1)", args: [uid] }) },
      { at: D, changes: [j.change, snack.change, coffee.change], events: [j.event, snack.event, coffee.event] },
      { at: addDays(D, 1), events: [redeem(addDays(D, 1), snack.pid), redeem(addDays(D, 1), snack.pid)] },
    ]);
    // 5 coins from the entry + 30 from the quest buy the 30-coin snack; the coffee is refused.
    expect(out.replies[0]).toMatchObject({ rejected: [{ id: coffee.event.id, code: 'insufficient_coins' }], progress: { coins: 5, total_xp: 60 } });
    expect(out.purchases.map((p: { id: string }) => p.id)).toEqual([snack.pid]);
    expect(out.tombstones).toContainEqual({ table_name: 'reward_purchases', row_id: coffee.pid });
    expect(out.quests).toContainEqual(expect.objectContaining({ id: `qp_U_q_diary_${D}`, current_count: 1, completed: 1 }));
  });

  it('quests of each kind carry on across pushes: a weekly quest over three days, a one-time quest, a daily one per day; a quest of another event type does not move', async () => {
    const quest = (qid: string, type: string, event: string, target: number) => ({
      setup: (t: TestApp, uid: string) =>
        t.db.execute({
          sql: "INSERT INTO quests (id, user_id, title, type, event_type, target, xp_reward, coin_reward, skill_id, is_universal, is_active) VALUES (?, ?, ?, ?, ?, ?, 10, 5, 'charm', 0, 1)",
          args: [qid, uid, qid, type, event, target],
        }),
    });
    const days = [0, 1, 2].map((k) => addDays(D, k));
    const out = await same([
      quest('q_week', 'weekly', 'journal_entry', 3),
      quest('q_once', 'one_time', 'journal_entry', 2),
      quest('q_day', 'daily', 'journal_entry', 1),
      quest('q_focus', 'weekly', 'focus_complete', 1),
      ...days.map((d) => {
        const j = journal(d, at(d));
        return { at: d, changes: [j.change], events: [j.event] };
      }),
    ]);
    const mine = out.quests.filter((q: { id: string }) => /^qp_U_q_(week|once|day|focus)_/.test(q.id));
    const byId = Object.fromEntries(mine.map((q: { id: string; current_count: number; completed: number }) => [q.id, [q.current_count, q.completed]]));
    // D is a Monday: the three days are one week. (The seeded weekly "active days" quest moves too: 3 of its days.)
    expect(byId).toEqual({ [`qp_U_q_week_${D}`]: [3, 1], qp_U_q_once_once: [2, 1], ...Object.fromEntries(days.map((d) => [`qp_U_q_day_${d}`, [1, 1]])) });
    expect(out.quests).toContainEqual(expect.objectContaining({ id: `qp_U_q_consistency_${D}`, current_count: 3 }));
    expect(out.events.filter((e: { event_type: string; id: string }) => e.event_type === 'quest_complete' && /_q_(week|once|day)_/.test(e.id))).toHaveLength(5);
  });

  it('streak shields: three held at most (a fourth is refused and charges nothing), and a shield bridges a missed day', async () => {
    const shields = [0, 1, 2, 3].map(() => purchase(D, 'r_streak_shield'));
    const first = journal(D, `${D}T18:00:00.000Z`);
    const out = await same([
      coins(1000),
      { at: D, changes: [first.change, ...shields.map((s) => s.change)], events: [first.event, ...shields.map((s) => s.event)] },
      ...[1, 3, 4].map((k) => {
        const j = journal(addDays(D, k), at(addDays(D, k)));
        return { at: addDays(D, k), changes: [j.change], events: [j.event] };
      }),
    ]);
    expect(out.replies[0]).toMatchObject({ rejected: [{ id: shields[3].event.id, code: 'shield_cap' }], progress: { coins: 1000 + 5 - 3 * 150 }, streaks: { daily: { shields: 3 } } });
    expect(out.purchases).toHaveLength(3);
    expect(out.replies[3]).toMatchObject({ streaks: { daily: { current: 4, shields: 2 } } });
  });

  it('refuses a forged purchase of another person’s reward (and removes it), and a purchase named by another’s row', async () => {
    const forged = purchase(D, 'r_b_secret');
    const out = await same([
      coins(1000),
      { at: D, as: 'b', changes: [{ table: 'rewards', id: 'r_b_secret', op: 'upsert', hlc: hlc(), fields: { name: 'Secret', cost: 1, is_active: true } }] },
      { at: D, changes: [forged.change], events: [forged.event] },
      { at: D, events: [redeem(D, 'p_of_nobody'), { ...purchase(D, 'r_snack_run').event, entity_id: 'p_of_nobody' }] },
    ]);
    expect(out.replies[1]).toMatchObject({ rejected: [{ id: forged.event.id, code: 'unknown_entity' }], progress: { coins: 1000 } });
    expect(out.purchases).toEqual([]);
    expect(out.replies[2]).toMatchObject({ rejected: [{ code: 'unknown_entity' }, { code: 'unknown_entity' }] });
  });

  it('walks every day on the planned push for the first rewarded push and for a late offline week, in the same one read', async () => {
    const days = [0, 4, 8].map((k) => addDays(D, k));
    const late = [5, 6, 7].map((k) => journal(addDays(D, k), at(addDays(D, k))));
    const out = await same([
      ...days.map((d) => {
        const j = journal(d, at(d));
        return { at: d, changes: [j.change], events: [j.event] };
      }),
      // an offline device's week, pushed after the day after it
      { at: addDays(D, 8), changes: late.map((j) => j.change), events: late.map((j) => j.event) },
    ]);
    expect(out.replies[0]).toMatchObject({ streaks: { daily: { current: 1 } } });
    expect(out.replies[3]).toMatchObject({ accepted: late.map((j) => j.event.id), streaks: { daily: { current: 5, best: 5, lastActiveDate: addDays(D, 8) } } });
  });
});

describe('the planned read of the day walk', () => {
  it('reads no day for an ordinary push, and every day when one may be needed', async () => {
    const t = await createTestApp();
    apps.push(t);
    t.setNow(new Date(`${D}T20:00:00.000Z`));
    const a = await t.signIn('walk@example.com');
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'walk@example.com'")).rows[0].id);
    for (const k of [0, 1, 2]) {
      const d = addDays(D, k);
      t.setNow(new Date(`${d}T20:00:00.000Z`));
      const j = journal(d, at(d));
      await pushOk(t, a, [j.change], [j.event]);
    }
    const last = addDays(D, 2);
    const read = async (earliestDay: string, purchase = false) => {
      const rs = await t.db.batch(streakReads(uid, { earliestDay, purchase }), 'read');
      return { need: Number(rs[4].rows[0].need), days: rs[5].rows.length };
    };
    expect(await read(last)).toEqual({ need: 0, days: 0 });
    expect(await read(addDays(last, 1))).toEqual({ need: 0, days: 0 });
    expect(await read(addDays(last, -1))).toEqual({ need: 1, days: 3 });
    expect(await read(last, true)).toEqual({ need: 1, days: 3 });
  });

  it('decides by index lookups alone, whatever the history', async () => {
    const t = await createTestApp();
    apps.push(t);
    const plan = async (sql: string, args: unknown[]) => (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as string[] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(await plan(ACTIVE_AFTER_STORED_SQL, ['x', 'st_x_daily'])).toMatch(/USING COVERING INDEX idx_activity_events_user_date \(user_id=\? AND local_date>\?\)/);
    const need = await plan(WALK_NEEDED_SQL, ['x', 'st_x_daily', '2026-01-01', 0]);
    expect(need).not.toMatch(/SCAN (activity_events|a|g)\b/);
    expect(need).toMatch(/SEARCH s USING INDEX sqlite_autoindex_user_streaks_1 \(id=\?\)/);
  });
});
