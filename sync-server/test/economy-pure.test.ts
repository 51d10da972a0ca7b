import { describe, expect, it } from 'vitest';
import type { ResultSet } from '@libsql/client';
import { computeDailyStreak } from '@ignition/shared/rules/streaks.ts';
import { advanceQuestProgress, questFactsFrom, type QuestFacts } from '../src/services/sync/quest-progress.ts';
import { carryDailyStreak, earliestPaidDay, shieldsHeldOn, streakFactsFrom, walkDailyStreak, type StreakFacts } from '../src/services/sync/daily-streak.ts';
import { rewardPurchase } from '../src/services/sync/rewarders/reward-purchase.ts';
import { rewardRedeem } from '../src/services/sync/rewarders/reward-redeem.ts';
import { REWARDERS } from '../src/services/sync/rewarders/registry.ts';
import type { AcceptedEvent } from '../src/services/sync/ledger.ts';
import type { LedgerView, PlacedEvent, Row, WrittenRows } from '../src/services/sync/rewarders/types.ts';
import { NeedsInteractivePush } from '../src/services/sync/write-sink.ts';

/** The economy's pure middle: quests, the daily streak and purchases from given facts, no database. */
const rs = (rows: Row[]) => ({ rows }) as unknown as ResultSet;
const written = (tables: Record<string, Record<string, Row>>): WrittenRows => new Map(Object.entries(tables).map(([t, rows]) => [t, new Map(Object.entries(rows))]));
let n = 0;
const acc = (over: Partial<AcceptedEvent>): AcceptedEvent => ({
  id: `e${++n}`,
  event_type: 'journal_entry',
  entity_id: null,
  xp: 10,
  coins: 5,
  skill: null,
  metadata: {},
  created_at: '2026-03-10T12:00:00.000Z',
  local_date: '2026-03-10',
  ...over,
});

describe('quest progress (pure)', () => {
  const quest = (over: Row): Row => ({ id: 'q1', user_id: null, title: 'Q', type: 'daily', event_type: 'journal_entry', target: 2, xp_reward: 50, coin_reward: 25, skill_id: 'charm', ...over });
  const facts = (quests: Row[], progress: Row[] = [], active: string[] = []): QuestFacts => questFactsFrom([rs(quests), rs(active.map((d) => ({ local_date: d }))), rs(progress)]);

  it('counts events of the quest’s type on from the stored row and completes it with one quest_complete event', () => {
    const f = facts([quest({})], [{ id: 'qp_u_q1_2026-03-10', user_id: 'u', quest_id: 'q1', current_count: 1, completed: 0, completed_at: null, last_reset: '2026-03-10', period_key: '2026-03-10' }]);
    const out = advanceQuestProgress('u', f, [acc({}), acc({})], new Set());
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0]).toMatchObject({ id: 'qp_u_q1_2026-03-10', current_count: 2, completed: 1, completed_at: '2026-03-10T12:00:00.000Z' });
    expect(out.completions).toEqual([expect.objectContaining({ id: 'qc_u_q1_2026-03-10', event_type: 'quest_complete', entity_id: 'q1', xp: 50, coins: 25, local_date: '2026-03-10' })]);
  });

  it('counts an active day once: not a day active before the push, nor twice in one push (across steps)', () => {
    const f = facts([quest({ id: 'qa', type: 'weekly', event_type: 'active_day', target: 5 })], [], ['2026-03-09']);
    const days = new Set<string>();
    const first = advanceQuestProgress('u', f, [acc({ local_date: '2026-03-09' }), acc({}), acc({})], days);
    expect(first.rows[0].current_count).toBe(1);
    // a second step of the same push: the day is already counted
    expect(advanceQuestProgress('u', f, [acc({})], days).rows).toEqual([]);
    // an event that earned nothing is no active day
    expect(advanceQuestProgress('u', f, [acc({ local_date: '2026-03-11', xp: 0 })], new Set()).rows).toEqual([]);
  });

  it('pays a personal quest at most what POST /api/quests allows, and nothing for a completed row', () => {
    const personal = facts([quest({ user_id: 'u', target: 1, xp_reward: 1e9, coin_reward: 1e9 })]);
    const out = advanceQuestProgress('u', personal, [acc({})], new Set());
    expect(out.completions[0].xp).toBeLessThanOrEqual(100);
    expect(out.completions[0].coins).toBeLessThanOrEqual(50);
    const done = facts([quest({ target: 1 })], [{ id: 'qp_u_q1_2026-03-10', quest_id: 'q1', current_count: 1, completed: 1 }]);
    expect(advanceQuestProgress('u', done, [acc({})], new Set())).toEqual({ rows: [], completions: [] });
  });
});

describe('the daily streak (pure)', () => {
  const stored = (last: string, runs: unknown[], shields = 0): Row => ({ shields, last_active_date: last, history: JSON.stringify(runs) });
  const facts = (over: Partial<StreakFacts>): StreakFacts => ({ storedDaily: undefined, activeAfterStored: 0, latestShield: null, strays: [], ...over });

  it('carries the stored streak on to the push’s later days', () => {
    const f = facts({ storedDaily: stored('2026-03-09', [{ start: '2026-02-28', end: '2026-03-09', length: 10 }]) });
    expect(carryDailyStreak(f, [acc({})], '2026-03-10')).toMatchObject({ current: 11, best: 11, lastActiveDate: '2026-03-10' });
  });

  it.each([
    ['no stored streak', facts({})],
    ['a late day before the stored last day', facts({ storedDaily: stored('2026-03-12', [{ start: '2026-03-12', end: '2026-03-12', length: 1 }]) })],
    ['rewarded events after the stored last day it does not account for', facts({ storedDaily: stored('2026-03-09', [{ start: '2026-03-09', end: '2026-03-09', length: 1 }]), activeAfterStored: 1 })],
    ['runs that are not runs of dates', facts({ storedDaily: stored('2026-03-09', [{ start: 'long ago', end: '2026-03-09', length: 40 }]) })],
    ['a shield bought after the stored last day', facts({ storedDaily: stored('2026-03-08', [{ start: '2026-03-08', end: '2026-03-08', length: 1 }]), latestShield: '2026-03-09' })],
  ])('walks every day (null) for %s', (_what, f) => {
    expect(carryDailyStreak(f, [acc({})], '2026-03-12')).toBeNull();
  });

  it('walks a shield purchase of the push every day', () => {
    const f = facts({ storedDaily: stored('2026-03-09', [{ start: '2026-03-09', end: '2026-03-09', length: 1 }]) });
    expect(carryDailyStreak(f, [acc({}), acc({ event_type: 'reward_purchase', xp: 0, coins: -150, metadata: { kind: 'streak_shield' } })], '2026-03-10')).toBeNull();
  });

  it('walks the days read before the push with its own added, as a walk over all of them', () => {
    const walk = { dates: ['2026-03-01', '2026-03-02', '2026-03-04'], grants: [{ date: '2026-03-02', count: 1 }] };
    const mine = [acc({ local_date: '2026-03-03' }), acc({ local_date: '2026-03-05' }), acc({ local_date: '2026-03-05', event_type: 'reward_purchase', xp: 0, metadata: { kind: 'streak_shield' } })];
    const all = computeDailyStreak(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'], [{ date: '2026-03-02', count: 1 }, { date: '2026-03-05', count: 1 }], '2026-03-05');
    expect(walkDailyStreak(walk, mine, '2026-03-05')).toEqual(all);
    // shields held on a day: grants up to it (the push's own shield counts from its day)
    expect(shieldsHeldOn(walk, mine, '2026-03-04')).toBe(1);
    expect(shieldsHeldOn(walk, mine, '2026-03-05')).toBe(2);
  });

  it('takes the walk from the read only when the read said it was needed', () => {
    const carry = [rs([]), rs([{ n: 0 }]), rs([{ d: null }]), rs([])];
    expect(streakFactsFrom(carry).walk).toBeUndefined();
    expect(streakFactsFrom([...carry, rs([{ need: 0 }]), rs([]), rs([])]).walk).toBeUndefined();
    expect(streakFactsFrom([...carry, rs([{ need: 1 }]), rs([{ local_date: '2026-03-01' }]), rs([{ date: '2026-03-01', count: 2 }])]).walk).toEqual({ dates: ['2026-03-01'], grants: [{ date: '2026-03-01', count: 2 }] });
  });

  it('expects a push’s events on the days they name, else from the day before their UTC day, and the rewarders’ days', () => {
    const now = Date.parse('2026-03-10T20:00:00.000Z');
    const ev = (over: Partial<PlacedEvent>) => ({ id: 'x', event_type: 'journal_entry', created_at: '2026-03-10T19:00:00.000Z', ...over });
    expect(earliestPaidDay([ev({ local_date: '2026-03-10' })], now, [])).toBe('2026-03-09');
    expect(earliestPaidDay([ev({ local_date: '2026-03-02' })], now, [])).toBe('2026-03-02');
    expect(earliestPaidDay([ev({ created_at: '2026-03-05T01:00:00.000Z' })], now, [])).toBe('2026-03-04');
    expect(earliestPaidDay([ev({ local_date: '2026-03-10' })], now, ['2026-02-20'])).toBe('2026-02-20');
  });
});

describe('reward_purchase and reward_redeem rewarders', () => {
  const e: PlacedEvent = { id: 'e1', event_type: 'reward_purchase', entity_id: 'p1', created_at: '2026-03-10T12:00:00.000Z', local_date: '2026-03-10' };
  const q = (w: WrittenRows = new Map()) => ({ userId: 'u', events: [e], written: w });
  const ledger = (coins: number, shields = 0): LedgerView => ({ coins, heldShieldsOn: () => shields });
  const ctx = (l: LedgerView) => ({ userId: 'u', today: () => ({ count: 0, xp: 0 }), ledger: l });
  const shield: Row = { id: 'r_streak_shield', user_id: null, name: 'Streak Shield', cost: 150, kind: 'streak_shield', is_active: 1, asked_id: 'r_streak_shield' };
  const factsFor = (reward: Row | null, w: WrittenRows = written({ reward_purchases: { p1: { reward_id: String(reward?.id ?? 'r_gone') } } })) =>
    rewardPurchase.facts([rs([]), rs([reward ?? { id: null, asked_id: 'r_gone' }])], q(w));

  it('reads the push’s own purchase rows’ rewards, and the stored purchases’', () => {
    const [purchases, rewards] = rewardPurchase.reads(q(written({ reward_purchases: { p1: { reward_id: 'r_snack_run' } } }))) as Array<{ sql: string; args: unknown[] }>;
    expect(purchases.args).toEqual(['u', 'p1']);
    expect(rewards.args).toEqual([JSON.stringify(['r_snack_run']), 'u', 'p1']);
  });

  it('buys a global streak shield with the running balance, and says what was bought', () => {
    const f = factsFor(shield);
    const out = rewardPurchase.reward(e, rewardPurchase.entity(f, 'p1'), f, ctx(ledger(200)));
    expect(out.result).toMatchObject({ coins: -150 });
    expect(out.meta).toEqual({ reward_name: 'Streak Shield', kind: 'streak_shield' });
  });

  it.each([
    ['insufficient coins, naming the reward and the balance', shield, ledger(100), 'insufficient_coins', /Not enough coins for Streak Shield: it costs 150, the balance is 100/],
    ['a fourth shield', shield, ledger(1000, 3), 'shield_cap', /3 streak shields/],
    ['another person’s reward', { id: 'r_x', user_id: 'someone', name: 'X', cost: 1, is_active: 1, asked_id: 'r_x' }, ledger(1000), 'unknown_entity', /not available/],
    ['an inactive reward', { ...shield, is_active: 0 }, ledger(1000), 'unknown_entity', /not available/],
    ['a reward that is not there', null, ledger(1000), 'unknown_entity', /not available/],
  ] as const)('refuses %s (and the purchase row is removed)', (_what, reward, l, code, message) => {
    const f = factsFor(reward as Row | null);
    const out = rewardPurchase.reward(e, rewardPurchase.entity(f, 'p1'), f, ctx(l));
    expect(out.result).toMatchObject({ rejected: code, message: expect.stringMatching(message) });
    expect(rewardPurchase.removesRefused).toBe(true);
  });

  it('buys a personal reward as a plain reward, whatever kind its row says, with the push’s own change to its cost', () => {
    const mine: Row = { id: 'r_mine', user_id: 'u', name: 'Mine', cost: 40, kind: 'streak_shield', is_active: 1, asked_id: 'r_mine' };
    const f = factsFor(mine, written({ reward_purchases: { p1: { reward_id: 'r_mine' } }, rewards: { r_mine: { cost: 20 } } }));
    const out = rewardPurchase.reward(e, rewardPurchase.entity(f, 'p1'), f, ctx(ledger(20)));
    expect(out.result).toMatchObject({ coins: -20 });
    expect(out.meta).toMatchObject({ kind: 'reward' });
  });

  it('ignores the push’s writes to a reward that is not the person’s own', () => {
    const f = factsFor(shield, written({ reward_purchases: { p1: { reward_id: 'r_streak_shield' } }, rewards: { r_streak_shield: { cost: 0 } } }));
    expect(f.rewards.get('r_streak_shield')?.cost).toBe(150);
  });

  it('leaves to the interactive push a purchase of a reward the same push makes, or one the read did not ask for', () => {
    expect(() => rewardPurchase.facts([rs([]), rs([{ id: null, asked_id: 'r_new' }])], q(written({ reward_purchases: { p1: { reward_id: 'r_new' } }, rewards: { r_new: { name: 'New', cost: 1 } } })))).toThrow(NeedsInteractivePush);
    expect(() => rewardPurchase.facts([rs([{ id: 'p1', user_id: 'u', reward_id: 'r_other' }]), rs([])], q())).toThrow(NeedsInteractivePush);
  });

  it('redeems the person’s own purchase for nothing', () => {
    const f = rewardRedeem.facts([rs([{ id: 'p1', reward_id: 'r_snack_run' }])], { userId: 'u', events: [], written: new Map() });
    expect(rewardRedeem.entity(f, 'p1')).toBeTruthy();
    expect(rewardRedeem.entity(f, 'p2')).toBeUndefined();
    expect(rewardRedeem.reward({ ...e, event_type: 'reward_redeem' }, f.get('p1'), f, ctx(ledger(0))).result).toEqual({ xp: 0, coins: 0, skill: null });
  });

  it('are in the registry under their types', () => {
    expect(REWARDERS.reward_purchase).toBe(rewardPurchase);
    expect(REWARDERS.reward_redeem).toBe(rewardRedeem);
  });
});
