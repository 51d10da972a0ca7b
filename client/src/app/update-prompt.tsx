import { useEffect, useState } from 'react';
import type { Workbox } from 'workbox-window';

let wb: Workbox | undefined;
const listeners = new Set<() => void>();
let waiting = false;
/** Set when the person pressed Reload in this tab: only then may a change of worker reload it. */
let reloadRequested = false;
let waitingWorker: ServiceWorker | null = null;

/** Registers the service worker once. An update waits for the person: never a silent reload. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  // After the page's load event, and workbox-window in its own chunk: the worker's install
  // downloads the whole precache, which would otherwise compete with the first screen's own files.
  const register = () => void import('workbox-window').then(({ Workbox }) => start(new Workbox('/sw.js', { scope: '/' })));
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

function start(worker: Workbox) {
  wb = worker;
  wb.addEventListener('waiting', (e) => {
    waitingWorker = e.sw ?? null;
    waiting = true;
    listeners.forEach((l) => l());
  });
  // Another tab's Reload also hands this tab to the new worker: keep it as it is (a half-typed form
  // must survive) and let the prompt, still shown, reload it when the person chooses.
  wb.addEventListener('controlling', () => {
    if (reloadRequested) window.location.reload();
    else {
      waiting = true;
      listeners.forEach((l) => l());
    }
  });
  void wb.register();
}

/**
 * Another tab running a newer version upgraded the device database: this tab's code no longer
 * matches it (Dexie closes the connection so the upgrade can go on), so offer the reload now.
 */
export function watchDatabaseUpgrades(db: { on(event: 'versionchange', fn: (ev: IDBVersionChangeEvent) => void): unknown }) {
  db.on('versionchange', (ev) => {
    if (!ev.newVersion) {
      // Another tab is deleting the device database (account deleted, or the data removed from
      // this device): Dexie closes this tab's connection, so start afresh here too. The reload's
      // open waits until the deletion is done.
      window.location.reload();
      return;
    }
    waiting = true;
    listeners.forEach((l) => l());
  });
}

/** Asks the browser not to evict our IndexedDB under storage pressure. */
export async function requestPersistentStorage() {
  try {
    if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    /* not supported: data still lives in IndexedDB */
  }
}

function applyUpdate() {
  reloadRequested = true;
  // The new worker may already control this page (another tab applied it): then only a reload is left.
  if (wb && waitingWorker?.state === 'installed') wb.messageSkipWaiting();
  else window.location.reload();
}

export function checkForUpdate() {
  void wb?.update();
}

export function UpdatePrompt() {
  const [show, setShow] = useState(waiting);
  useEffect(() => {
    const l = () => setShow(true);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  if (!show) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>A new version of Ignition is ready.</span>
      <button className="btn btn-primary" onClick={applyUpdate}>
        Reload
      </button>
      <button className="btn" onClick={() => setShow(false)}>
        Later
      </button>
    </div>
  );
}
