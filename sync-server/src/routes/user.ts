import { Hono } from 'hono';
import { z } from 'zod';
import { clockOf, type AppEnv } from '../context.ts';
import { requireUser, clearSessionCookie } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { deleteUserData, exportUserData, recordSelfDeletion } from '../services/account-data-service.ts';

/** The words a person types to confirm deleting their account (the client asks for exactly this). */
export const DELETE_CONFIRMATION = 'DELETE';

const deleteBody = z.strictObject({
  confirm: z.literal(DELETE_CONFIRMATION, { error: `Type ${DELETE_CONFIRMATION} to confirm deleting your account` }),
});

/** `/api/user`: the person's own data — a full export, and deleting the account. */
export const userRoutes = new Hono<AppEnv>()
  .get('/export', async (c) => {
    // Pending or denied users may export too: it is their data either way.
    const user = requireUser(c);
    const now = clockOf(c.var.deps);
    const data = await exportUserData(c.var.deps.db, user.id, now);
    c.header('Content-Disposition', `attachment; filename="ignition-export-${now.toISOString().slice(0, 10)}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  })
  .post('/delete', validate('json', deleteBody), async (c) => {
    const user = requireUser(c);
    const removed = await deleteUserData(c.var.deps.db, user.id);
    await recordSelfDeletion(c.var.deps.db, user.id, Object.values(removed).reduce((a, b) => a + b, 0));
    clearSessionCookie(c);
    return c.json({ ok: true, deleted: true });
  });
