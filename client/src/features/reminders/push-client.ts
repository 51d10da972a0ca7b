/**
 * This device's Web Push subscription: whether the browser can do it, asking for permission,
 * subscribing with the server's VAPID key and telling the server (POST /api/push/subscriptions),
 * and undoing it. Reminders are sent by the server, so all of this needs a connection.
 */
export type PushSupport = 'supported' | 'no_service_worker' | 'no_push' | 'no_notifications';

export function pushSupport(): PushSupport {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return 'no_service_worker';
  if (typeof window === 'undefined' || !('PushManager' in window)) return 'no_push';
  if (typeof Notification === 'undefined') return 'no_notifications';
  return 'supported';
}

export function permission(): NotificationPermission {
  return typeof Notification === 'undefined' ? 'denied' : Notification.permission;
}

/** A name for this device in the list, from the browser's own description of itself. */
export function deviceLabel(ua = navigator.userAgent): string {
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'this device';
  return `${browser} on ${os}`;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) {
    const j = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(j?.error?.message ?? `The server answered ${res.status}`);
  }
  return (res.status === 204 ? null : await res.json()) as T;
}
export { api as pushApi };

async function registration() {
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) throw new Error('The app is not installed on this device yet: reload the page once and try again');
  return reg;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== 'supported') return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Asks for permission (when not yet given), subscribes this device and registers it with the server. */
export async function enablePush(): Promise<void> {
  const p = permission() === 'granted' ? 'granted' : await Notification.requestPermission();
  if (p !== 'granted') throw new Error(p === 'denied' ? 'Notifications are blocked for this site' : 'Notifications were not allowed');
  const reg = await registration();
  const { key } = await api<{ key: string }>('/api/push/vapid-public-key');
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another server key cannot be used: start afresh.
  const current = sub?.options.applicationServerKey;
  if (sub && current && btoa(String.fromCharCode(...new Uint8Array(current))) !== btoa(String.fromCharCode(...keyBytes(key)))) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  await api('/api/push/subscriptions', { body: { ...sub.toJSON(), device_label: deviceLabel() } });
}

/** Stops reminders on this device: the server forgets it and the browser drops the subscription. */
export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  await api(`/api/push/subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`, { method: 'DELETE' }).catch((e: Error) => {
    if (!/not found/i.test(e.message)) throw e;
  });
  await sub.unsubscribe();
}

/**
 * A timer an open screen runs (a recipe step's), told to the server so the phone rings when it ends
 * even with the app closed or the screen locked (`PUT /api/push/timers/:tag`; setting a tag again
 * moves it). Only on a device with reminders on and a network: offline, the screen's own chime is
 * all there is, so a failure here is not an error the person needs to see.
 */
export async function setServerTimer(tag: string, fireAt: number, notification: { title: string; body: string; url: string }): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.onLine || !(await currentSubscription())) return false;
  await api(`/api/push/timers/${encodeURIComponent(tag)}`, { method: 'PUT', body: { fire_at: new Date(fireAt).toISOString(), notification } });
  return true;
}

/** Cancels a timer told to the server (paused, finished or left); nothing to cancel is fine. */
export async function cancelServerTimer(tag: string): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.onLine || !(await currentSubscription())) return false;
  await api(`/api/push/timers/${encodeURIComponent(tag)}`, { method: 'DELETE' });
  return true;
}
