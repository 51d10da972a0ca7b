import { useState, type FormEvent } from 'react';
import { approvalOf, changesHave, downloadMyData, signOut, signOutAndForget, signOutEverywhere, useSession, verifyAge, deleteAccount } from '../../sync/session.ts';
import { unsyncedCount } from '../../sync/outbox.ts';
import { syncNow } from '../../sync/engine.ts';
import { notify } from '../../ui/notices.tsx';
import './account.css';

const CONFIRM_WORD = 'DELETE';

function AgeCheck() {
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await verifyAge(date);
      notify('Age confirmed', 'success');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form stack account-section" onSubmit={submit} aria-label="Confirm your age">
      <h3>Confirm your age</h3>
      <p className="muted small">Accounts are for people aged 16 or older. Your birth date is stored only to confirm this.</p>
      <label>
        Birth date
        <input type="date" required value={date} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setDate(e.target.value)} name="birth_date" />
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div>
        <button className="btn" disabled={busy || !date}>
          {busy ? 'Checking…' : 'Confirm age'}
        </button>
      </div>
    </form>
  );
}

function YourData() {
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack account-section">
      <h3>Your data</h3>
      <p className="muted small">Download everything the server keeps about you — every row, as one JSON file.</p>
      <div>
        <button
          className="btn"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await downloadMyData();
            } catch (e) {
              notify(navigator.onLine ? (e as Error).message : 'You are offline — the export comes from the server', 'error');
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Preparing…' : 'Download my data'}
        </button>
      </div>
    </div>
  );
}

function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <div className="account-section">
        <button className="btn btn-danger" onClick={() => setOpen(true)}>
          Delete account…
        </button>
      </div>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(typed);
    } catch (err) {
      setError(navigator.onLine ? (err as Error).message : 'You are offline. Deleting an account needs a connection.');
      setBusy(false);
    }
  };
  return (
    <form className="form card account-danger stack account-section" onSubmit={submit} aria-label="Delete account">
      <h3>Delete your account</h3>
      <p>
        This removes your account and everything in it from the server right away, signs you out on every device, and erases the data on this device. Other devices are signed out the next time they sync. It
        cannot be undone — download your data first if you want a copy.
      </p>
      <label>
        <span>
          Type <strong>{CONFIRM_WORD}</strong> to confirm
        </span>
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" name="confirm-delete" autoFocus />
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="account-actions">
        <button className="btn btn-danger" disabled={busy || typed !== CONFIRM_WORD}>
          {busy ? 'Deleting…' : 'Delete my account for good'}
        </button>
        <button type="button" className="btn" onClick={() => (setOpen(false), setTyped(''))}>
          Keep my account
        </button>
      </div>
    </form>
  );
}

/** For a shared or borrowed device: sign out and leave nothing of the account here. */
function SignOutAndRemove() {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      let left = await unsyncedCount();
      if (left > 0 && navigator.onLine) {
        await syncNow();
        left = await unsyncedCount();
      }
      const ask =
        left > 0
          ? `${changesHave(left)} not synced yet and will be lost. Sign out and remove everything from this device anyway?`
          : 'Sign out and remove your data from this device? It stays in your account and comes back when you sign in here again.';
      if (!confirm(ask)) return;
      await signOutAndForget();
    } finally {
      setBusy(false);
    }
  };
  return (
    <button className="btn" disabled={busy} onClick={() => void run()}>
      {busy ? 'Syncing first…' : 'Sign out and remove from this device'}
    </button>
  );
}

/** The signed-in person's account: who, the approval state, age, data export, signing out, deleting. */
export function AccountPanel() {
  const session = useSession();
  const user = session?.user;
  if (!user) return null;
  const approval = approvalOf(session);
  return (
    <div className="stack" data-testid="account-panel">
      <p>
        Signed in as <strong>{user.name}</strong> ({user.email}) {user.role === 'admin' && <span className="badge">admin</span>}{' '}
        {approval === 'pending' && <span className="badge badge-warn">waiting for approval</span>}
        {approval === 'denied' && <span className="badge badge-danger">not approved</span>}
      </p>
      {approval === 'denied' && user.denial_reason && <p className="muted">Reason: {user.denial_reason}</p>}
      <div className="account-actions">
        <button className="btn" onClick={() => void syncNow()}>
          Sync now
        </button>
        <button
          className="btn"
          onClick={async () => {
            await signOut();
            notify('Signed out. Your data stays on this device.');
          }}
        >
          Sign out
        </button>
        <button
          className="btn"
          onClick={async () => {
            try {
              await signOutEverywhere();
              notify('Signed out on every device. Your data stays on this device.');
            } catch (e) {
              notify((e as Error).message, 'error');
            }
          }}
        >
          Sign out everywhere
        </button>
        <SignOutAndRemove />
      </div>
      {!user.age_verified && <AgeCheck />}
      <YourData />
      <DeleteAccount />
    </div>
  );
}
