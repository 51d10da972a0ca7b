import { openDatabase } from '../sync-server/src/db/client.ts';
import { loadEnv } from '../sync-server/src/env.ts';
import { findOrCreateUser } from '../sync-server/src/services/user-service.ts';
import { createSession, SESSION_COOKIE } from '../sync-server/src/auth/session.ts';

/**
 * Signed-in users for the benchmarks, made straight in the server's database file: the
 * sign-in endpoints are rate limited (rightly), and the benches measure sync, not sign-in.
 */
export async function benchSessions(dbUrl: string, emails: string[]): Promise<string[]> {
  const db = await openDatabase(dbUrl);
  const env = loadEnv({ NODE_ENV: 'test', DATABASE_URL: dbUrl, AUTH_DEV_LOGIN: 'true' });
  try {
    const cookies: string[] = [];
    for (const email of emails) {
      const now = new Date();
      const { id } = await findOrCreateUser(db, env, { email, emailVerified: true }, now, { acceptTos: true });
      // The benches' histories start in 2020, as a user's of several years does; their accounts are
      // older than that (events long before an account was made are not paid: GAME-RULES.md).
      await db.execute({ sql: "UPDATE users SET created_at = '2019-12-01T00:00:00.000Z' WHERE id = ?", args: [id] });
      cookies.push(`${SESSION_COOKIE}=${await createSession(db, id, now)}`);
    }
    return cookies;
  } finally {
    db.close();
  }
}
