import { Hono } from 'hono';
import { z } from 'zod';
import { clockOf, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { validate } from '../validate.ts';
import { clearSessionCookie, createSession, endAllSessions, endSession, requireUser, setSessionCookie } from '../auth/session.ts';
import { MINIMUM_AGE, ageOn, approvalStatus, findOrCreateUser, recordAgeVerified, recordTosAccepted } from '../services/user-service.ts';
import { hitRateLimit, requesterKey } from '../services/rate-limit-service.ts';
import { oauthRoutes } from '../auth/oauth.ts';
import { configuredProviders } from '../auth/providers.ts';

const birthDate = z.iso.date().refine((d) => d >= '1900-01-01', 'must be after 1900');
const verifyAgeBody = z.strictObject({ birth_date: birthDate });
const acceptTosBody = z.strictObject({ version: z.string().min(1).max(64) });

const devLoginBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
  timezone: z.string().max(64).optional(),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/dev-login', validate('json', devLoginBody), async (c) => {
    const { env, db } = c.var.deps;
    if (!env.AUTH_DEV_LOGIN) throw new ApiError(404, 'not_found', 'Dev login is disabled on this server');
    const now = clockOf(c.var.deps);
    const wait = await hitRateLimit(db, `dev-login:${requesterKey(c)}`, 30, 60, now.getTime());
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
    const providers = configuredProviders(env).map((p) => ({ id: p.id, name: p.name }));
    return c.json({ providers, devLogin: env.AUTH_DEV_LOGIN, tosVersion: env.TOS_VERSION });
  })
  .get('/approval-status', (c) => {
    const user = requireUser(c);
    return c.json({ status: approvalStatus(user), denial_reason: user.approved ? null : user.denial_reason });
  })
  .post('/verify-age', validate('json', verifyAgeBody), async (c) => {
    const user = requireUser(c);
    const { birth_date } = c.req.valid('json');
    const now = clockOf(c.var.deps);
    const age = ageOn(birth_date, now);
    if (age < 0) throw new ApiError(422, 'validation_failed', 'The birth date is in the future');
    if (age < MINIMUM_AGE)
      throw new ApiError(403, 'under_minimum_age', `Ignition accounts are for people aged ${MINIMUM_AGE} or older. You can keep using the app on this device without an account.`);
    await recordAgeVerified(c.var.deps.db, user.id, birth_date, now);
    return c.json({ ok: true, age_verified: true });
  })
  .post('/accept-tos', validate('json', acceptTosBody), async (c) => {
    const user = requireUser(c);
    const { version } = c.req.valid('json');
    const current = c.var.deps.env.TOS_VERSION;
    if (version !== current)
      throw new ApiError(409, 'tos_version_mismatch', `The current terms are version ${current}; reload them and accept that version`, { version: current });
    const now = clockOf(c.var.deps);
    await recordTosAccepted(c.var.deps.db, user.id, version, now);
    return c.json({ ok: true, tos_version: version });
  })
  .route('/', oauthRoutes)
  .post('/logout', async (c) => {
    const sessionId = c.var.sessionId;
    if (sessionId) await endSession(c.var.deps.db, sessionId);
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .post('/logout-all', async (c) => {
    const user = requireUser(c);
    await endAllSessions(c.var.deps.db, user.id);
    clearSessionCookie(c);
    return c.json({ ok: true });
  });
