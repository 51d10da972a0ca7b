import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from './context.ts';
import { errorResponse, onError } from './errors.ts';
import { sessionMiddleware } from './auth/session.ts';
import { authRoutes } from './routes/auth.ts';
import { syncRoutes } from './routes/sync.ts';
import { focusRoutes } from './routes/focus.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { habitsRoutes } from './routes/habits.ts';
import { goalsRoutes } from './routes/goals.ts';
import { exerciseRoutes } from './routes/exercise.ts';
import { learnRoutes } from './routes/learn.ts';
import { booksRoutes } from './routes/books.ts';
import { progressRoutes } from './routes/progress.ts';
import { questsRoutes } from './routes/quests.ts';
import { marketRoutes } from './routes/market.ts';
import { userRoutes } from './routes/user.ts';
import { adminRoutes } from './routes/admin.ts';
import { infobaseRoutes } from './routes/infobase.ts';
import { staticHandler } from './static.ts';
import { compressJson } from './content-encoding.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the whole server: API under /api, the PWA everywhere else. Stateless: all state is in `deps.db`. */
export function createApp(deps: AppDeps, opts: { distDir?: string } = {}) {
  const publicOrigin = new URL(deps.env.PUBLIC_URL).origin;
  const base = new Hono<AppEnv>();
  base.onError(onError);
  base.notFound((c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  base.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  base.use('/api/*', compressJson());
  base.use('/api/*', async (c, next) => {
    // CSRF: browsers send Origin on state-changing requests; a foreign one is refused.
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && origin !== publicOrigin && origin !== new URL(c.req.url).origin)
        return errorResponse(c, 403, 'csrf_rejected', 'Cross-site request refused');
    }
    await next();
  });
  base.use('/api/*', async (c, next) => {
    if (c.req.path === '/api/admin/restore') return next();
    return bodyLimit({
      maxSize: deps.env.MAX_BODY_BYTES,
      onError: (cc) =>
        errorResponse(cc, 413, 'payload_too_large', `The request body is larger than ${deps.env.MAX_BODY_BYTES} bytes`),
    })(c, next);
  });
  base.use('/api/*', sessionMiddleware);

  // Chained so the route types flow to the client's `hc` (one sub-app per resource).
  const api = base
    .get('/api/health', async (c) => {
      const rs = await deps.db.execute("SELECT value FROM db_metadata WHERE key = 'db_version'");
      return c.json({ ok: true as const, dbVersion: Number(rs.rows[0]?.value ?? 0) });
    })
    .route('/api/auth', authRoutes)
    .route('/api/sync', syncRoutes)
    .route('/api/focus', focusRoutes)
    .route('/api/calendar', calendarRoutes)
    .route('/api/habits', habitsRoutes)
    .route('/api/goals', goalsRoutes)
    .route('/api/exercise', exerciseRoutes)
    .route('/api/learn', learnRoutes)
    .route('/api/books', booksRoutes)
    .route('/api/progress', progressRoutes)
    .route('/api/quests', questsRoutes)
    .route('/api/market', marketRoutes)
    .route('/api/user', userRoutes)
    .route('/api/admin', adminRoutes)
    .route('/api/infobase', infobaseRoutes);
  api.all('/api/*', (c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
  if (opts.distDir) api.get('*', staticHandler(opts.distDir));
  return api;
}

export type AppType = ReturnType<typeof createApp>;
