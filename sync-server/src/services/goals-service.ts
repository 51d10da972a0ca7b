import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { and, eq, inArray } from 'drizzle-orm';
import { goalMilestones, goals } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import { goalProgress, orderMilestones } from '@ignition/shared/rules/goals.ts';
import { newRowId, ownedRow, rewardOf, writeThroughSync, type RestEvent, type RestOp } from './rest-write.ts';

export interface GoalInput {
  title?: string;
  description?: string | null;
  target_date?: string | null;
  skill_id?: string;
  status?: 'active' | 'completed' | 'abandoned';
  progress?: number | null;
}
export interface MilestoneInput {
  title?: string;
  target_date?: string | null;
  completed?: boolean;
  order_index?: number;
}

type Goal = typeof goals.$inferSelect;
type Milestone = Omit<typeof goalMilestones.$inferSelect, 'completed'> & { completed: boolean };
const nowIso = (deps: AppDeps) => clockOf(deps).toISOString();

async function milestonesOf(deps: AppDeps, goalIds: string[]): Promise<Milestone[]> {
  if (goalIds.length === 0) return [];
  const rows = await orm(deps.db).select().from(goalMilestones).where(inArray(goalMilestones.goal_id, goalIds));
  return rows.map((r) => ({ ...r, completed: !!r.completed }));
}

function present(goal: Goal, milestones: Milestone[]) {
  const mine = orderMilestones(milestones.filter((m) => m.goal_id === goal.id));
  return { ...goal, progress_manual: !!goal.progress_manual, progress: goalProgress(goal, mine), milestones: mine };
}

export async function listGoals(deps: AppDeps, userId: string, status?: Goal['status']) {
  const mine = await orm(deps.db)
    .select()
    .from(goals)
    .where(and(eq(goals.user_id, userId), status ? eq(goals.status, status) : undefined))
    .orderBy(goals.created_at);
  const ms = await milestonesOf(deps, mine.map((g) => g.id));
  return mine.map((g) => present(g, ms));
}

export async function getGoal(deps: AppDeps, userId: string, id: string) {
  const goal = await ownedRow(deps.db, 'goals', id, userId, 'Goal');
  return present(goal, await milestonesOf(deps, [id]));
}

/** Status changes carry their reward: completing a goal earns goal_complete once. */
function goalFields(input: GoalInput, now: string): Record<string, unknown> {
  const f: Record<string, unknown> = { ...input, updated_at: now };
  if ('progress' in input) f.progress_manual = input.progress !== null && input.progress !== undefined;
  if (input.progress === null) f.progress = 0;
  return f;
}

export async function createGoal(deps: AppDeps, userId: string, input: GoalInput & { title: string; milestones?: Array<{ title: string; target_date?: string | null }> }) {
  const id = newRowId();
  const now = nowIso(deps);
  const { milestones = [], ...goal } = input;
  const ops: RestOp[] = [{ table: 'goals', id, fields: { skill_id: 'proficiency', status: 'active', progress: 0, progress_manual: false, ...goalFields(goal, now), created_at: now } }];
  milestones.forEach((m, i) => ops.push({ table: 'goal_milestones', id: newRowId(), fields: { goal_id: id, title: m.title, target_date: m.target_date ?? null, completed: false, order_index: i } }));
  await writeThroughSync(deps, userId, ops, input.status === 'completed' ? [{ event_type: 'goal_complete', entity_id: id }] : []);
  return getGoal(deps, userId, id);
}

export async function updateGoal(deps: AppDeps, userId: string, id: string, input: GoalInput) {
  const before = await ownedRow(deps.db, 'goals', id, userId, 'Goal');
  const events: RestEvent[] = input.status === 'completed' && before.status !== 'completed' ? [{ event_type: 'goal_complete', entity_id: id }] : [];
  const res = await writeThroughSync(deps, userId, [{ table: 'goals', id, fields: goalFields(input, nowIso(deps)) }], events);
  return { goal: await getGoal(deps, userId, id), reward: await rewardOf(deps.db, res) };
}

export async function deleteGoal(deps: AppDeps, userId: string, id: string) {
  await ownedRow(deps.db, 'goals', id, userId, 'Goal');
  await writeThroughSync(deps, userId, [{ table: 'goals', id, delete: true }]);
}

export async function addMilestone(deps: AppDeps, userId: string, goalId: string, input: { title: string; target_date?: string | null; order_index?: number }) {
  await ownedRow(deps.db, 'goals', goalId, userId, 'Goal');
  const count = (await milestonesOf(deps, [goalId])).length;
  const id = newRowId();
  await writeThroughSync(deps, userId, [
    { table: 'goal_milestones', id, fields: { goal_id: goalId, title: input.title, target_date: input.target_date ?? null, completed: false, order_index: input.order_index ?? count } },
  ]);
  return getGoal(deps, userId, goalId);
}

async function ownedMilestone(deps: AppDeps, userId: string, goalId: string, id: string) {
  await ownedRow(deps.db, 'goals', goalId, userId, 'Goal');
  const [m] = await orm(deps.db).select().from(goalMilestones).where(and(eq(goalMilestones.id, id), eq(goalMilestones.goal_id, goalId)));
  if (!m) throw new ApiError(404, 'not_found', 'Milestone not found');
  return m;
}

/** Completing a milestone earns goal_milestone once; un-completing keeps what was earned. */
export async function updateMilestone(deps: AppDeps, userId: string, goalId: string, id: string, input: MilestoneInput) {
  const m = await ownedMilestone(deps, userId, goalId, id);
  const fields: Record<string, unknown> = { ...input };
  if (input.completed !== undefined) fields.completed_at = input.completed ? nowIso(deps) : null;
  const events: RestEvent[] = input.completed && !m.completed ? [{ event_type: 'goal_milestone', entity_id: id }] : [];
  const res = await writeThroughSync(deps, userId, [{ table: 'goal_milestones', id, fields }], events);
  return { goal: await getGoal(deps, userId, goalId), reward: await rewardOf(deps.db, res) };
}

export async function deleteMilestone(deps: AppDeps, userId: string, goalId: string, id: string) {
  await ownedMilestone(deps, userId, goalId, id);
  await writeThroughSync(deps, userId, [{ table: 'goal_milestones', id, delete: true }]);
}
