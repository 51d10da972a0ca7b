/**
 * The service worker's Web Push side, imported by the generated `sw.js` (vite.config.ts builds
 * this file on its own into `push-sw.js` and names it in workbox's `importScripts`).
 *
 * - `push`: shows the reminder the server sent (sync-server/src/services/push-service.ts,
 *   `PushPayload`), with "Done" on a habit and "Snooze 10 min" where useful.
 * - `notificationclick`: "Done" logs the habit through the app's own outbox write path
 *   (habit-done.ts: Dexie works in a service worker), offline or not, and asks an open window to
 *   sync; "Snooze" asks the server to send it again in 10 minutes; a click on the body focuses an
 *   open window on the right screen, or opens one.
 * - A page of this origin may post `{ type: 'ignition-test-notificationclick', tag, action }` to
 *   run the click handler on a shown notification (Chromium cannot click a notification in an
 *   automated test); it can do nothing the page could not do itself.
 */
import { logHabitDone } from './habit-done.ts';

interface Payload {
  kind: string;
  title: string;
  body: string;
  url: string;
  tag: string;
  habitId?: string;
  date?: string;
  actions?: Array<'done' | 'snooze'>;
}

interface Clientish {
  url: string;
  focused?: boolean;
  focus?: () => Promise<unknown>;
  navigate?: (url: string) => Promise<unknown>;
  postMessage(msg: unknown): void;
}
interface ExtendableEventish extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface Scope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: { matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<Clientish[]>; openWindow(url: string): Promise<Clientish | null> };
  addEventListener(type: string, fn: (e: never) => void): void;
}
const sw = self as unknown as Scope;

const SNOOZE_MINUTES = 10;
const ACTION_TITLES = { done: 'Done', snooze: `Snooze ${SNOOZE_MINUTES} min` } as const;

function parse(data: { json(): unknown; text(): string } | null): Payload {
  const fallback: Payload = { kind: 'test', title: 'Ignition', body: '', url: '/', tag: 'ignition' };
  if (!data) return fallback;
  try {
    const p = data.json() as Partial<Payload>;
    return { ...fallback, ...p, url: typeof p.url === 'string' && p.url.startsWith('/') && !p.url.startsWith('//') ? p.url : '/' };
  } catch {
    return { ...fallback, body: data.text() };
  }
}

export function show(p: Payload) {
  const options = {
    body: p.body,
    tag: p.tag,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: p,
    actions: (p.actions ?? []).map((a) => ({ action: a, title: ACTION_TITLES[a] })),
  };
  return sw.registration.showNotification(p.title, options as NotificationOptions);
}

async function windows() {
  return sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
}

/** Focuses an open window on `url` (it routes in place), or opens one. */
async function openScreen(url: string) {
  const all = await windows();
  const target = all.find((c) => c.focused) ?? all[0];
  if (target) {
    target.postMessage({ type: 'ignition-navigate', url });
    await target.focus?.().catch(() => undefined);
    return;
  }
  await sw.clients.openWindow(url);
}

/** What a click on a notification (or one of its buttons) does; exported for the test hook. */
export async function handleClick(notification: Notification, action: string): Promise<string> {
  const p = (notification.data ?? {}) as Payload;
  notification.close();
  if (action === 'done' && p.habitId) {
    const outcome = await logHabitDone(p.habitId, p.date);
    // An open window syncs now; otherwise the outbox goes out the next time the app opens.
    for (const c of await windows()) c.postMessage({ type: 'ignition-sync' });
    if (outcome === 'unknown_habit') await openScreen('/habits');
    return outcome;
  }
  if (action === 'snooze') {
    const notificationBody = { kind: p.kind, title: p.title, body: p.body ?? '', url: p.url, tag: p.tag, ...(p.habitId ? { habitId: p.habitId } : {}), ...(p.date ? { date: p.date } : {}) };
    try {
      const res = await fetch('/api/push/snooze', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ minutes: SNOOZE_MINUTES, notification: notificationBody }) });
      if (res.ok) return 'snoozed';
    } catch {
      /* offline: shown again from here below, if the browser keeps this worker alive that long */
    }
    setTimeout(() => void show(p), SNOOZE_MINUTES * 60_000);
    return 'snoozed_locally';
  }
  await openScreen(p.url || '/');
  return 'opened';
}

sw.addEventListener('push', (e: ExtendableEventish & { data: { json(): unknown; text(): string } | null }) => {
  e.waitUntil(show(parse(e.data)));
});

sw.addEventListener('notificationclick', (e: ExtendableEventish & { notification: Notification; action: string }) => {
  e.waitUntil(handleClick(e.notification, e.action));
});

sw.addEventListener('message', (e: ExtendableEventish & { data: unknown; source: Clientish | null }) => {
  const d = e.data as { type?: string; tag?: string; action?: string } | null;
  if (d?.type !== 'ignition-test-notificationclick' || typeof d.tag !== 'string') return;
  e.waitUntil(
    (async () => {
      const [n] = await sw.registration.getNotifications({ tag: d.tag });
      const result = n ? await handleClick(n, String(d.action ?? '')) : 'no_notification';
      e.source?.postMessage({ type: 'ignition-test-notificationclick-result', tag: d.tag, result });
    })(),
  );
});
