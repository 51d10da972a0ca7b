import { navigate } from 'wouter/use-browser-location';
import { syncNow } from '../../sync/engine.ts';

/**
 * What the service worker asks of an open window: go to a screen (a notification was clicked)
 * and sync (a habit was marked done from a notification, through the outbox).
 */
export function listenToServiceWorker() {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent) => {
    const d = e.data as { type?: string; url?: string } | null;
    if (d?.type === 'ignition-navigate' && typeof d.url === 'string' && d.url.startsWith('/') && !d.url.startsWith('//')) navigate(d.url);
    if (d?.type === 'ignition-sync') void syncNow();
  });
}
