import type { Client } from '@libsql/client';
import { levelProgress, skillProgress, SKILLS } from '../../../shared-schema/src/rules/levels.ts';
import { localDate, daysBetween } from '../../../shared-schema/src/dates.ts';
import { pushEventSchema } from '../../../shared-schema/src/sync/protocol.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { pushForUser } from './sync-push-service.ts';
import { z } from 'zod';

/** The authoritative economy of one user, as the REST API shows it. */
export async function readProgress(db: Client, user: Asker, now: Date) {
  const userId = user.id;
  const [p, defs, streak] = await Promise.all([
    db.execute({ sql: 'SELECT * FROM user_progress WHERE user_id = ?', args: [userId] }),
    db.execute('SELECT * FROM skill_definitions ORDER BY display_order'),
    db.execute({ sql: "SELECT * FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [userId] }),
  ]);
  const row = p.rows[0] ?? {};
  const xp = Number(row.total_xp ?? 0);
  const lp = levelProgress(xp);
  const skills: Record<string, { name: string; color: string; xp: number; level: number; max_level: number }> = {};
  for (const s of SKILLS) {
    const d = defs.rows.find((r) => r.id === s);
    const curve = { xp_scaling_base: Number(d?.xp_scaling_base ?? 100), xp_scaling_multiplier: Number(d?.xp_scaling_multiplier ?? 1.5), max_level: Number(d?.max_level ?? 10) };
    const sxp = Number(row[`${s}_xp`] ?? 0);
    skills[s] = { name: String(d?.name ?? s), color: String(d?.color ?? ''), xp: sxp, level: skillProgress(sxp, curve).level, max_level: curve.max_level };
  }
  const st = streak.rows[0];
  const today = localDate(now, user.timezone);
  // A stored streak goes stale when days pass without activity; read it against today.
  const last = (st?.last_active_date as string | null) ?? null;
  const gap = last ? daysBetween(last, today) : Infinity;
  const current = gap <= 1 || (gap === 2 && Number(st?.shields ?? 0) > 0) ? Number(st?.current_streak ?? 0) : 0;
  return {
    total_xp: xp,
    level: lp.level,
    xp_into_level: lp.xpIntoLevel,
    xp_for_next_level: lp.xpForNext,
    coins: Number(row.coins ?? 0),
    skills,
    streaks: { daily: { current, best: Number(st?.best_streak ?? 0), shields: Number(st?.shields ?? 0), last_active_date: last } },
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
