import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import type { Client } from '@libsql/client';
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
  kind: 'habit' | 'planner' | 'flashcards' | 'focus' | 'streak' | 'test' | 'snooze';
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
 * instance to need one inserts its new pair with INSERT OR IGNORE, and every instance then reads
 * the stored one, so instances starting together all sign with the same pair.
 */
export function vapidKeys(deps: AppDeps): Promise<VapidKeys> {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = deps.env;
  if (VAPID_PUBLIC_KEY && VAPID_PRIVATE_KEY) return Promise.resolve({ publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: subjectOf(deps) });
  let p = keyCache.get(deps.db);
  if (!p) {
    p = (async () => {
      const fresh = webpush.generateVAPIDKeys();
      await deps.db.execute({ sql: "INSERT OR IGNORE INTO push_config (key, value) VALUES ('vapid', ?)", args: [JSON.stringify(fresh)] });
      const row = (await deps.db.execute("SELECT value FROM push_config WHERE key = 'vapid'")).rows[0];
      const stored = JSON.parse(String(row.value)) as { publicKey: string; privateKey: string };
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

const PUBLIC_COLUMNS = 'id, endpoint, device_label, enabled, last_sent_at, last_error, created_at, updated_at';
const shape = (r: Record<string, unknown>) => ({ ...r, enabled: !!r.enabled });

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
  await deps.db.execute({
    sql: `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, device_label, enabled, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
          ON CONFLICT(endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
            device_label = COALESCE(excluded.device_label, device_label), enabled = 1, last_error = NULL, updated_at = excluded.updated_at`,
    args: [randomUUID(), userId, input.endpoint, input.keys.p256dh, input.keys.auth, input.device_label ?? null, now, now],
  });
  const row = (await deps.db.execute({ sql: `SELECT ${PUBLIC_COLUMNS} FROM push_subscriptions WHERE endpoint = ?`, args: [input.endpoint] })).rows[0];
  return shape(row);
}

export async function listSubscriptions(deps: AppDeps, userId: string) {
  const rows = (await deps.db.execute({ sql: `SELECT ${PUBLIC_COLUMNS} FROM push_subscriptions WHERE user_id = ? ORDER BY created_at, id`, args: [userId] })).rows;
  return rows.map(shape);
}

export async function updateSubscription(deps: AppDeps, userId: string, id: string, input: { enabled?: boolean; device_label?: string | null }) {
  const sets: string[] = [];
  const args: Array<string | number | null> = [];
  if (input.enabled !== undefined) {
    sets.push('enabled = ?');
    args.push(input.enabled ? 1 : 0);
  }
  if (input.device_label !== undefined) {
    sets.push('device_label = ?');
    args.push(input.device_label);
  }
  const r = await deps.db.execute({ sql: `UPDATE push_subscriptions SET ${sets.join(', ')}, updated_at = ? WHERE id = ? AND user_id = ?`, args: [...args, clockOf(deps).toISOString(), id, userId] });
  if (r.rowsAffected === 0) throw new ApiError(404, 'not_found', 'Subscription not found');
  return shape((await deps.db.execute({ sql: `SELECT ${PUBLIC_COLUMNS} FROM push_subscriptions WHERE id = ?`, args: [id] })).rows[0]);
}

/** Unsubscribes by id or by endpoint; only the asker's own rows. */
export async function deleteSubscription(deps: AppDeps, userId: string, by: { id: string } | { endpoint: string }) {
  const r =
    'id' in by
      ? await deps.db.execute({ sql: 'DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?', args: [by.id, userId] })
      : await deps.db.execute({ sql: 'DELETE FROM push_subscriptions WHERE endpoint = ? AND user_id = ?', args: [by.endpoint, userId] });
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
  const subs = (
    await deps.db.execute({
      sql: `SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ? AND enabled = 1 ${only ? 'AND id = ?' : ''}`,
      args: only ? [userId, only.subscriptionId] : [userId],
    })
  ).rows;
  if (subs.length === 0) return result;
  const keys = await vapidKeys(deps);
  for (const s of subs) {
    let gone = false;
    let lastError: string | null = null;
    let anySent = false;
    for (const payload of payloads) {
      if (gone) break;
      const outcome = await sendOne(keys, { endpoint: String(s.endpoint), keys: { p256dh: String(s.p256dh), auth: String(s.auth) } }, payload);
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
      await deps.db.execute({ sql: 'DELETE FROM push_subscriptions WHERE id = ?', args: [s.id] });
      result.removed++;
    } else if (anySent || lastError) {
      await deps.db.execute({
        sql: `UPDATE push_subscriptions SET ${anySent ? 'last_sent_at = ?,' : ''} last_error = ? WHERE id = ?`,
        args: anySent ? [now, lastError, s.id] : [lastError, s.id],
      });
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
