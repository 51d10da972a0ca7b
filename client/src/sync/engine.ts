import { useEffect, useState } from 'react';
import { db } from '../db/db.ts';
import { onLocalWrite } from './outbox.ts';
import { SyncClient, SyncHttpError } from './sync-client.ts';
import { loadSession, refreshSession, setSession } from './session.ts';
import { syncHooks } from './sync-hooks.ts';
import { errorWords, rejectionNotices } from './error-words.ts';
import { navigate } from 'wouter/use-browser-location';

export type SyncPhase = 'local' | 'syncing' | 'synced' | 'offline' | 'signed-out' | 'blocked' | 'error';
export interface SyncState {
  phase: SyncPhase;
  pending: number;
  /** Rows received so far in a sync that takes more than one pull page. */
  received?: number;
  lastSyncedAt?: string;
  message?: string;
  code?: string;
}

let state: SyncState = { phase: 'local', pending: 0 };
const listeners = new Set<(s: SyncState) => void>();
function setState(patch: Partial<SyncState>) {
  state = { ...state, ...patch };
  listeners.forEach((l) => l(state));
}

export function useSyncState(): SyncState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

const client = new SyncClient(db, (input, init) => fetch(input, init));
client.onProgress = (p) => {
  if (p.pulled > 0) setState({ received: p.pulled });
  else void refreshPending();
};
const PERIODIC_MS = 60_000;
const AFTER_WRITE_MS = 2_000;
let failures = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(ms: number) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void syncNow(), ms);
}

async function refreshPending() {
  setState({ pending: await client.pendingCount() });
}

/** Runs one sync pass; only one tab at a time does it (Web Locks), the others see the results through IndexedDB. */
export async function syncNow(): Promise<void> {
  await refreshPending();
  const session = await loadSession();
  if (!session?.user) {
    setState({ phase: state.pending > 0 || !navigator.onLine ? 'local' : 'signed-out' });
    return;
  }
  if (!navigator.onLine) {
    setState({ phase: 'offline' });
    return;
  }
  const run = async () => {
    setState({ phase: 'syncing', received: undefined });
    try {
      const r = await client.syncOnce();
      failures = 0;
      const told = rejectionNotices(r.rejected);
      for (const line of told.lines) syncHooks.notify(line, 'error', told.summary ? { label: 'See why', run: () => navigate('/progress') } : undefined, told.summary ? 12_000 : 6000);
      setState({ phase: 'synced', lastSyncedAt: new Date().toISOString(), message: undefined, code: undefined });
      schedule(PERIODIC_MS);
    } catch (e) {
      handleFailure(e);
    } finally {
      await refreshPending();
    }
  };
  if (navigator.locks?.request) await navigator.locks.request('ignition-sync', { ifAvailable: true }, async (lock) => (lock ? run() : undefined));
  else await run();
}

function handleFailure(e: unknown) {
  if (e instanceof SyncHttpError) {
    if (e.status === 401) {
      void setSession(null);
      setState({ phase: 'signed-out', message: 'Your session ended — sign in again to sync. Your work is kept on this device.' });
      return;
    }
    if (['approval_pending', 'approval_denied', 'tos_required', 'client_outdated'].includes(e.code)) {
      if (e.code === 'client_outdated') syncHooks.onClientOutdated();
      setState({ phase: 'blocked', code: e.code, message: errorWords(e.code, e.message) });
      schedule(PERIODIC_MS * 5);
      return;
    }
  }
  failures++;
  const offline = !navigator.onLine || e instanceof TypeError;
  // Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 5 minutes.
  const delay = Math.min(300_000, 1000 * 2 ** failures) * (0.5 + Math.random());
  setState({ phase: offline ? 'offline' : 'error', message: offline ? undefined : (e as Error).message });
  schedule(delay);
}

let started = false;
export function startSync() {
  if (started) return;
  started = true;
  onLocalWrite(() => {
    void refreshPending();
    schedule(AFTER_WRITE_MS);
  });
  window.addEventListener('online', () => void syncNow());
  window.addEventListener('offline', () => setState({ phase: 'offline' }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  void (async () => {
    await loadSession();
    if (navigator.onLine) await refreshSession().catch(() => undefined);
    await syncNow();
  })();
}
