import { Link } from 'wouter';
import { syncNow, useSyncState } from './engine.ts';

function ago(iso?: string) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 60 ? 'just now' : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Always visible in the shell: where the person's data is. */
export function SyncStatus() {
  const s = useSyncState();
  const pending = s.pending > 0 ? ` · ${s.pending.toLocaleString()} to sync` : '';
  let dot = '';
  let text = '';
  switch (s.phase) {
    case 'local':
      text = `Saved on this device${pending}`;
      break;
    case 'signed-out':
      text = 'Sign in to sync';
      break;
    case 'syncing':
      dot = 'busy';
      text = `Syncing…${s.received ? ` · ${s.received.toLocaleString()} received` : ''}${pending}`;
      break;
    case 'synced':
      dot = 'ok';
      text = `Synced ${ago(s.lastSyncedAt)}${pending}`;
      break;
    case 'offline':
      text = `Offline — saved on this device${pending}`;
      break;
    case 'blocked':
      dot = 'error';
      text = s.message ?? 'Sync paused';
      break;
    case 'error':
      dot = 'error';
      text = `Sync failed${pending}`;
      break;
  }
  return (
    <div className="sync-status" data-testid="sync-status" data-phase={s.phase} data-pending={s.pending} data-synced-at={s.lastSyncedAt ?? ''} title={s.message}>
      <span className={`sync-dot ${dot}`} aria-hidden />
      <span role="status">{text}</span>
      {(s.phase === 'signed-out' || s.phase === 'local') && (
        <Link href="/settings" className="btn btn-small">
          Sign in
        </Link>
      )}
      {s.phase !== 'signed-out' && s.phase !== 'local' && (
        <button className="btn btn-small" onClick={() => void syncNow()} disabled={s.phase === 'syncing'}>
          {s.phase === 'error' ? 'Retry' : 'Sync now'}
        </button>
      )}
    </div>
  );
}
