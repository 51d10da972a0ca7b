import { useEffect, useState } from 'react';
import { Workbox } from 'workbox-window';

let wb: Workbox | undefined;
const listeners = new Set<() => void>();
let waiting = false;

/** Registers the service worker once. An update waits for the person: never a silent reload. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    waiting = true;
    listeners.forEach((l) => l());
  });
  wb.addEventListener('controlling', () => window.location.reload());
  void wb.register();
}

/** Asks the browser not to evict our IndexedDB under storage pressure. */
export async function requestPersistentStorage() {
  try {
    if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    /* not supported: data still lives in IndexedDB */
  }
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
      <button className="btn btn-primary" onClick={() => wb?.messageSkipWaiting()}>
        Reload
      </button>
      <button className="btn" onClick={() => setShow(false)}>
        Later
      </button>
    </div>
  );
}
