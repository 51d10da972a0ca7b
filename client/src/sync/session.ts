import { useEffect, useState } from 'react';
import { db } from '../db/db.ts';
import { api } from '../api/client.ts';
import { syncHooks } from './sync-hooks.ts';
import { unsyncedCount } from './outbox.ts';

export interface SessionInfo {
  user: {
    id: string;
    email: string;
    name: string;
    role: 'user' | 'admin';
    approved: number;
    denial_reason: string | null;
    tos_version: string | null;
    tos_accepted?: number;
    age_verified?: number;
  } | null;
  /** the server's current terms version */
  tosVersion?: string;
}

let current: SessionInfo | null | undefined;
const listeners = new Set<(s: SessionInfo | null) => void>();

/** The signed-in user as last seen by the server, cached in IndexedDB so it is known offline too. */
export async function loadSession(): Promise<SessionInfo | null> {
  if (current === undefined) current = ((await db.meta.get('session'))?.value as SessionInfo | undefined) ?? null;
  return current;
}

/**
 * Signing out offline cannot reach the server, and the session cookie (HttpOnly) stays in the
 * browser: without this the next start online would be signed in again. The wish to sign out is
 * kept outside IndexedDB (it outlives removing the device's data) and carried out first.
 */
const LOGOUT_PENDING = 'ignition.logoutPending';

async function endServerSession(): Promise<void> {
  try {
    // Any answer will do: the server ended the session, or there was none to end.
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'include' });
    localStorage.removeItem(LOGOUT_PENDING);
  } catch {
    localStorage.setItem(LOGOUT_PENDING, '1');
  }
}

/** A new sign-in is on its way: an older wish to sign out must not end it. */
export function signingIn() {
  localStorage.removeItem(LOGOUT_PENDING);
}

export async function refreshSession(): Promise<SessionInfo | null> {
  if (localStorage.getItem(LOGOUT_PENDING)) {
    await endServerSession();
    if (localStorage.getItem(LOGOUT_PENDING)) return current ?? null; // still offline: stay signed out
  }
  const res = await api.api.auth.me.$get();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const info = (await res.json()) as SessionInfo;
  await setSession(info.user ? info : null);
  return current ?? null;
}

/** Whose data this device holds: the first account signed in here. Kept after signing out. */
export interface DataOwner {
  id: string;
  email: string;
}
const OWNER_KEY = 'data_owner';

export async function dataOwner(): Promise<DataOwner | null> {
  return ((await db.meta.get(OWNER_KEY))?.value as DataOwner | undefined) ?? null;
}


/** "One change has" / "3 changes have": how messages about unsynced work begin. */
export function changesHave(n: number): string {
  return n === 1 ? 'One change has' : `${n.toLocaleString()} changes have`;
}

/** A sign-in refused because this device holds another account's work that has not synced. */
export class OtherAccountDataError extends Error {
  readonly code = 'other_account_data';
  constructor(
    readonly owner: DataOwner,
    readonly unsynced: number,
  ) {
    super(`${changesHave(unsynced)} not synced from this device for ${owner.email}. Sign in as ${owner.email} to sync ${unsynced === 1 ? 'it' : 'them'}, or remove it all from this device in Settings.`);
  }
}

/**
 * Deletes this device's copy of everything (its IndexedDB) and opens the app afresh at `to`.
 * The account's data stays on the server. Never resolves: the page is replaced.
 */
export async function forgetThisDevice(to = '/settings'): Promise<never> {
  current = null;
  listeners.forEach((l) => l(null));
  db.close();
  await db.delete();
  window.location.assign(to);
  return new Promise<never>(() => undefined);
}

/**
 * Adopts the session the server reports. One device holds one account's data: work made while
 * signed out is uploaded to the first account signed in (it becomes the data's owner). Another
 * account never gets it: this device's copy is removed first (its owner's data is on the server),
 * and if some of it has not synced yet the sign-in is refused and ended, so nothing is lost or
 * mixed into the wrong account.
 */
export async function setSession(info: SessionInfo | null) {
  if (info?.user) {
    const owner = await dataOwner();
    if (owner && owner.id !== info.user.id) {
      const unsynced = await unsyncedCount();
      if (unsynced > 0) {
        await endServerSession();
        const refused = new OtherAccountDataError(owner, unsynced);
        syncHooks.notify(refused.message, 'error', undefined, 15_000);
        throw refused;
      }
      await forgetThisDevice('/settings?signed_in=1&switched=1');
    }
    if (!owner) await db.meta.put({ key: OWNER_KEY, value: { id: info.user.id, email: info.user.email } satisfies DataOwner });
  }
  current = info;
  await db.meta.put({ key: 'session', value: info });
  listeners.forEach((l) => l(info));
}

export function useSession(): SessionInfo | null | undefined {
  const [s, setS] = useState<SessionInfo | null | undefined>(current);
  useEffect(() => {
    listeners.add(setS);
    void loadSession().then(setS);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

export async function devLogin(email: string, name?: string) {
  signingIn();
  const res = await fetch('/api/auth/dev-login', {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, ...(name ? { name } : {}), timezone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.message ?? `Sign-in failed (${res.status})`);
  return refreshSession();
}

export async function signOut() {
  await endServerSession();
  await setSession(null);
}

/** Whether the signed-in person still has to accept the server's current terms before syncing. */
export function needsTerms(s: SessionInfo | null | undefined): boolean {
  const u = s?.user;
  if (!u || !s?.tosVersion) return false;
  return u.tos_version !== s.tosVersion || u.tos_accepted === 0;
}

export type ApprovalState = 'approved' | 'pending' | 'denied';
export function approvalOf(s: SessionInfo | null | undefined): ApprovalState {
  const u = s?.user;
  if (!u || u.approved || u.role === 'admin') return 'approved';
  return u.denial_reason ? 'denied' : 'pending';
}

async function postJson(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? `The server answered ${res.status}`);
  return data;
}

export async function acceptTerms(version: string) {
  await postJson('/api/auth/accept-tos', { version });
  return refreshSession();
}

export async function verifyAge(birthDate: string) {
  await postJson('/api/auth/verify-age', { birth_date: birthDate });
  return refreshSession();
}

export async function signOutEverywhere() {
  await postJson('/api/auth/logout-all', {});
  await setSession(null);
}

/** Downloads every row the server keeps about the person as one JSON file. */
export async function downloadMyData() {
  const res = await fetch('/api/user/export', { credentials: 'include' });
  if (!res.ok) throw new Error(res.status === 401 ? 'Sign in again to export your data' : `The export failed (${res.status})`);
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'ignition-export.json';
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * Deletes the account on the server (every row, every session), then this device's IndexedDB,
 * so nothing of the person is left here either. Other devices are signed out at their next sync.
 */
export async function deleteAccount(confirm: string): Promise<never> {
  await postJson('/api/user/delete', { confirm });
  // A fresh start: the local database is gone, so reload into an empty app.
  return forgetThisDevice('/welcome');
}

/**
 * Signs out and removes this device's copy (a shared or borrowed device). Work that has not
 * synced is lost, so the caller asks first when `unsyncedCount()` is not 0.
 */
export async function signOutAndForget(): Promise<never> {
  await endServerSession();
  return forgetThisDevice('/settings?removed=1');
}
