import { describe, expect, it } from 'vitest';
import { CONTRACTS, contractError, economyFields, fieldProblem } from './contracts.ts';
import { SYNC_TABLE_NAMES, isClientWritable, tableSpec } from './tables.ts';
import { computeReward, rewardKind } from './rules/rewards.ts';
import { earliestEventMs } from './rules/economy-limits.ts';

describe('the row contracts', () => {
  it('cover exactly the client-writable tables, and the registry takes its columns from them', () => {
    expect(Object.keys(CONTRACTS).sort()).toEqual(SYNC_TABLE_NAMES.filter((t) => isClientWritable(t)).sort());
    for (const [table, c] of Object.entries(CONTRACTS)) expect(Object.fromEntries(Object.entries(c.fields).map(([k, f]) => [k, f.type])), table).toEqual(tableSpec(table)!.columns);
  });

  it.each([
    ['habits', { name: 'Walk', frequency: 'daily', target_count: 1, xp_reward: 100, coin_reward: 50, archived: true }],
    ['habits', { description: null, skill_id: 'charm' }],
    ['quests', { title: 'Read', type: 'weekly', event_type: 'active_day', target: 5, xp_reward: 0, coin_reward: 50, is_universal: false, is_active: 1 }],
    ['rewards', { name: 'Coffee', cost: 1, kind: 'reward', is_global: 0 }],
    ['journal_entries', { date: '2026-12-07', content: 'ok', mood: 5, created_at: '2026-12-07T08:00:00.000Z' }],
    ['calendar_events', { start_time: '2026-12-07', end_time: '2026-12-07T09:30:00+01:00', recurrence: 'FREQ=WEEKLY;BYDAY=MO', exdates: ['2026-12-14'] }],
    ['user_feedback', { type: 'bug', title: 'x', status: 'open', priority: 'medium' }],
    ['workout_sets', { weight: 102.5, reps: 5, rpe: 8.5, is_warmup: false }],
  ])('takes a valid %s change %j', (table, fields) => {
    expect(contractError(table, fields)).toBeNull();
  });

  it.each([
    ['habits', { xp_reward: 101 }, 'xp_reward', /from 0 to 100/],
    ['habits', { target_count: 0 }, 'target_count', /from 1 to 100/],
    ['habits', { frequency: 'hourly' }, 'frequency', /one of daily, weekly/],
    ['habits', { name: 7 }, 'name', /text/],
    ['habits', { archived: 'yes' }, 'archived', /true or false/],
    ['quests', { coin_reward: 1e9 }, 'coin_reward', /from 0 to 50/],
    ['quests', { is_universal: true }, 'is_universal', /set by the server/],
    ['quests', { event_type: 'quest_complete' }, 'event_type', /one of/],
    ['rewards', { cost: -1000000 }, 'cost', /from 1 to/],
    ['rewards', { cost: 2.5 }, 'cost', /whole number/],
    ['rewards', { kind: 'streak_shield' }, 'kind', /set by the server/],
    ['rewards', { is_global: true }, 'is_global', /set by the server/],
    ['rewards', { kind: null }, 'kind', /set by the server/],
    ['journal_entries', { date: '1900-13-01' }, 'date', /YYYY-MM-DD/],
    ['journal_entries', { created_at: '+275760-09-12T23:00:00.000Z' }, 'created_at', /ISO-8601/],
    ['daily_plans', { items: 'x'.repeat(50_001) }, 'items', /too large/],
    ['books', { unknown_column: 1 }, 'unknown_column', /not a column/],
    ['user_feedback', { priority: 'critical' }, '', /priority is set by an admin/],
    ['workout_exercises', { reps: '12-8' }, '', /range/],
  ])('refuses %s %j, naming %s', (table, fields, field, reason) => {
    const v = contractError(table, fields);
    expect(v?.field).toBe(field);
    expect(v?.reason).toMatch(reason);
  });

  it('refuses tables clients cannot write', () => {
    expect(contractError('user_progress', { total_xp: 1 })).toEqual({ field: '', reason: 'user_progress cannot be written by clients' });
    expect(contractError('constructor', {})).not.toBeNull();
  });

  it('gives forms their inline errors in the same limits', () => {
    expect(fieldProblem('habits', 'xp_reward', 150, 'XP')).toBe('XP must be a whole number from 0 to 100');
    expect(fieldProblem('rewards', 'cost', 0, 'The price')).toBe('The price must be a whole number from 1 to 1,000,000');
    expect(fieldProblem('quests', 'target', 3, 'The target')).toBeNull();
  });

  it('names the fields the economy reads', () => {
    const paid = economyFields().map((f) => `${f.table}.${f.field}`);
    expect(paid).toEqual(expect.arrayContaining(['quests.xp_reward', 'quests.coin_reward', 'rewards.cost', 'rewards.kind', 'habits.xp_reward', 'habits.target_count', 'journal_entries.date']));
  });
});

describe('economy limits at payout', () => {
  it.each([
    [{ xp_reward: 1e9, coin_reward: 1e9, personal: true }, { xp: 100, coins: 50 }],
    [{ xp_reward: 1e9, coin_reward: 1e9, personal: false }, { xp: 1e9, coins: 1e9 }],
    [{ xp_reward: -50, coin_reward: 2.7, personal: true }, { xp: 0, coins: 2 }],
    [{ xp_reward: 50, coin_reward: 25, personal: true }, { xp: 50, coins: 25 }],
  ])('a quest %j pays %j', (q, pay) => {
    expect(computeReward({ type: 'quest_complete', skill_id: 'charm', ...q })).toMatchObject(pay);
  });

  it.each([
    [{ balance: 0, cost: -1000000 }, 'invalid_reward'],
    [{ balance: 10, cost: 0 }, 'invalid_reward'],
    [{ balance: 10, cost: 2.5 }, 'invalid_reward'],
    [{ balance: 10, cost: 20 }, 'insufficient_coins'],
    [{ balance: 1000, cost: 150, kind: 'streak_shield', global: true, shieldsHeld: 3 }, 'shield_cap'],
    [{ balance: 0, cost: 150, kind: 'streak_shield', global: true, shieldsHeld: 3 }, 'shield_cap'],
  ])('a purchase %j is refused with %s', (p, code) => {
    expect(computeReward({ type: 'reward_purchase', ...p })).toMatchObject({ rejected: code });
  });

  it.each([
    [{ balance: 1000, cost: 150, kind: 'streak_shield', global: true, shieldsHeld: 2 }, -150],
    [{ balance: 5, cost: 5, kind: 'streak_shield', global: false, shieldsHeld: 3 }, -5],
    [{ balance: 30, cost: 30 }, -30],
  ])('a purchase %j costs %i and never adds coins', (p, coins) => {
    expect(computeReward({ type: 'reward_purchase', ...p })).toEqual({ xp: 0, coins, skill: null });
  });

  it('lets only a global reward be a shield', () => {
    expect(rewardKind({ kind: 'streak_shield', global: true })).toBe('streak_shield');
    expect(rewardKind({ kind: 'streak_shield', global: false })).toBe('reward');
    expect(rewardKind({ kind: null, global: true })).toBe('reward');
  });

  it.each([
    [null, '2000-01-01T00:00:00.000Z'],
    ['2026-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z'],
    ['2001-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z'],
    ['not a date', '2000-01-01T00:00:00.000Z'],
  ])('an account made %s pays no event before %s', (created, earliest) => {
    expect(new Date(earliestEventMs(created)).toISOString()).toBe(earliest);
  });
});
