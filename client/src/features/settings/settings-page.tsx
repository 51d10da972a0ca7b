import { useEffect, useState, type FormEvent } from 'react';
import { PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { useSettingsRow } from '../../sync/settings-row.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { changesHave, dataOwner, devLogin, signingIn, forgetThisDevice, OtherAccountDataError, refreshSession, useSession } from '../../sync/session.ts';
import { unsyncedCount } from '../../sync/outbox.ts';
import { AccountPanel } from '../account/index.ts';
import { PublicFooter } from '../public/index.ts';
import { RemindersPanel } from '../reminders/index.ts';
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
    // Asked again on coming back online: a page opened offline then shows the ways to sign in.
    const load = () =>
      fetch('/api/auth/providers')
        .then((r) => (r.ok ? r.json() : null))
        .then(setProviders)
        .catch(() => setProviders(null));
    void load();
    window.addEventListener('online', load);
    return () => window.removeEventListener('online', load);
  }, []);
  const device = useLiveQuery(async () => ({ owner: await dataOwner(), unsynced: await unsyncedCount() }), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await devLogin(email, name || undefined);
      // Only a device holding unsynced work uploads anything; a fresh one just syncs down.
      notify(!device?.owner && device?.unsynced ? 'Signed in — uploading what you made on this device' : 'Signed in — syncing this device', 'success');
      void syncNow();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const whose = device?.owner ? <DeviceData owner={device.owner.email} unsynced={device.unsynced} /> : null;
  if (!navigator.onLine && !providers)
    return (
      <div className="stack">
        {whose}
        <p className="muted">You are offline. Everything you do is saved on this device; sign in when you are back online to sync.</p>
      </div>
    );
  return (
    <div className="stack">
      {whose ?? (
        <p className="muted">
          Sign in to back up your progress and use it on all your devices.{device?.unsynced ? ' Everything you made on this device so far will be uploaded.' : ''}
        </p>
      )}
      <div className="row">
        {providers?.providers.map((p) => (
          <a key={p.id} className="btn btn-primary" href={`/api/auth/${p.id}/login`} data-testid={`signin-${p.id}`} onClick={signingIn}>
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

/** Signed out, with an account's data still here: whose it is, what has not synced, and a way to remove it. */
function DeviceData({ owner, unsynced }: { owner: string; unsynced: number }) {
  const remove = () => {
    const ask =
      unsynced > 0
        ? `${changesHave(unsynced)} not synced and will be lost. Remove everything from this device anyway?`
        : `Remove ${owner}'s data from this device? It stays in that account.`;
    if (confirm(ask)) void forgetThisDevice('/settings?removed=1');
  };
  return (
    <div className="card stack" data-testid="device-data">
      <p>
        This device holds the data of <strong>{owner}</strong>.{' '}
        {unsynced > 0 ? (
          <>
            {changesHave(unsynced)} not synced yet: sign in as {owner} to sync {unsynced === 1 ? 'it' : 'them'}.
          </>
        ) : (
          <>Signing in as {owner} carries on with it; signing in as someone else removes it from this device first (it stays in that account).</>
        )}
      </p>
      <div className="row">
        <button className="btn" onClick={remove}>
          Remove it from this device
        </button>
      </div>
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
    if (params.has('removed')) {
      window.history.replaceState(null, '', window.location.pathname);
      notify('Removed. Nothing of the account is left on this device.', 'success');
      return;
    }
    if (!params.has('signed_in')) return;
    window.history.replaceState(null, '', window.location.pathname);
    const switched = params.has('switched');
    void refreshSession()
      .then((s) => {
        if (s?.user) notify(`Signed in as ${s.user.name} — syncing this device${switched ? '. The previous account’s data was removed from it.' : ''}`, 'success');
        void syncNow();
      })
      .catch((e) => {
        // (The refusal has been shown where it was decided.)
        if (!(e instanceof OtherAccountDataError)) notify(`Could not finish signing in: ${(e as Error).message}`, 'error');
      });
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
      {session !== undefined && <RemindersPanel signedIn={!!session?.user} />}
      <PublicFooter />
    </section>
  );
}
