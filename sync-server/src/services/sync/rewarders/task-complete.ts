import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

/**
 * A done to-do (issue 23): the event names the person's own task (pushed in the same or an earlier
 * push); it pays once per task ever (so undoing and redoing it, or a second device completing it
 * too, earns nothing more) and at most TASK_DAILY_CAP a local day, only when the server's row says
 * the task is done and not archived.
 */
export const taskComplete: Rewarder<Map<string, Row>> = {
  type: 'task_complete',
  entityTable: 'tasks',
  tables: ['tasks'],
  oncePerEntity: true,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length ? [{ sql: `${ownedRowsSql('tasks', 'id, completed_at, archived')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] }] : [];
  },
  facts: (results, q) => overlayTable(q, 'tasks', rowsOf(results[0])),
  entity: (tasks, id) => tasks.get(id),
  reward(e, row, _tasks, ctx) {
    const completed = typeof row!.completed_at === 'string' && row!.completed_at !== '' && !Number(row!.archived ?? 0);
    return { result: computeReward({ type: 'task_complete', completed, alreadyRewarded: false, rewardedToday: ctx.today('task_complete', e.local_date).count }) };
  },
};
