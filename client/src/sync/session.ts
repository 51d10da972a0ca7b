import { useEffect, useState } from 'react';
import { db } from '../db/db.ts';
import { api } from '../api/client.ts';

export interface SessionInfo {
  user: { id: string; email: string; name: string; role: 'user' | 'admin'; approved: number; denial_reason: string | null; tos_version: string | null } | null;
  tosVersion?: string;
}

let current: SessionInfo | null | undefined;
const listeners = new Set<(s: SessionInfo | null) => void>();

/** The signed-in user as last seen by the server, cached in IndexedDB so it is known offline too. */
export async function loadSession(): Promise<SessionInfo | null> {
  if (current === undefined) current = ((await db.meta.get('session'))?.value as SessionInfo | undefined) ?? null;
  return current;
}

export async function refreshSession(): Promise<SessionInfo | null> {
  const res = await api.api.auth.me.$get();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const info = (await res.json()) as SessionInfo;
  await setSession(info.user ? info : null);
  return current ?? null;
}

export async function setSession(info: SessionInfo | null) {
  const previous = current?.user?.id;
  current = info;
  await db.meta.put({ key: 'session', value: info });
  // Work made while signed out (or signed in as nobody) is uploaded to the account now signed in.
  if (info?.user && previous && previous !== info.user.id) await db.meta.delete('pull_cursor');
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
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'include' }).catch(() => undefined);
  await setSession(null);
}
