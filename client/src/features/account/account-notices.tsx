import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { acceptTerms, approvalOf, needsTerms, refreshSession, useSession } from '../../sync/session.ts';
import { syncNow, useSyncState } from '../../sync/engine.ts';
import { notify } from '../../ui/notices.tsx';
import { TERMS_SUMMARY } from '../public/terms-summary.ts';
import './account.css';

/** The terms to accept when the server's version is newer than the person's (sync answers `tos_required`). */
function TermsDialog({ version, onDone }: { version: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = useRef<HTMLButtonElement>(null);
  useEffect(() => accept.current?.focus(), []);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await acceptTerms(version);
      notify('Thanks — syncing your progress now', 'success');
      onDone();
      void syncNow();
    } catch (e) {
      setError(navigator.onLine ? (e as Error).message : 'You are offline. Accept the terms when you are back online; your work stays on this device.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="account-gate" role="dialog" aria-modal="true" aria-labelledby="terms-title" data-testid="terms-dialog">
      <div className="account-gate__box stack">
        <h2 id="terms-title">Updated terms of service</h2>
        <p className="muted small">Version {version}. Accept them to keep syncing; until then everything you do is still saved on this device.</p>
        <ul>
          {TERMS_SUMMARY.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          <Link href="/terms" onClick={onDone}>
            Read the full terms
          </Link>{' '}
          · <Link href="/privacy" onClick={onDone}>Privacy</Link>
        </p>
        {error && <p className="error-text">{error}</p>}
        <div className="account-actions">
          <button ref={accept} className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
            {busy ? 'Saving…' : 'I accept the terms'}
          </button>
          <button className="btn" onClick={onDone}>
            Not now
          </button>
        </div>
      </div>
    </div>
  );
}

/** Shown above every page: the account's approval state, and the terms dialog when sync needs it. */
export function AccountNotices() {
  const session = useSession();
  const sync = useSyncState();
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const version = session?.tosVersion;
  const termsNeeded = !!session?.user && (needsTerms(session) || (sync.phase === 'blocked' && sync.code === 'tos_required'));
  const approval = approvalOf(session);
  const blockedByApproval = sync.phase === 'blocked' && (sync.code === 'approval_pending' || sync.code === 'approval_denied');
  const state = blockedByApproval ? (sync.code === 'approval_denied' ? 'denied' : 'pending') : sync.phase === 'synced' ? 'approved' : approval;
  // Sync learns first when the server's terms or the approval changed; the session then catches up.
  useEffect(() => {
    if (sync.phase === 'blocked' && navigator.onLine) void refreshSession().catch(() => undefined);
  }, [sync.phase, sync.code]);
  return (
    <>
      {termsNeeded && version && dismissedFor !== version && <TermsDialog version={version} onDone={() => setDismissedFor(version)} />}
      {session?.user && state !== 'approved' && (
        <div className={`account-banner ${state}`} role="status" data-testid="approval-banner" data-state={state}>
          <span>
            {state === 'pending'
              ? 'Your account is waiting for an administrator’s approval. Keep going — everything is saved on this device and syncs once you are approved.'
              : `Your account was not approved${session.user.denial_reason ? `: ${session.user.denial_reason}` : ''}. Your data stays on this device.`}
          </span>
          <Link href="/settings" className="btn btn-small">
            Account
          </Link>
        </div>
      )}
      {termsNeeded && dismissedFor === version && (
        <div className="account-banner" role="status">
          <span>Sync is paused until you accept the updated terms.</span>
          <button className="btn btn-small" onClick={() => setDismissedFor(null)}>
            Review terms
          </button>
        </div>
      )}
    </>
  );
}
