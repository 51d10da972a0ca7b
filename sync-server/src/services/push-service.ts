import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import type { Client } from '@libsql/client';
import { and, asc, eq, sql } from 'drizzle-orm';
import { pushConfig, pushSubscriptions } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';
import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';

/**
 * Web Push: the server's VAPID keys, the devices' subscriptions and sending. The payload is
 * encrypted (RFC 8291, aes128gcm) and signed (VAPID, RFC 8292) by `web-push`; the request goes
 * out through fetch, so a push service's answer is read the same way for every endpoint.
 */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** What a notification carries to the service worker (client/src/sw/push-sw.ts reads it). */
export interface PushPayload {
  kind: 'habit' | 'planner' | 'flashcards' | 'focus' | 'streak' | 'test' | 'snooze' | 'timer';
  title: string;
  body: string;
  /** the screen a click opens */
  url: string;
  /** replaces an earlier notification with the same tag instead of stacking */
  tag: string;
  habitId?: string;
  /** the local date a habit's "Done" counts for */
  date?: string;
  /** the notification's buttons: "done" (a habit), "snooze" */
  actions?: Array<'done' | 'snooze'>;
}

const keyCache = new WeakMap<Client, Promise<VapidKeys>>();

function subjectOf(deps: AppDeps): string {
  if (deps.env.VAPID_SUBJECT) return deps.env.VAPID_SUBJECT;
  const url = new URL(deps.env.PUBLIC_URL);
  return url.protocol === 'https:' ? url.origin : 'mailto:ignition@example.com';
}

/**
 * The VAPID key pair: from the environment, else the one stored in the database. The first
 * instance to need one inserts its new pair (ON CONFLICT DO NOTHING), and every instance then reads
 * the stored one, so instances starting together all sign with the same pair.
 */
export function vapidKeys(deps: AppDeps): Promise<VapidKeys> {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = deps.env;
  if (VAPID_PUBLIC_KEY && VAPID_PRIVATE_KEY) return Promise.resolve({ publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: subjectOf(deps) });
  let p = keyCache.get(deps.db);
  if (!p) {
    p = (async () => {
      const fresh = webpush.generateVAPIDKeys();
      const o = orm(deps.db);
      await o.insert(pushConfig).values({ key: 'vapid', value: JSON.stringify(fresh) }).onConflictDoNothing();
      const [row] = await o.select({ value: pushConfig.value }).from(pushConfig).where(eq(pushConfig.key, 'vapid'));
      const stored = JSON.parse(row.value) as { publicKey: string; privateKey: string };
      return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: subjectOf(deps) };
    })();
    p.catch(() => keyCache.delete(deps.db));
    keyCache.set(deps.db, p);
  }
  return p;
}

export interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  device_label?: string | null;
}

/** What a device's owner sees of a subscription (never its keys). */
const PUBLIC_COLUMNS = {
  id: pushSubscriptions.id,
  endpoint: pushSubscriptions.endpoint,
  device_label: pushSubscriptions.device_label,
  enabled: pushSubscriptions.enabled,
  last_sent_at: pushSubscriptions.last_sent_at,
  last_error: pushSubscriptions.last_error,
  created_at: pushSubscriptions.created_at,
  updated_at: pushSubscriptions.updated_at,
};
const shape = <R extends { enabled: number }>(r: R) => ({ ...r, enabled: !!r.enabled });

export function checkEndpoint(deps: AppDeps, endpoint: string) {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ApiError(422, 'validation_failed', 'endpoint must be a URL');
  }
  const httpOk = deps.env.PUSH_ALLOW_HTTP_ENDPOINTS && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !httpOk) throw new ApiError(422, 'validation_failed', 'endpoint must be an https: URL of a push service');
  if (url.username || url.password) throw new ApiError(422, 'validation_failed', 'endpoint must not carry credentials');
}

/** Subscribes this device (one row per endpoint: a device signed in as someone else now belongs to them). */
export async function saveSubscription(deps: AppDeps, userId: string, input: SubscriptionInput) {
  checkEndpoint(deps, input.endpoint);
  const now = clockOf(deps).toISOString();
  const [row] = await orm(deps.db)
    .insert(pushSubscriptions)
    .values({ id: randomUUID(), user_id: userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, device_label: input.device_label ?? null, enabled: 1, created_at: now, updated_at: now })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: {
        user_id: userId,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        device_label: sql`COALESCE(excluded.device_label, ${pushSubscriptions.device_label})`,
        enabled: 1,
        last_error: null,
        updated_at: now,
      },
    })
    .returning(PUBLIC_COLUMNS);
  return shape(row);
}

export async function listSubscriptions(deps: AppDeps, userId: string) {
  const rows = await orm(deps.db)
    .select(PUBLIC_COLUMNS)
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.user_id, userId))
    .orderBy(asc(pushSubscriptions.created_at), asc(pushSubscriptions.id));
  return rows.map(shape);
}

export async function updateSubscription(deps: AppDeps, userId: string, id: string, input: { enabled?: boolean; device_label?: string | null }) {
  const [row] = await orm(deps.db)
    .update(pushSubscriptions)
    .set({
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
      ...(input.device_label !== undefined ? { device_label: input.device_label } : {}),
      updated_at: clockOf(deps).toISOString(),
    })
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.user_id, userId)))
    .returning(PUBLIC_COLUMNS);
  if (!row) throw new ApiError(404, 'not_found', 'Subscription not found');
  return shape(row);
}

/** Unsubscribes by id or by endpoint; only the asker's own rows. */
export async function deleteSubscription(deps: AppDeps, userId: string, by: { id: string } | { endpoint: string }) {
  const which = 'id' in by ? eq(pushSubscriptions.id, by.id) : eq(pushSubscriptions.endpoint, by.endpoint);
  const r = await orm(deps.db)
    .delete(pushSubscriptions)
    .where(and(which, eq(pushSubscriptions.user_id, userId)));
  if (r.rowsAffected === 0) throw new ApiError(404, 'not_found', 'Subscription not found');
}

export interface SendResult {
  sent: number;
  removed: number;
  failed: number;
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * Sends each payload to each of the user's enabled devices (or the one named). A push service
 * answering 404 or 410 says the subscription is gone: its row is removed.
 */
export async function sendToUser(deps: AppDeps, userId: string, payloads: PushPayload[], only?: { subscriptionId: string }): Promise<SendResult> {
  const result: SendResult = { sent: 0, removed: 0, failed: 0 };
  if (payloads.length === 0) return result;
  const o = orm(deps.db);
  const subs = await o
    .select({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.user_id, userId), eq(pushSubscriptions.enabled, 1), only ? eq(pushSubscriptions.id, only.subscriptionId) : undefined));
  if (subs.length === 0) return result;
  const keys = await vapidKeys(deps);
  for (const s of subs) {
    let gone = false;
    let lastError: string | null = null;
    let anySent = false;
    for (const payload of payloads) {
      if (gone) break;
      const outcome = await sendOne(keys, { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload);
      if (outcome === 'ok') {
        result.sent++;
        anySent = true;
      } else if (outcome === 'gone') gone = true;
      else {
        result.failed++;
        lastError = outcome;
      }
    }
    const now = clockOf(deps).toISOString();
    if (gone) {
      await o.delete(pushSubscriptions).where(eq(pushSubscriptions.id, s.id));
      result.removed++;
    } else if (anySent || lastError) {
      await o
        .update(pushSubscriptions)
        .set({ ...(anySent ? { last_sent_at: now } : {}), last_error: lastError })
        .where(eq(pushSubscriptions.id, s.id));
    }
  }
  return result;
}

/** One encrypted, signed request to a push service: 'ok', 'gone' (404/410) or the failure in words. */
async function sendOne(keys: VapidKeys, subscription: webpush.PushSubscription, payload: PushPayload): Promise<'ok' | 'gone' | string> {
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails(subscription, JSON.stringify(payload), {
      vapidDetails: keys,
      // A reminder an hour late is no use: the push service may drop it after that.
      TTL: 3600,
      urgency: payload.kind === 'focus' || payload.kind === 'planner' ? 'high' : 'normal',
      contentEncoding: 'aes128gcm',
    });
  } catch (e) {
    return `bad subscription: ${(e as Error).message}`.slice(0, 300);
  }
  try {
    const res = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : undefined,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 404 || res.status === 410) return 'gone';
    if (res.status >= 200 && res.status < 300) return 'ok';
    return `push service answered ${res.status}`;
  } catch (e) {
    return `push service unreachable: ${(e as Error).message}`.slice(0, 300);
  }
}
