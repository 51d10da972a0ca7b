import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

/** A finished goal: paid once per goal, when the server's row says it is completed. */
export const goalComplete: Rewarder<Map<string, Row>> = {
  type: 'goal_complete',
  entityTable: 'goals',
  tables: ['goals'],
  oncePerEntity: true,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length ? [{ sql: `${ownedRowsSql('goals')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] }] : [];
  },
  facts: (results, q) => overlayTable(q, 'goals', rowsOf(results[0])),
  entity: (goals, id) => goals.get(id),
  reward(_e, row) {
    return {
      result: row!.status === 'completed' ? computeReward({ type: 'goal_complete', alreadyRewarded: false, skill: row!.skill_id as string | null }) : { rejected: 'not_completed', message: 'The goal is not completed' },
    };
  },
};
