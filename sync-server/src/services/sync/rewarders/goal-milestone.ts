import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface MilestoneFacts {
  milestones: Map<string, Row>;
  /** the person's goals the milestones belong to: id and skill */
  goals: Map<string, Row>;
}

const milestoneIds = (q: RewardQuery) => entityIdsOf(q.events);

/**
 * A reached goal milestone: the milestone must be of one of the person's goals (milestones are
 * owned through their goal), completed as the server's row says; paid once, in the goal's skill.
 */
export const goalMilestone: Rewarder<MilestoneFacts> = {
  type: 'goal_milestone',
  // Owned through its goal: `reward` answers an unknown milestone itself.
  entityTable: null,
  tables: ['goal_milestones', 'goals'],
  oncePerEntity: true,
  reads(q) {
    const ids = milestoneIds(q);
    if (ids.length === 0) return [];
    const written = q.written.get('goal_milestones');
    const writtenGoals = [...new Set(ids.flatMap((id) => (typeof written?.get(id)?.goal_id === 'string' ? [written.get(id)!.goal_id as string] : [])))];
    return [
      { sql: `SELECT m.* FROM goal_milestones m JOIN goals g ON g.id = m.goal_id WHERE g.user_id = ? AND m.id IN (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      {
        sql: `SELECT id, skill_id FROM goals WHERE +user_id = ? AND id IN (SELECT goal_id FROM goal_milestones WHERE id IN (${placeholders(ids.length)}) UNION SELECT value FROM json_each(?))`,
        args: [q.userId, ...ids, JSON.stringify(writtenGoals)],
      },
    ];
  },
  facts(results, q) {
    const goals = overlayTable(q, 'goals', rowsOf(results[1]));
    const milestones = new Map<string, Row>();
    // A milestone counts only under a goal of the person's (stored, or written by this push).
    for (const [id, m] of overlayTable(q, 'goal_milestones', rowsOf(results[0]))) {
      const goal = goals.get(String(m.goal_id));
      if (goal) milestones.set(id, { ...m, goal_skill: goal.skill_id ?? null });
    }
    return { milestones, goals };
  },
  entity: (f, id) => f.milestones.get(id),
  reward(e, _row, f) {
    const m = e.entity_id ? f.milestones.get(e.entity_id) : undefined;
    if (!m) return { result: { rejected: 'unknown_entity', message: `Milestone ${e.entity_id ?? '(none)'} does not exist for this account` } };
    return {
      result: m.completed
        ? computeReward({ type: 'goal_milestone', alreadyRewarded: false, skill: m.goal_skill == null ? null : String(m.goal_skill) })
        : { rejected: 'not_completed', message: 'The milestone is not completed' },
    };
  },
};
