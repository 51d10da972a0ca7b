import type { Client } from '@libsql/client';
import { levelProgress, skillProgress, SKILLS } from '@ignition/shared/rules/levels.ts';
import { localDate, daysBetween } from '@ignition/shared/dates.ts';
import { pushEventSchema } from '@ignition/shared/sync/protocol.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { pushForUser } from './sync-push-service.ts';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { skillDefinitions, userProgress, userStreaks } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

/** The authoritative economy of one user, as the REST API shows it. */
export async function readProgress(db: Client, user: Asker, now: Date) {
  const userId = user.id;
  const [[row], defs, [st]] = await Promise.all([
    orm(db).select().from(userProgress).where(eq(userProgress.user_id, userId)),
    orm(db).select().from(skillDefinitions).orderBy(skillDefinitions.display_order),
    orm(db).select().from(userStreaks).where(and(eq(userStreaks.user_id, userId), eq(userStreaks.streak_type, 'daily'))),
  ]);
  const xp = row?.total_xp ?? 0;
  const lp = levelProgress(xp);
  const skills: Record<string, { name: string; color: string; xp: number; level: number; max_level: number }> = {};
  for (const s of SKILLS) {
    const d = defs.find((r) => r.id === s);
    const curve = { xp_scaling_base: d?.xp_scaling_base ?? 100, xp_scaling_multiplier: d?.xp_scaling_multiplier ?? 1.5, max_level: d?.max_level ?? 10 };
    const sxp = row?.[`${s}_xp`] ?? 0;
    skills[s] = { name: d?.name ?? s, color: d?.color ?? '', xp: sxp, level: skillProgress(sxp, curve).level, max_level: curve.max_level };
  }
  const today = localDate(now, user.timezone);
  // A stored streak goes stale when days pass without activity; read it against today.
  const last = st?.last_active_date ?? null;
  const gap = last ? daysBetween(last, today) : Infinity;
  const current = gap <= 1 || (gap === 2 && (st?.shields ?? 0) > 0) ? (st?.current_streak ?? 0) : 0;
  return {
    total_xp: xp,
    level: lp.level,
    xp_into_level: lp.xpIntoLevel,
    xp_for_next_level: lp.xpForNext,
    coins: row?.coins ?? 0,
    skills,
    streaks: { daily: { current, best: st?.best_streak ?? 0, shields: st?.shields ?? 0, last_active_date: last } },
  };
}

export const postProgressBody = z.strictObject({ events: z.array(pushEventSchema).min(1).max(100) });

/**
 * Recording activity through REST: the events go through the same reconciliation as a sync
 * push, so the server recomputes every reward and nobody can simply set their own XP.
 */
export async function recordEvents(deps: AppDeps, user: Asker, events: z.infer<typeof postProgressBody>['events']) {
  const r = await pushForUser(deps, { id: user.id }, { changes: [], events });
  return { accepted: r.accepted, rejected: r.rejected, progress: await readProgress(deps.db, user, clockOf(deps)) };
}
