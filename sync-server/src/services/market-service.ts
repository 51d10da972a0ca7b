import type { Client } from '@libsql/client';
import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import { localDate } from '../../../shared-schema/src/dates.ts';
import { rowId, type PushResponse } from '../../../shared-schema/src/sync/protocol.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { changeRefused, throwIfChangeRefused } from './rest-write.ts';

export const marketAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('buy'), reward_id: rowId }),
  z.strictObject({ action: z.literal('redeem'), purchase_id: rowId }),
]);

const bool = (v: unknown) => !!Number(v);

/** Rewards the user may buy (global and their own, active) and their purchases, newest first. */
export async function listMarket(db: Client, userId: string) {
  const rewards = (
    await db.execute({ sql: 'SELECT * FROM rewards WHERE is_active = 1 AND (user_id IS NULL OR user_id = ?) ORDER BY cost, name', args: [userId] })
  ).rows.map((r) => ({ id: String(r.id), name: String(r.name), description: r.description ?? null, cost: Number(r.cost), kind: String(r.kind ?? 'reward'), personal: r.user_id != null }));
  const purchases = (
    await db.execute({
      sql: 'SELECT p.*, r.name AS reward_name FROM reward_purchases p LEFT JOIN rewards r ON r.id = p.reward_id WHERE p.user_id = ? ORDER BY p.purchased_at DESC',
      args: [userId],
    })
  ).rows.map((p) => ({ id: String(p.id), reward_id: String(p.reward_id), name: p.reward_name ?? null, cost: Number(p.cost ?? 0), purchased_at: p.purchased_at ?? null, redeemed: bool(p.redeemed), redeemed_at: p.redeemed_at ?? null }));
  return { rewards, purchases };
}

/** A refused purchase or redemption is answered with a 4xx, so nothing of it is kept (no tombstone, no rejection record). */
const refused = (r: PushResponse) => r.rejected.length > 0 || changeRefused(r);

/**
 * A purchase is the same row + event a device pushes; the reconciliation checks the
 * authoritative balance and refuses (removing the row) when it is short.
 */
export async function buy(deps: AppDeps, user: Asker, rewardId: string) {
  const userId = user.id;
  const reward = (await deps.db.execute({ sql: 'SELECT * FROM rewards WHERE id = ? AND is_active = 1 AND (user_id IS NULL OR user_id = ?)', args: [rewardId, userId] })).rows[0];
  if (!reward) throw new ApiError(404, 'not_found', 'No such reward');
  const now = clockOf(deps);
  const id = uuidv7();
  const r = await pushForUser(deps, { id: userId }, {
    changes: [{ table: 'reward_purchases', id, op: 'upsert', hlc: serverHlc(), fields: { reward_id: rewardId, cost: Number(reward.cost), redeemed: false, redeemed_at: null, purchased_at: now.toISOString() } }],
    events: [{ id: uuidv7(), event_type: 'reward_purchase', entity_id: id, created_at: now.toISOString(), local_date: localDate(now, user.timezone) }],
  }, { rollbackIf: refused });
  throwIfChangeRefused(r);
  if (r.rejected.length) throw new ApiError(r.rejected[0].code === 'insufficient_coins' || r.rejected[0].code === 'shield_cap' ? 409 : 422, refusalCode(r.rejected[0].code), r.rejected[0].message, { coins: r.progress.coins });
  return { purchase: { id, reward_id: rewardId, name: String(reward.name), cost: Number(reward.cost), purchased_at: now.toISOString(), redeemed: false, redeemed_at: null }, coins: r.progress.coins, streaks: r.streaks };
}

/** Redeeming is once per purchase; it is recorded with its date. */
export async function redeem(deps: AppDeps, user: Asker, purchaseId: string) {
  const userId = user.id;
  const p = (await deps.db.execute({ sql: 'SELECT * FROM reward_purchases WHERE id = ? AND user_id = ?', args: [purchaseId, userId] })).rows[0];
  if (!p) throw new ApiError(404, 'not_found', 'No such purchase of yours');
  if (bool(p.redeemed)) throw new ApiError(409, 'already_redeemed', `Already redeemed on ${String(p.redeemed_at ?? '').slice(0, 10)}`);
  const now = clockOf(deps);
  const r = await pushForUser(deps, { id: userId }, {
    changes: [{ table: 'reward_purchases', id: purchaseId, op: 'upsert', hlc: serverHlc(), fields: { redeemed: true, redeemed_at: now.toISOString() } }],
    events: [{ id: uuidv7(), event_type: 'reward_redeem', entity_id: purchaseId, created_at: now.toISOString(), local_date: localDate(now, user.timezone) }],
  }, { rollbackIf: refused });
  throwIfChangeRefused(r);
  if (r.rejected.length) throw new ApiError(409, refusalCode(r.rejected[0].code), r.rejected[0].message);
  return { purchase: { id: purchaseId, reward_id: String(p.reward_id), cost: Number(p.cost ?? 0), redeemed: true, redeemed_at: now.toISOString() } };
}
