import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { requireActiveUser } from '../auth/session.ts';
import { validate } from '../validate.ts';
import { TIME_OF_DAY } from '@ignition/shared/rules/reminders.ts';
import { deleteSubscription, listSubscriptions, saveSubscription, sendToUser, updateSubscription, vapidKeys } from '../services/push-service.ts';
import { cancelTimer, getSettings, saveSettings, scheduleReminders, setTimer, snooze } from '../services/reminder-service.ts';

const b64url = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');
const label = z.string().trim().max(100).nullable();
const subscriptionBody = z.strictObject({
  endpoint: z.string().min(10).max(2000),
  // PushSubscription.toJSON() also carries expirationTime; it is accepted and not kept.
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: b64url(80, 100), auth: b64url(16, 32) }),
  device_label: label.optional(),
});
const patchBody = z.strictObject({ enabled: z.boolean().optional(), device_label: label.optional() }).refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const idParam = z.object({ id: z.string().min(1).max(100) });
const endpointQuery = z.strictObject({ endpoint: z.string().min(10).max(2000) });
const time = z.string().regex(TIME_OF_DAY, 'must be HH:MM (24-hour)');
const settingsBody = z
  .strictObject({
    habits_enabled: z.boolean(),
    habits_time: time,
    planner_enabled: z.boolean(),
    planner_minutes: z.number().int().min(0).max(1440),
    flashcards_enabled: z.boolean(),
    flashcards_time: time,
    focus_enabled: z.boolean(),
    streak_enabled: z.boolean(),
    streak_time: time,
    quiet_enabled: z.boolean(),
    quiet_start: time,
    quiet_end: time,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');
const testBody = z.strictObject({ subscription_id: z.string().min(1).max(100).optional() });
const snoozeBody = z.strictObject({
  minutes: z.number().int().min(1).max(240).default(10),
  notification: z.strictObject({
    kind: z.enum(['habit', 'planner', 'flashcards', 'focus', 'streak', 'test', 'snooze']),
    title: z.string().min(1).max(200),
    body: z.string().max(500).default(''),
    url: z.string().max(200).regex(/^\/(?!\/)/, 'must be a path in the app'),
    tag: z.string().min(1).max(200),
    habitId: z.string().min(1).max(100).optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  }),
});

const timerTag = z.object({ tag: z.string().min(1).max(200).regex(/^[A-Za-z0-9:_.-]+$/, 'must be letters, digits and : _ . -') });
const timerBody = z.strictObject({
  fire_at: z.iso.datetime({ offset: true }),
  notification: z.strictObject({
    title: z.string().min(1).max(200),
    body: z.string().max(500).default(''),
    url: z.string().max(200).regex(/^\/(?!\/)/, 'must be a path in the app'),
  }),
});

/** `/api/push`: Web Push subscriptions of the asker's devices, their reminder settings, a test and a snooze. */
export const pushRoutes = new Hono<AppEnv>()
  // The asker is checked before any input: a stranger learns nothing from a validation error.
  .use('*', async (c, next) => {
    requireActiveUser(c);
    await next();
  })
  .get('/vapid-public-key', async (c) => {
    requireActiveUser(c);
    return c.json({ key: (await vapidKeys(c.var.deps)).publicKey });
  })
  .get('/subscriptions', async (c) => c.json({ subscriptions: await listSubscriptions(c.var.deps, requireActiveUser(c).id) }))
  .post('/subscriptions', validate('json', subscriptionBody), async (c) => {
    const user = requireActiveUser(c);
    const { endpoint, keys, device_label } = c.req.valid('json');
    const subscription = await saveSubscription(c.var.deps, user.id, { endpoint, keys, device_label });
    await scheduleReminders(c.var.deps, user.id);
    return c.json({ subscription }, 201);
  })
  .patch('/subscriptions/:id', validate('param', idParam), validate('json', patchBody), async (c) => {
    const user = requireActiveUser(c);
    const subscription = await updateSubscription(c.var.deps, user.id, c.req.valid('param').id, c.req.valid('json'));
    await scheduleReminders(c.var.deps, user.id);
    return c.json({ subscription });
  })
  .delete('/subscriptions', validate('query', endpointQuery), async (c) => {
    const user = requireActiveUser(c);
    await deleteSubscription(c.var.deps, user.id, { endpoint: c.req.valid('query').endpoint });
    await scheduleReminders(c.var.deps, user.id);
    return c.body(null, 204);
  })
  .delete('/subscriptions/:id', validate('param', idParam), async (c) => {
    const user = requireActiveUser(c);
    await deleteSubscription(c.var.deps, user.id, { id: c.req.valid('param').id });
    await scheduleReminders(c.var.deps, user.id);
    return c.body(null, 204);
  })
  .get('/settings', async (c) => {
    const user = requireActiveUser(c);
    return c.json({ settings: await getSettings(c.var.deps, user.id), timezone: user.timezone });
  })
  .put('/settings', validate('json', settingsBody), async (c) => {
    const user = requireActiveUser(c);
    return c.json({ settings: await saveSettings(c.var.deps, user.id, c.req.valid('json')), timezone: user.timezone });
  })
  .post('/test', validate('json', testBody), async (c) => {
    const user = requireActiveUser(c);
    const only = c.req.valid('json').subscription_id;
    const result = await sendToUser(
      c.var.deps,
      user.id,
      [{ kind: 'test', title: 'Ignition reminders work', body: 'This is how your reminders will look on this device.', url: '/settings', tag: 'push-test' }],
      only ? { subscriptionId: only } : undefined,
    );
    return c.json(result);
  })
  .post('/snooze', validate('json', snoozeBody), async (c) => c.json(await snooze(c.var.deps, requireActiveUser(c).id, c.req.valid('json')), 201))
  .put('/timers/:tag', validate('param', timerTag), validate('json', timerBody), async (c) =>
    c.json(await setTimer(c.var.deps, requireActiveUser(c).id, c.req.valid('param').tag, c.req.valid('json'))),
  )
  .delete('/timers/:tag', validate('param', timerTag), async (c) => {
    await cancelTimer(c.var.deps, requireActiveUser(c).id, c.req.valid('param').tag);
    return c.body(null, 204);
  });
