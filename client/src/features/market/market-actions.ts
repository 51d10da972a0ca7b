import { db, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal } from '../../sync/outbox.ts';
import { STREAK_SHIELD_KIND } from '@ignition/shared/shared-content.ts';
import { truthy } from '../../sync/quest-state.ts';
import { rewardKind } from '@ignition/shared/rules/rewards.ts';
import { MAX_SHIELDS } from '@ignition/shared/rules/streaks.ts';

/**
 * A purchase is a `reward_purchases` row plus a `reward_purchase` event spending the coins.
 * Offline it counts against the optimistic balance; the server accepts it only if its own
 * balance covers the cost, else it removes the row and the event's effect disappears.
 */
export async function buyReward(reward: Row): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  const cost = Number(reward.cost ?? 0);
  await commit(
    [{ table: 'reward_purchases', id, fields: { reward_id: reward.id, cost, redeemed: false, redeemed_at: null, purchased_at: now } }],
    [{ event_type: 'reward_purchase', entity_id: id, xp: 0, coins: -cost, metadata: { reward_name: reward.name, kind: reward.kind ?? 'reward' }, created_at: now }],
  );
  return id;
}

export async function redeemPurchase(purchase: Row, rewardName: string) {
  const now = new Date().toISOString();
  await commit(
    [{ table: 'reward_purchases', id: purchase.id, fields: { redeemed: true, redeemed_at: now } }],
    [{ event_type: 'reward_redeem', entity_id: purchase.id, xp: 0, coins: 0, metadata: { reward_name: rewardName }, created_at: now, local_date: todayLocal() }],
  );
}

export async function saveReward(fields: { id?: string; name: string; cost: number; description: string }) {
  const id = fields.id ?? newId();
  const base = fields.id ? {} : { kind: 'reward' as const, is_global: false, is_active: true, created_at: new Date().toISOString() };
  await commit([{ table: 'rewards', id, fields: { ...base, name: fields.name.trim(), cost: fields.cost, description: fields.description.trim() } }]);
  return id;
}

export async function setRewardActive(id: string, active: boolean) {
  await commit([{ table: 'rewards', id, fields: { is_active: active } }]);
}

/** Only a global (admin) reward can be a streak shield (GAME-RULES.md, Market); a personal one is a plain reward. */
export const isShield = (reward: Row | undefined) => !!reward && rewardKind({ kind: reward.kind as string | null, global: truthy(reward.is_global) }) === STREAK_SHIELD_KIND;

/**
 * A reward of the person's own. Pulled rows carry no `user_id` (the server keeps it private), so
 * the flag tells: everyone's rewards come with `is_global` set, by seed or admin.
 */
export const isPersonalReward = (reward: Row) => !truthy(reward.is_global);

/** Why a reward cannot be bought now, or null when it can. */
export function cannotBuy(reward: Row, coins: number, shields: number): string | null {
  const cost = Number(reward.cost ?? 0);
  if (isShield(reward) && shields >= MAX_SHIELDS) return `You already hold ${MAX_SHIELDS} shields, the most you can hold`;
  if (coins < cost) return `${cost - coins} more coins needed`;
  return null;
}

export async function purchaseEvents() {
  return db.activity_events.where('event_type').anyOf('reward_purchase', 'reward_redeem').toArray();
}
