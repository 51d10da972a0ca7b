import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { ensureSharedContent } from '../../db/seed-shared.ts';
import { loadEconomy } from '../../sync/progress.ts';
import { commit, newId, todayLocal } from '../../sync/outbox.ts';
import { isPersonalQuest, questStates } from '../../sync/quest-state.ts';
import { isPersonalReward } from '../market/index.ts';
import { UNIVERSAL_QUESTS, GLOBAL_REWARDS } from '@ignition/shared/shared-content.ts';

const quest = (over: Record<string, unknown>) => ({ id: 'q', title: 'Q', type: 'daily', event_type: 'journal_entry', target: 2, xp_reward: 40, coin_reward: 20, skill_id: 'charm', is_active: true, ...over });
const ev = (event_type: string, local_date: string, xp = 10, created_at = `${local_date}T10:00:00Z`) => ({ event_type, local_date, xp_earned: xp, created_at });

describe('optimistic quest progress', () => {
  it('adds unconfirmed events to the server’s count and completes at the target', () => {
    const s = questStates([quest({})], [{ id: 'p', quest_id: 'q', period_key: '2026-11-26', current_count: 1, completed: 0 }], [ev('journal_entry', '2026-11-26')], new Set(), '2026-11-26');
    expect(s.current[0]).toMatchObject({ count: 2, target: 2, completed: true, optimistic: true });
    expect(s.optimisticCompletions).toHaveLength(1);
  });

  it('does not complete a quest twice when the server already granted it', () => {
    const s = questStates([quest({ target: 1 })], [{ id: 'p', quest_id: 'q', period_key: '2026-11-26', current_count: 1, completed: 1 }], [ev('journal_entry', '2026-11-26')], new Set(), '2026-11-26');
    expect(s.current[0]).toMatchObject({ completed: true, optimistic: false });
    expect(s.optimisticCompletions).toEqual([]);
  });

  it('resets a daily quest on the next local day and a weekly one on Monday', () => {
    const quests = [quest({ id: 'd', target: 1 }), quest({ id: 'w', type: 'weekly', target: 2 })];
    // Sunday 2026-11-29 and Monday 2026-11-30
    const s = questStates(quests, [], [ev('journal_entry', '2026-11-29')], new Set(), '2026-11-30');
    expect(s.current.find((q) => q.quest.id === 'd')).toMatchObject({ count: 0, completed: false, periodKey: '2026-11-30' });
    expect(s.current.find((q) => q.quest.id === 'w')).toMatchObject({ count: 0, periodKey: '2026-11-30' });
    // the Sunday completion still counts toward the economy
    expect(s.optimisticCompletions.map((q) => q.quest.id)).toEqual(['d']);
  });

  it('counts active days once each, skipping days the server already knows', () => {
    const q = quest({ id: 'c', type: 'weekly', event_type: 'active_day', target: 5 });
    const s = questStates([q], [], [ev('journal_entry', '2026-11-24'), ev('focus_complete', '2026-11-24'), ev('journal_entry', '2026-11-25'), ev('journal_entry', '2026-11-26', 0)], new Set(['2026-11-25']), '2026-11-26');
    expect(s.current[0].count).toBe(1);
  });

  it('ignores archived quests', () => {
    expect(questStates([quest({ is_active: 0 })], [], [ev('journal_entry', '2026-11-26')], new Set(), '2026-11-26').current).toEqual([]);
  });
});

describe('a fresh install', () => {
  let db: IgnitionDb;
  beforeAll(async () => {
    db = openIgnitionDb(`seed-shared-${newId()}`);
    await db.open();
  });
  afterAll(() => db.close());

  it('has the universal quests, global rewards and skills, and seeding twice changes nothing', async () => {
    await ensureSharedContent(db);
    await db.rewards.update('r_fancy_coffee', { cost: 55 }); // as a pull of an admin edit would
    await ensureSharedContent(db);
    expect((await db.quests.toArray()).map((q) => q.id).sort()).toEqual(UNIVERSAL_QUESTS.map((q) => q.id).sort());
    expect(await db.rewards.count()).toBe(GLOBAL_REWARDS.length);
    expect((await db.rewards.get('r_fancy_coffee'))?.cost).toBe(55);
    expect(await db.skill_definitions.count()).toBe(5);
    expect(await db.outbox_changes.count()).toBe(0);
  });

  it('tells the person’s own quests and rewards from everyone’s by their flags (pulled rows carry no user_id)', async () => {
    await ensureSharedContent(db);
    const quest = newId();
    const reward = newId();
    await commit([{ table: 'quests', id: quest, fields: { title: 'Mine', type: 'daily', event_type: 'journal_entry', target: 1, is_universal: false, is_active: true } }], [], db);
    await commit([{ table: 'rewards', id: reward, fields: { name: 'Mine', cost: 10, kind: 'reward', is_global: false, is_active: true } }], [], db);
    // As a pull brings them: no user_id, flags as 0/1.
    await db.quests.update('q_deep_focus', { is_universal: 1 });
    const states = (await loadEconomy(db)).quests;
    expect(states.filter((q) => q.personal).map((q) => q.quest.id)).toEqual([quest]);
    expect((await db.rewards.toArray()).filter(isPersonalReward).map((r) => r.id)).toEqual([reward]);
    expect(isPersonalQuest((await db.quests.get(quest))!)).toBe(true);
    expect(isPersonalQuest((await db.quests.get('q_deep_focus'))!)).toBe(false);
  });

  it('shows an offline quest completion and a purchase in the economy at once', async () => {
    const journal = newId();
    const today = todayLocal();
    await commit([{ table: 'journal_entries', id: journal, fields: { date: today, content: 'hi' } }], [{ event_type: 'journal_entry', entity_id: journal, xp: 10, coins: 5, skill_id: 'charm' }], db);
    const personal = newId();
    await commit([{ table: 'quests', id: personal, fields: { title: 'Write', type: 'daily', event_type: 'journal_entry', target: 1, xp_reward: 40, coin_reward: 30, skill_id: 'charm', is_active: true } }], [], db);
    let e = await loadEconomy(db);
    // local-only use: the journal counts, and so does the quest it completes
    expect(e).toMatchObject({ totalXp: 50, coins: 35 });
    expect(e.quests.find((q) => q.quest.id === personal)).toMatchObject({ completed: true, optimistic: true });
    const purchase = newId();
    await commit([{ table: 'reward_purchases', id: purchase, fields: { reward_id: 'r_snack_run', cost: 30 } }], [{ event_type: 'reward_purchase', entity_id: purchase, coins: -30 }], db);
    e = await loadEconomy(db);
    expect(e.coins).toBe(5);
    // the server refuses it: the event carries no effect any more, the balance rolls back
    await db.activity_events.filter((x) => x.entity_id === purchase).modify({ sync_status: 'rejected', coins_earned: 0 });
    expect((await loadEconomy(db)).coins).toBe(35);
  });
});
