import type { Client } from '@libsql/client';
import { count, desc, getTableName, gte, is, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '@ignition/shared/server/tables.ts';
import { activityEvents, focusSessions, users, workoutSessions } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

const DAY = 86_400_000;

/** Every table of the schema (the generated drizzle tables are the migrated schema: a test holds them to it), by name. */
const TABLES = (Object.values(schema) as unknown[])
  .filter((t): t is SQLiteTable => is(t, SQLiteTable))
  .map((t) => ({ name: getTableName(t), table: t }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** `SUM(cond)` as a number (SQLite's SUM of no rows is NULL). */
const countWhere = (cond: SQL) => sql<number>`COALESCE(SUM(${cond}), 0)`.mapWith(Number);
const sumPositive = (col: SQL | AnyColumn) => sql<number>`COALESCE(SUM(CASE WHEN ${col} > 0 THEN ${col} END), 0)`.mapWith(Number);

/** Platform numbers for the admin dashboard; each figure is one aggregate query. */
export async function platformStats(db: Client, now: Date) {
  const o = orm(db);
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const [u] = await o
    .select({
      total: count(),
      approved: countWhere(sql`${users.approved} = 1`),
      pending: countWhere(sql`${users.approved} = 0 AND ${users.denial_reason} IS NULL`),
      denied: countWhere(sql`${users.approved} = 0 AND ${users.denial_reason} IS NOT NULL`),
      admins: countWhere(sql`${users.role} = 'admin'`),
      active1: countWhere(sql`${users.last_activity_at} >= ${ago(1)}`),
      active7: countWhere(sql`${users.last_activity_at} >= ${ago(7)}`),
      active30: countWhere(sql`${users.last_activity_at} >= ${ago(30)}`),
    })
    .from(users);
  const byType = async (since: string) => {
    const n = count();
    const rows = await o.select({ type: activityEvents.event_type, n }).from(activityEvents).where(gte(activityEvents.created_at, since)).groupBy(activityEvents.event_type).orderBy(desc(n));
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  };
  const focusSecondsSince = (since: string) =>
    sql<number>`COALESCE(SUM(CASE WHEN ${focusSessions.completed_at} >= ${since} THEN ${focusSessions.duration} - COALESCE(${focusSessions.paused_total}, 0) END), 0)`.mapWith(Number);
  const [focus] = await o
    .select({ s1: focusSecondsSince(ago(1)), s7: focusSecondsSince(ago(7)) })
    .from(focusSessions)
    .where(sql`${focusSessions.status} = 'completed' AND ${focusSessions.mode} = 'focus'`);
  const [workouts] = await o
    .select({
      w1: countWhere(sql`${workoutSessions.completed_at} >= ${ago(1)}`),
      w7: countWhere(sql`${workoutSessions.completed_at} >= ${ago(7)}`),
      total: count(workoutSessions.completed_at),
    })
    .from(workoutSessions);
  const [economy] = await o
    .select({
      xp: sumPositive(activityEvents.xp_earned),
      coins: sumPositive(activityEvents.coins_earned),
      spent: sql<number>`COALESCE(SUM(CASE WHEN ${activityEvents.coins_earned} < 0 THEN -${activityEvents.coins_earned} END), 0)`.mapWith(Number),
    })
    .from(activityEvents);
  const eventDay = sql<string>`substr(${activityEvents.created_at}, 1, 10)`;
  const daily = await o
    .select({ day: eventDay, events: count(), xp: sumPositive(activityEvents.xp_earned) })
    .from(activityEvents)
    .where(gte(activityEvents.created_at, ago(30)))
    .groupBy(eventDay)
    .orderBy(eventDay);
  const signupDay = sql<string>`substr(${users.created_at}, 1, 10)`;
  const signups = await o.select({ day: signupDay, users: count() }).from(users).where(gte(users.created_at, ago(30))).groupBy(signupDay).orderBy(signupDay);
  const storage: Record<string, number> = {};
  for (const { name, table } of TABLES) storage[name] = (await o.select({ n: count() }).from(table))[0].n;
  return {
    generatedAt: now.toISOString(),
    users: {
      total: u.total,
      approved: u.approved,
      pending: u.pending,
      denied: u.denied,
      admins: u.admins,
      active: { '1d': u.active1, '7d': u.active7, '30d': u.active30 },
    },
    activity: {
      eventsByType: { '24h': await byType(ago(1)), '7d': await byType(ago(7)) },
      focusMinutes: { '24h': Math.round(focus.s1 / 60), '7d': Math.round(focus.s7 / 60) },
      workouts: { '24h': workouts.w1, '7d': workouts.w7, total: workouts.total },
      daily: daily.map((r) => ({ day: String(r.day), events: r.events, xp: r.xp })),
      signups: signups.map((r) => ({ day: String(r.day), users: r.users })),
    },
    economy: { xpIssued: economy.xp, coinsIssued: economy.coins, coinsSpent: economy.spent },
    storage,
  };
}
