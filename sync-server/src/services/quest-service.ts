import type { Client } from '@libsql/client';
import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import { localDate } from '@ignition/shared/dates.ts';
import { questPeriodKey } from '@ignition/shared/rules/quests.ts';
import { CONTRACTS } from '@ignition/shared/contracts.ts';
import { fieldZod } from '@ignition/shared/contract-zod.ts';
import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { and, asc, eq, isNotNull, isNull, or } from 'drizzle-orm';
import { quests, userQuestProgress } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

/** The quests row contract's fields (shared-schema/src/contracts.ts): the same limits as a quest pushed through sync. */
const Q = CONTRACTS.quests.fields;
const questFields = {
  title: fieldZod(Q.title).trim().min(1),
  description: fieldZod(Q.description).nullable(),
  type: fieldZod(Q.type),
  event_type: fieldZod(Q.event_type),
  target: fieldZod(Q.target),
  xp_reward: fieldZod(Q.xp_reward),
  coin_reward: fieldZod(Q.coin_reward),
  skill_id: fieldZod(Q.skill_id),
};
/** A personal quest; rewards are capped so a self-made quest stays a nudge. */
export const questBody = z.strictObject({
  ...questFields,
  description: questFields.description.optional(),
  xp_reward: questFields.xp_reward.default(20),
  coin_reward: questFields.coin_reward.default(10),
  skill_id: questFields.skill_id.default('proficiency'),
});
export const questPatch = z
  .strictObject({ ...questFields, is_active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');

type R = Record<string, unknown>;

/** Universal quests and the user's own active ones, each with this period's progress (by the user's local date). */
export async function listQuests(db: Client, user: Asker, now: Date) {
  const userId = user.id;
  const today = localDate(now, user.timezone);
  const mine = await orm(db)
    .select()
    .from(quests)
    .where(and(eq(quests.is_active, 1), or(isNull(quests.user_id), eq(quests.user_id, userId))))
    .orderBy(asc(isNotNull(quests.user_id)), quests.title);
  const progress = await orm(db).select().from(userQuestProgress).where(eq(userQuestProgress.user_id, userId));
  return mine.map((q) => {
    const period = questPeriodKey(q.type, today);
    const p = progress.find((r) => r.quest_id === q.id && r.period_key === period);
    return {
      id: q.id,
      title: q.title,
      description: q.description ?? null,
      type: q.type,
      event_type: q.event_type ?? null,
      target: q.target,
      xp_reward: q.xp_reward,
      coin_reward: q.coin_reward,
      skill_id: q.skill_id ?? null,
      personal: q.user_id != null,
      progress: { period_key: period, current_count: Math.min(q.target, p?.current_count ?? 0), completed: !!(p?.completed ?? 0), completed_at: p?.completed_at ?? null },
    };
  });
}

async function ownQuest(db: Client, userId: string, id: string): Promise<typeof quests.$inferSelect> {
  const [row] = await orm(db).select().from(quests).where(and(eq(quests.id, id), eq(quests.user_id, userId)));
  if (!row) throw new ApiError(404, 'not_found', 'No such quest of yours');
  return row;
}

/** Writes go through the sync push, so a REST edit reaches every device by pull. */
async function writeQuest(deps: AppDeps, userId: string, id: string, fields: R) {
  const change: RowChange = { table: 'quests', id, op: 'upsert', fields, hlc: serverHlc() };
  const r = await pushForUser(deps, { id: userId }, { changes: [change], events: [] });
  if (r.changeErrors.length) throw new ApiError(r.changeErrors[0].code === 'forbidden' ? 404 : 422, refusalCode(r.changeErrors[0].code), r.changeErrors[0].message);
}

export async function createQuest(deps: AppDeps, userId: string, body: z.infer<typeof questBody>) {
  const id = uuidv7();
  const now = clockOf(deps).toISOString();
  await writeQuest(deps, userId, id, { ...body, description: body.description ?? null, is_universal: false, is_active: true, created_at: now, updated_at: now });
  return (await listQuestById(deps, userId, id))!;
}

export async function updateQuest(deps: AppDeps, userId: string, id: string, patch: z.infer<typeof questPatch>) {
  await ownQuest(deps.db, userId, id);
  await writeQuest(deps, userId, id, { ...patch, updated_at: clockOf(deps).toISOString() });
  return listQuestById(deps, userId, id);
}

/** Archiving keeps the quest (past completions name it) but takes it off every list. */
export async function archiveQuest(deps: AppDeps, userId: string, id: string) {
  await ownQuest(deps.db, userId, id);
  await writeQuest(deps, userId, id, { is_active: false, updated_at: clockOf(deps).toISOString() });
}

async function listQuestById(deps: AppDeps, userId: string, id: string) {
  const row = await ownQuest(deps.db, userId, id);
  return { ...row, is_active: !!Number(row.is_active), is_universal: !!Number(row.is_universal) };
}
