import type { Client } from '@libsql/client';
import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import { localDate } from '@ignition/shared/dates.ts';
import { rowId, type PushResponse } from '@ignition/shared/sync/protocol.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { changeRefused, throwIfChangeRefused } from './rest-write.ts';
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { rewardPurchases, rewards } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

export const marketAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('buy'), reward_id: rowId }),
  z.strictObject({ action: z.literal('redeem'), purchase_id: rowId }),
]);

const bool = (v: unknown) => !!Number(v);
/** A reward this user may buy: active, and global or their own. */
const buyable = (userId: string) => and(eq(rewards.is_active, 1), or(isNull(rewards.user_id), eq(rewards.user_id, userId)));

/** Rewards the user may buy (global and their own, active) and their purchases, newest first. */
export async function listMarket(db: Client, userId: string) {
  const available = await orm(db).select().from(rewards).where(buyable(userId)).orderBy(rewards.cost, rewards.name);
  const bought = await orm(db)
    .select({ purchase: rewardPurchases, reward_name: rewards.name })
    .from(rewardPurchases)
    .leftJoin(rewards, eq(rewards.id, rewardPurchases.reward_id))
    .where(eq(rewardPurchases.user_id, userId))
    .orderBy(desc(rewardPurchases.purchased_at));
  return {
    rewards: available.map((r) => ({ id: r.id, name: r.name, description: r.description ?? null, cost: r.cost, kind: r.kind ?? 'reward', personal: r.user_id != null })),
    purchases: bought.map(({ purchase: p, reward_name }) => ({ id: p.id, reward_id: p.reward_id, name: reward_name ?? null, cost: p.cost ?? 0, purchased_at: p.purchased_at ?? null, redeemed: bool(p.redeemed), redeemed_at: p.redeemed_at ?? null })),
  };
}

/** A refused purchase or redemption is answered with a 4xx, so nothing of it is kept (no tombstone, no rejection record). */
const refused = (r: PushResponse) => r.rejected.length > 0 || changeRefused(r);

/**
 * A purchase is the same row + event a device pushes; the reconciliation checks the
 * authoritative balance and refuses (removing the row) when it is short.
 */
export async function buy(deps: AppDeps, user: Asker, rewardId: string) {
  const userId = user.id;
  const [reward] = await orm(deps.db).select().from(rewards).where(and(eq(rewards.id, rewardId), buyable(userId)));
  if (!reward) throw new ApiError(404, 'not_found', 'No such reward');
  const now = clockOf(deps);
  const id = uuidv7();
  const r = await pushForUser(deps, { id: userId }, {
    changes: [{ table: 'reward_purchases', id, op: 'upsert', hlc: serverHlc(), fields: { reward_id: rewardId, cost: reward.cost, redeemed: false, redeemed_at: null, purchased_at: now.toISOString() } }],
    events: [{ id: uuidv7(), event_type: 'reward_purchase', entity_id: id, created_at: now.toISOString(), local_date: localDate(now, user.timezone) }],
  }, { rollbackIf: refused });
  throwIfChangeRefused(r);
  if (r.rejected.length) throw new ApiError(r.rejected[0].code === 'insufficient_coins' || r.rejected[0].code === 'shield_cap' ? 409 : 422, refusalCode(r.rejected[0].code), r.rejected[0].message, { coins: r.progress.coins });
  return { purchase: { id, reward_id: rewardId, name: reward.name, cost: reward.cost, purchased_at: now.toISOString(), redeemed: false, redeemed_at: null }, coins: r.progress.coins, streaks: r.streaks };
}

/** Redeeming is once per purchase; it is recorded with its date. */
export async function redeem(deps: AppDeps, user: Asker, purchaseId: string) {
  const userId = user.id;
  const [p] = await orm(deps.db).select().from(rewardPurchases).where(and(eq(rewardPurchases.id, purchaseId), eq(rewardPurchases.user_id, userId)));
  if (!p) throw new ApiError(404, 'not_found', 'No such purchase of yours');
  if (bool(p.redeemed)) throw new ApiError(409, 'already_redeemed', `Already redeemed on ${String(p.redeemed_at ?? '').slice(0, 10)}`);
  const now = clockOf(deps);
  const r = await pushForUser(deps, { id: userId }, {
    changes: [{ table: 'reward_purchases', id: purchaseId, op: 'upsert', hlc: serverHlc(), fields: { redeemed: true, redeemed_at: now.toISOString() } }],
    events: [{ id: uuidv7(), event_type: 'reward_redeem', entity_id: purchaseId, created_at: now.toISOString(), local_date: localDate(now, user.timezone) }],
  }, { rollbackIf: refused });
  throwIfChangeRefused(r);
  if (r.rejected.length) throw new ApiError(409, refusalCode(r.rejected[0].code), r.rejected[0].message);
  return { purchase: { id: purchaseId, reward_id: p.reward_id, cost: Number(p.cost ?? 0), redeemed: true, redeemed_at: now.toISOString() } };
}
