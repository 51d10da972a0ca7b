import { useEffect, useState, type FormEvent } from 'react';
import { PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { useSettingsRow } from '../../db/settings-row.ts';
import { devLogin, refreshSession, useSession } from '../../sync/session.ts';
import { AccountPanel } from '../account/account-panel.tsx';
import { Link } from 'wouter';
import { syncNow } from '../../sync/engine.ts';
import { userTimeZone } from '../../sync/outbox.ts';

interface Providers {
  providers: Array<{ id: string; name: string }>;
  devLogin: boolean;
}

function SignIn() {
  const [providers, setProviders] = useState<Providers | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    fetch('/api/auth/providers')
      .then((r) => (r.ok ? r.json() : null))
      .then(setProviders)
      .catch(() => setProviders(null));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await devLogin(email, name || undefined);
      notify('Signed in — uploading what you made on this device', 'success');
      void syncNow();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!navigator.onLine && !providers)
    return <p className="muted">You are offline. Everything you do is saved on this device; sign in when you are back online to sync.</p>;
  return (
    <div className="stack">
      <p className="muted">Sign in to back up your progress and use it on all your devices. Everything you made on this device so far will be uploaded.</p>
      <div className="row">
        {providers?.providers.map((p) => (
          <a key={p.id} className="btn btn-primary" href={`/api/auth/${p.id}/login`} data-testid={`signin-${p.id}`}>
            Continue with {p.name}
          </a>
        ))}
      </div>
      {providers?.devLogin && (
        <form className="form card" onSubmit={submit} aria-label="Local sign-in">
          <strong>Local sign-in (development server)</strong>
          <div className="form-row">
            <label>
              Email
              <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" name="email" />
            </label>
            <label>
              Name (optional)
              <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" name="name" />
            </label>
          </div>
          {error && <p className="error-text">{error}</p>}
          <button className="btn btn-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </div>
  );
}

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [userTimeZone()];
  }
})();

function Preferences() {
  const [settings, save] = useSettingsRow();
  if (settings === undefined) return null;
  const zone = (settings?.timezone as string) ?? userTimeZone();
  // The browser's list leaves out some names it reports itself ("UTC", older aliases): keep the
  // current zone selectable rather than showing the list's first entry as if it were chosen.
  const zones = TIME_ZONES.includes(zone) ? TIME_ZONES : [zone, ...TIME_ZONES];
  return (
    <div className="form card">
      <h2>Preferences</h2>
      <div className="form-row">
        <label>
          Time zone (days, streaks and daily quests follow it)
          <select value={zone} onChange={(e) => void save({ timezone: e.target.value })}>
            {zones.map((tz) => (
              <option key={tz}>{tz}</option>
            ))}
          </select>
        </label>
        <label>
          Weight unit
          <select value={(settings?.weight_unit as string) ?? 'kg'} onChange={(e) => void save({ weight_unit: e.target.value })}>
            <option value="kg">Kilograms (kg)</option>
            <option value="lb">Pounds (lb)</option>
          </select>
        </label>
      </div>
    </div>
  );
}

/** Back from a provider: the session cookie is set, so learn who we are and upload what waited. */
function useSignedInReturn() {
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('signed_in')) return;
    window.history.replaceState(null, '', window.location.pathname);
    void refreshSession()
      .then((s) => {
        if (s?.user) notify(`Signed in as ${s.user.name} — syncing this device`, 'success');
        void syncNow();
      })
      .catch(() => undefined);
  }, []);
}

export default function SettingsPage() {
  const session = useSession();
  useSignedInReturn();
  return (
    <section className="page">
      <PageHeader title="Settings" />
      <div className="card stack">
        <h2>Account</h2>
        {session?.user ? (
          <AccountPanel />
        ) : (
          <SignIn />
        )}
      </div>
      <Preferences />
      <p className="muted small">
        <Link href="/help">Help</Link> · <Link href="/privacy">Privacy</Link> · <Link href="/terms">Terms</Link> · <Link href="/about">About</Link>
      </p>
    </section>
  );
}
