import type { Client } from '@libsql/client';

const DAY = 86_400_000;
const num = (v: unknown) => Number(v ?? 0);

/** Tables whose size an operator cares about: everything but SQLite's own and the migration log. */
async function tableNames(db: Client): Promise<string[]> {
  const rs = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_migrations' ORDER BY name");
  return rs.rows.map((r) => String(r.name));
}

/** Platform numbers for the admin dashboard; each figure is one aggregate query. */
export async function platformStats(db: Client, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const u = (
    await db.execute({
      sql: `SELECT COUNT(*) AS total,
              SUM(approved = 1) AS approved,
              SUM(approved = 0 AND denial_reason IS NULL) AS pending,
              SUM(approved = 0 AND denial_reason IS NOT NULL) AS denied,
              SUM(role = 'admin') AS admins,
              SUM(last_activity_at >= ?) AS active1,
              SUM(last_activity_at >= ?) AS active7,
              SUM(last_activity_at >= ?) AS active30
            FROM users`,
      args: [ago(1), ago(7), ago(30)],
    })
  ).rows[0];
  const byType = async (since: string) =>
    Object.fromEntries(
      (await db.execute({ sql: 'SELECT event_type, COUNT(*) AS n FROM activity_events WHERE created_at >= ? GROUP BY event_type ORDER BY n DESC', args: [since] })).rows.map((r) => [
        String(r.event_type),
        num(r.n),
      ]),
    );
  const focus = (
    await db.execute({
      sql: `SELECT COALESCE(SUM(CASE WHEN completed_at >= ? THEN duration - COALESCE(paused_total, 0) END), 0) AS s1,
                   COALESCE(SUM(CASE WHEN completed_at >= ? THEN duration - COALESCE(paused_total, 0) END), 0) AS s7
            FROM focus_sessions WHERE status = 'completed' AND mode = 'focus'`,
      args: [ago(1), ago(7)],
    })
  ).rows[0];
  const workouts = (
    await db.execute({
      sql: 'SELECT SUM(completed_at >= ?) AS w1, SUM(completed_at >= ?) AS w7, COUNT(completed_at) AS total FROM workout_sessions',
      args: [ago(1), ago(7)],
    })
  ).rows[0];
  const economy = (
    await db.execute(`SELECT COALESCE(SUM(CASE WHEN xp_earned > 0 THEN xp_earned END), 0) AS xp,
                             COALESCE(SUM(CASE WHEN coins_earned > 0 THEN coins_earned END), 0) AS coins,
                             COALESCE(SUM(CASE WHEN coins_earned < 0 THEN -coins_earned END), 0) AS spent
                      FROM activity_events`)
  ).rows[0];
  const daily = await db.execute({
    sql: `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS events, COALESCE(SUM(CASE WHEN xp_earned > 0 THEN xp_earned END), 0) AS xp
          FROM activity_events WHERE created_at >= ? GROUP BY day ORDER BY day`,
    args: [ago(30)],
  });
  const signups = await db.execute({ sql: 'SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n FROM users WHERE created_at >= ? GROUP BY day ORDER BY day', args: [ago(30)] });
  const storage: Record<string, number> = {};
  for (const t of await tableNames(db)) storage[t] = num((await db.execute(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0].n);
  return {
    generatedAt: now.toISOString(),
    users: {
      total: num(u.total),
      approved: num(u.approved),
      pending: num(u.pending),
      denied: num(u.denied),
      admins: num(u.admins),
      active: { '1d': num(u.active1), '7d': num(u.active7), '30d': num(u.active30) },
    },
    activity: {
      eventsByType: { '24h': await byType(ago(1)), '7d': await byType(ago(7)) },
      focusMinutes: { '24h': Math.round(num(focus.s1) / 60), '7d': Math.round(num(focus.s7) / 60) },
      workouts: { '24h': num(workouts.w1), '7d': num(workouts.w7), total: num(workouts.total) },
      daily: daily.rows.map((r) => ({ day: String(r.day), events: num(r.events), xp: num(r.xp) })),
      signups: signups.rows.map((r) => ({ day: String(r.day), users: num(r.n) })),
    },
    economy: { xpIssued: num(economy.xp), coinsIssued: num(economy.coins), coinsSpent: num(economy.spent) },
    storage,
  };
}
