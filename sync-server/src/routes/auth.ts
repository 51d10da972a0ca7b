import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { validate } from '../validate.ts';
import { clearSessionCookie, createSession, requireUser, setSessionCookie } from '../auth/session.ts';
import { findOrCreateUser } from '../services/user-service.ts';
import { hitRateLimit } from '../services/rate-limit-service.ts';

const devLoginBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
  timezone: z.string().max(64).optional(),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/dev-login', validate('json', devLoginBody), async (c) => {
    const { env, db } = c.var.deps;
    if (!env.AUTH_DEV_LOGIN) throw new ApiError(404, 'not_found', 'Dev login is disabled on this server');
    const now = c.var.deps.now?.() ?? new Date();
    const ip = c.req.header('x-forwarded-for')?.split(',')[0].trim() || 'local';
    const wait = await hitRateLimit(db, `dev-login:${ip}`, 30, 60, now.getTime());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'rate_limited', `Too many sign-in attempts; try again in ${wait} s`);
    }
    const body = c.req.valid('json');
    const { id } = await findOrCreateUser(db, env, { ...body, emailVerified: true }, now, { acceptTos: true });
    const token = await createSession(db, id, now);
    setSessionCookie(c, token);
    return c.json({ ok: true, userId: id });
  })
  .get('/me', (c) => {
    const user = c.var.user;
    if (!user) return c.json({ user: null });
    return c.json({ user, tosVersion: c.var.deps.env.TOS_VERSION });
  })
  .get('/providers', (c) => {
    const { env } = c.var.deps;
    const providers: Array<{ id: string; name: string }> = [];
    if (env.GOOGLE_CLIENT_ID) providers.push({ id: 'google', name: 'Google' });
    if (env.MICROSOFT_ENTRA_CLIENT_ID) providers.push({ id: 'microsoft', name: 'Microsoft' });
    if (env.OIDC_ISSUER) providers.push({ id: 'oidc', name: 'Single sign-on' });
    return c.json({ providers, devLogin: env.AUTH_DEV_LOGIN });
  })
  .post('/logout', async (c) => {
    const sessionId = c.var.sessionId;
    if (sessionId) await c.var.deps.db.execute({ sql: 'DELETE FROM sessions WHERE id = ?', args: [sessionId] });
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .post('/logout-all', async (c) => {
    const user = requireUser(c);
    await c.var.deps.db.execute({ sql: 'DELETE FROM sessions WHERE userId = ?', args: [user.id] });
    clearSessionCookie(c);
    return c.json({ ok: true });
  });
