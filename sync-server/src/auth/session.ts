import { createHash } from 'node:crypto';
import type { Client, Transaction } from '@libsql/client';
import { eq, lte } from 'drizzle-orm';
import { sessions, users } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import type { Db } from '../services/sync/sql.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { uuidv7 } from 'uuidv7';
import { clockOf, type AppEnv, type SessionUser } from '../context.ts';
import { ApiError } from '../errors.ts';

export const SESSION_COOKIE = 'ignition_session';
const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
const ACTIVITY_EVERY_MS = 5 * 60_000;

export function newSessionToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}

export async function hashToken(token: string): Promise<string> {
  // node:crypto hashes in place; WebCrypto's digest hops to the thread pool and back on every request.
  return createHash('sha256').update(token).digest('hex');
}

/** What a request knows of its user (one query with the session: the session check is one round trip). */
const SESSION_COLUMNS = {
  session_id: sessions.id,
  expires: sessions.expires,
  last_refreshed_at: sessions.last_refreshed_at,
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  approved: users.approved,
  denial_reason: users.denial_reason,
  tos_version: users.tos_version,
  tos_accepted: users.tos_accepted,
  age_verified: users.age_verified,
  timezone: users.timezone,
  last_activity_at: users.last_activity_at,
};

/** Creates a session row (only the token's SHA-256 is stored) and returns the raw token for the cookie. */
export async function createSession(db: Client | Transaction, userId: string, now: Date): Promise<string> {
  const token = newSessionToken();
  const expires = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
  // Sign-ins are rare enough to sweep every expired session (anyone's) here.
  const o = orm(db);
  await o.delete(sessions).where(lte(sessions.expires, now.toISOString()));
  await o.insert(sessions).values({ id: uuidv7(), sessionToken: await hashToken(token), userId, expires, created_at: now.toISOString(), last_refreshed_at: now.toISOString() });
  return token;
}

/** Signs one session out (logout, or an expired session found on use). */
export async function endSession(db: Db, sessionId: string) {
  await orm(db).delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere. */
export async function endAllSessions(db: Db, userId: string) {
  await orm(db).delete(sessions).where(eq(sessions.userId, userId));
}

export function setSessionCookie(c: Context<AppEnv>, token: string) {
  const secure = c.var.deps.env.PUBLIC_URL.startsWith('https:');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

function tokenFrom(c: Context<AppEnv>): string | undefined {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return cookie;
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return undefined;
}

/**
 * Loads the signed-in user, if any. Expiry slides: a session used after a day gets 30 more
 * days, written at most once a day so reads stay cheap; `last_activity_at` at most every 5 min.
 */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('user', null);
  c.set('sessionId', null);
  const token = tokenFrom(c);
  if (token && token.length <= 200) {
    const { db } = c.var.deps;
    const now = clockOf(c.var.deps);
    const o = orm(db);
    const [row] = await o
      .select(SESSION_COLUMNS)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.sessionToken, await hashToken(token)));
    if (row && Date.parse(row.expires) > now.getTime()) {
      const { session_id, expires: _e, last_refreshed_at, ...user } = row;
      // A seed-era account may lack a name or even an email (the columns allow null).
      c.set('user', { ...user, email: user.email ?? '', name: user.name ?? '', role: user.role === 'admin' ? 'admin' : 'user' } satisfies SessionUser);
      c.set('sessionId', session_id);
      const writes: Promise<unknown>[] = [];
      if (!last_refreshed_at || now.getTime() - Date.parse(last_refreshed_at) > DAY_MS) {
        writes.push(
          o
            .update(sessions)
            .set({ expires: new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString(), last_refreshed_at: now.toISOString() })
            .where(eq(sessions.id, session_id)),
        );
        if (c.req.header('cookie')?.includes(SESSION_COOKIE)) setSessionCookie(c, token);
      }
      if (!user.last_activity_at || now.getTime() - Date.parse(user.last_activity_at) > ACTIVITY_EVERY_MS) {
        writes.push(o.update(users).set({ last_activity_at: now.toISOString() }).where(eq(users.id, user.id)));
      }
      await Promise.all(writes);
    } else if (row) {
      await endSession(db, row.session_id);
    }
  }
  await next();
};

export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.var.user;
  if (!user) throw new ApiError(401, 'unauthorized', 'Sign in to continue');
  return user;
}

export function requireAdmin(c: Context<AppEnv>): SessionUser {
  const user = requireUser(c);
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden', 'Admins only');
  return user;
}

/** Routes that touch a user's synced data need an approved account that accepted the current terms. */
export function requireActiveUser(c: Context<AppEnv>): SessionUser {
  const user = requireUser(c);
  if (user.role !== 'admin') {
    if (user.approved === 0 && user.denial_reason) throw new ApiError(403, 'approval_denied', `Your account was not approved: ${user.denial_reason}`);
    if (user.approved === 0) throw new ApiError(403, 'approval_pending', 'Your account is waiting for an administrator’s approval');
  }
  if (user.tos_version !== c.var.deps.env.TOS_VERSION || !user.tos_accepted)
    throw new ApiError(403, 'tos_required', 'Please accept the current terms of service to sync', { version: c.var.deps.env.TOS_VERSION });
  return user;
}
