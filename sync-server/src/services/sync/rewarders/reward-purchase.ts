import { computeReward, rewardKind } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import { entityIdsOf, dropCascaded, overlayTable, placeholders, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface PurchaseFacts {
  /** the user's purchases the events name, with this push's writes laid over */
  purchases: Map<string, Row>;
  /** the rewards they buy, by id (anyone's: the owner is checked), with this push's writes to the user's own laid over */
  rewards: Map<string, Row>;
}

const purchaseIds = (q: RewardQuery) => entityIdsOf(q.events);

/** The rewards the push's own purchase rows name (read before they are written). */
const writtenRewardIds = (q: RewardQuery, ids: readonly string[]) => {
  const written = q.written.get('reward_purchases');
  return [...new Set(ids.flatMap((id) => (typeof written?.get(id)?.reward_id === 'string' ? [String(written.get(id)!.reward_id)] : [])))];
};

/**
 * A reward bought with coins. It names the user's own purchase row, which names a reward that is
 * the user's own or a global one and active; it is checked against the running balance (with the
 * quests the push's earlier events completed: an offline day, earn then buy) and, for a streak
 * shield, against the shields held on its day (the walk of every day, read up front). A refused
 * purchase's row is removed everywhere (`removesRefused`), so no device keeps a reward had for
 * nothing.
 */
export const rewardPurchase: Rewarder<PurchaseFacts> = {
  type: 'reward_purchase',
  entityTable: 'reward_purchases',
  oncePerEntity: true,
  tables: ['reward_purchases', 'rewards'],
  spends: true,
  removesRefused: true,
  reads(q) {
    const ids = purchaseIds(q);
    if (ids.length === 0) return [];
    const asked = JSON.stringify(writtenRewardIds(q, ids));
    return [
      { sql: `${ownedRowsSql('reward_purchases')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      {
        // Every reward asked for, found or not (`asked_id`): the stored purchases' and this push's.
        sql: `SELECT r.*, j.value AS asked_id FROM (SELECT value FROM json_each(?) UNION SELECT reward_id FROM reward_purchases WHERE +user_id = ? AND id IN (${placeholders(ids.length)})) j LEFT JOIN rewards r ON r.id = j.value`,
        args: [asked, q.userId, ...ids],
      },
    ];
  },
  facts(results, q) {
    // A deleted reward takes its purchases with it (ON DELETE CASCADE, no tombstone of their own).
    const purchases = dropCascaded(overlayTable(q, 'reward_purchases', rowsOf(results[0])), q, 'reward_id', 'rewards');
    const read = rowsOf(results[1]);
    const asked = new Set(read.map((r) => String(r.asked_id)));
    const rewards = new Map<string, Row>();
    for (const r of read) {
      if (r.id == null) continue;
      const { asked_id: _asked, ...row } = r;
      rewards.set(String(row.id), row);
    }
    // The push's own changes to the user's own rewards (another's, or a global one, it cannot change).
    for (const [id, fields] of q.written.get('rewards') ?? []) {
      const stored = rewards.get(id);
      if (stored && stored.user_id === q.userId) rewards.set(id, { ...stored, ...fields, id });
      else if (!stored && asked.has(id)) throw new NeedsInteractivePush('a purchase of a reward the same push makes');
    }
    for (const gone of q.deleted?.get('rewards') ?? []) rewards.delete(gone);
    for (const p of purchases.values()) if (p.reward_id != null && !asked.has(String(p.reward_id))) throw new NeedsInteractivePush('a purchase of a reward the read did not fetch');
    return { purchases, rewards };
  },
  entity: (f, id) => f.purchases.get(id),
  reward(e, row, f, ctx) {
    const reward = f.rewards.get(String(row!.reward_id));
    if (!reward || !(reward.user_id === ctx.userId || reward.user_id == null) || !reward.is_active) return { result: { rejected: 'unknown_entity', message: 'That reward is not available' } };
    const ledger = ctx.ledger!;
    const global = reward.user_id == null;
    const kind = rewardKind({ kind: reward.kind == null ? null : String(reward.kind), global });
    const result = computeReward({
      type: 'reward_purchase',
      balance: ledger.coins,
      cost: Number(reward.cost),
      kind,
      global,
      shieldsHeld: kind === 'streak_shield' ? ledger.heldShieldsOn(e.local_date) : 0,
    });
    if ('rejected' in result && result.rejected === 'insufficient_coins')
      return { result: { ...result, message: `Not enough coins for ${String(reward.name)}: it costs ${String(reward.cost)}, the balance is ${ledger.coins}` } };
    return { result, meta: { reward_name: reward.name, kind } };
  },
};
