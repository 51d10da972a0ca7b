import { db, type Row } from '../../db/db.ts';
import { commit, newId, type NewEvent } from '../../sync/outbox.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { goalProgress, orderMilestones, type MilestoneLike } from '@ignition/shared/rules/goals.ts';

/** Progress % of a goal: from its milestones unless set by hand (the shared rule). */
export const progressOf = (goal: Row, milestones: Row[]) => goalProgress(goal as { progress?: number; progress_manual?: boolean }, milestones as MilestoneLike[]);
export const ordered = (milestones: Row[]) => orderMilestones(milestones as Array<Row & MilestoneLike>) as Row[];

/** Has this entity already earned this event (here or confirmed by the server)? Rewards are once per milestone and goal. */
async function alreadyRewarded(type: string, entityId: string) {
  // By the event_type index: a person's whole history of events is never read for one goal.
  return (await db.activity_events.where('event_type').equals(type).filter((e) => e.entity_id === entityId && e.sync_status !== 'rejected').count()) > 0;
}

async function rewardEvent(type: 'goal_milestone' | 'goal_complete', entityId: string, skill: string | null): Promise<NewEvent & { xp: number }> {
  const r = computeReward({ type, alreadyRewarded: await alreadyRewarded(type, entityId), skill });
  const xp = 'rejected' in r ? 0 : r.xp;
  return { event_type: type, entity_id: entityId, skill_id: skill ?? 'proficiency', xp, coins: 'rejected' in r ? 0 : r.coins };
}

export async function setMilestoneDone(goal: Row, m: Row, done: boolean): Promise<number> {
  const fields = { completed: done, completed_at: done ? new Date().toISOString() : null };
  if (!done) {
    await commit([{ table: 'goal_milestones', id: m.id, fields }]);
    return 0;
  }
  const ev = await rewardEvent('goal_milestone', m.id, (goal.skill_id as string) ?? null);
  await commit([{ table: 'goal_milestones', id: m.id, fields }], ev.xp ? [ev] : []);
  return ev.xp;
}

export async function setGoalStatus(goal: Row, status: 'active' | 'completed' | 'abandoned'): Promise<number> {
  const fields = { status, updated_at: new Date().toISOString() };
  if (status !== 'completed') {
    await commit([{ table: 'goals', id: goal.id, fields }]);
    return 0;
  }
  const ev = await rewardEvent('goal_complete', goal.id, (goal.skill_id as string) ?? null);
  await commit([{ table: 'goals', id: goal.id, fields }], ev.xp ? [ev] : []);
  return ev.xp;
}

export function addMilestone(goal: Row, milestones: Row[], title: string, targetDate: string | null) {
  const next = milestones.reduce((n, m) => Math.max(n, Number(m.order_index ?? 0) + 1), 0);
  return commit([{ table: 'goal_milestones', id: newId(), fields: { goal_id: goal.id, title, target_date: targetDate, completed: false, order_index: next } }]);
}

/** Moves a milestone one place up or down by swapping order indexes. */
export function moveMilestone(ordered: Row[], index: number, delta: -1 | 1) {
  const other = ordered[index + delta];
  const m = ordered[index];
  if (!other || !m) return Promise.resolve();
  return commit([
    { table: 'goal_milestones', id: m.id, fields: { order_index: index + delta } },
    { table: 'goal_milestones', id: other.id, fields: { order_index: index } },
    ...ordered.filter((x, i) => i !== index && i !== index + delta && Number(x.order_index ?? -1) !== i).map((x) => ({ table: 'goal_milestones' as const, id: x.id, fields: { order_index: ordered.indexOf(x) } })),
  ]);
}
