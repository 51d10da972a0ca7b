import { ownedRowsSql } from '../facts.ts';
import { entityIdsOf, dropCascaded, overlayTable, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

/** A bought reward used: once per purchase, of the user's own purchase row; it pays nothing. */
export const rewardRedeem: Rewarder<Map<string, Row>> = {
  type: 'reward_redeem',
  entityTable: 'reward_purchases',
  tables: ['reward_purchases', 'rewards'],
  oncePerEntity: true,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length ? [{ sql: `${ownedRowsSql('reward_purchases', 'id, reward_id')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] }] : [];
  },
  facts: (results, q) => dropCascaded(overlayTable(q, 'reward_purchases', rowsOf(results[0])), q, 'reward_id', 'rewards'),
  entity: (purchases, id) => purchases.get(id),
  reward() {
    return { result: { xp: 0, coins: 0, skill: null } };
  },
};
