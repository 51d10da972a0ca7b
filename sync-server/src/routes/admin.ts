import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { clockOf, type AppEnv } from '../context.ts';
import { requireAdmin } from '../auth/session.ts';
import { errorResponse } from '../errors.ts';
import { validate } from '../validate.ts';
import { listAudit, recordAudit } from '../services/admin-audit.ts';
import { listUsers, updateUser } from '../services/admin-users-service.ts';
import { listFeedback, updateFeedback } from '../services/admin-feedback-service.ts';
import { platformStats } from '../services/admin-stats-service.ts';
import { restoreBackup } from '../services/admin-restore-service.ts';
import { backupStream } from '../services/backup-service.ts';
import { adminContentRoutes } from './admin-content.ts';
import { adminOpenApi } from './admin-openapi.ts';
import { auditQuery, feedbackListQuery, feedbackPatch, idParam, restoreQuery, userListQuery, userPatch } from './admin-schemas.ts';

const now = (c: { var: AppEnv['Variables'] }) => clockOf(c.var.deps);

/**
 * `/api/admin`: admins only (checked first in every handler), validated, and every write leaves
 * an `admin_audit` row. Shared content lives in admin-content.ts.
 */
export const adminRoutes = new Hono<AppEnv>()
  // Before any validator, so a non-admin learns nothing about the API's shapes (403, not 422).
  .use('*', async (c, next) => {
    requireAdmin(c);
    await next();
  })
  .get('/users', validate('query', userListQuery), async (c) => {
    requireAdmin(c);
    return c.json(await listUsers(c.var.deps.db, c.req.valid('query')));
  })
  .patch('/users/:id', validate('param', idParam), validate('json', userPatch), async (c) => {
    const admin = requireAdmin(c);
    return c.json(await updateUser(c.var.deps.db, admin.id, c.req.valid('param').id, c.req.valid('json'), now(c)));
  })
  .get('/feedback', validate('query', feedbackListQuery), async (c) => {
    requireAdmin(c);
    return c.json(await listFeedback(c.var.deps.db, c.req.valid('query')));
  })
  .patch('/feedback/:id', validate('param', idParam), validate('json', feedbackPatch), async (c) => {
    const admin = requireAdmin(c);
    return c.json(await updateFeedback(c.var.deps.db, admin.id, c.req.valid('param').id, c.req.valid('json'), now(c)));
  })
  .get('/stats', async (c) => {
    requireAdmin(c);
    return c.json(await platformStats(c.var.deps.db, now(c)));
  })
  .get('/openapi.json', (c) => c.json(adminOpenApi()))
  .get('/audit', validate('query', auditQuery), async (c) => {
    requireAdmin(c);
    return c.json({ items: await listAudit(c.var.deps.db, c.req.valid('query')) });
  })
  .post('/backup', async (c) => {
    const admin = requireAdmin(c);
    const at = now(c);
    await recordAudit(c.var.deps.db, admin.id, { action: 'backup' }, at);
    const stamp = at.toISOString().replace(/[:.]/g, '-');
    return new Response(backupStream(c.var.deps.db, at), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="ignition-backup-${stamp}.json"`,
        'cache-control': 'no-store',
      },
    });
  })
  .post(
    '/restore',
    // The global limit skips this route; real backups are far bigger than an API request.
    async (c, next) =>
      bodyLimit({
        maxSize: c.var.deps.env.RESTORE_MAX_BYTES,
        onError: (cc) => errorResponse(cc, 413, 'payload_too_large', `A backup may be at most ${c.var.deps.env.RESTORE_MAX_BYTES} bytes (RESTORE_MAX_BYTES)`),
      })(c, next),
    validate('query', restoreQuery),
    async (c) => {
      const admin = requireAdmin(c);
      const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '');
      const text = await c.req.text();
      return c.json(await restoreBackup(c.var.deps, admin.id, text, { dryRun }));
    },
  )
  .route('/', adminContentRoutes);
