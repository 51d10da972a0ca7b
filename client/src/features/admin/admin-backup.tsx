import { useState } from 'react';
import { notify } from '../../ui/notices.tsx';
import { adminFetch, type AdminError } from './admin-api.ts';

interface RestoreReport {
  dryRun: boolean;
  version: number;
  versionName: string | null;
  createdAt: string | null;
  currentVersion: number;
  steps: string[];
  warnings: string[];
  tables: Array<{ table: string; before: number; after: number }>;
  rowsBefore: number;
  rowsAfter: number;
}

function Report({ r }: { r: RestoreReport }) {
  const changed = r.tables.filter((t) => t.before !== t.after);
  return (
    <div className="card stack admin-report" aria-label={r.dryRun ? 'Dry-run report' : 'Restore report'}>
      <strong>
        {r.dryRun ? 'If you restore this backup' : 'Restored'}: schema version {r.version}
        {r.version < r.currentVersion ? ` (upgraded to ${r.currentVersion})` : ''}, made {r.createdAt ? new Date(r.createdAt).toLocaleString() : 'at an unknown time'}
      </strong>
      <span>
        {r.rowsBefore.toLocaleString()} rows now → {r.rowsAfter.toLocaleString()} rows after
      </span>
      {r.steps.length > 0 && (
        <ul className="small">
          {r.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      {r.warnings.map((w) => (
        <p key={w} className="small muted">
          ⚠ {w}
        </p>
      ))}
      {changed.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Table</th>
              <th>Now</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((t) => (
              <tr key={t.table}>
                <td>{t.table}</td>
                <td>{t.before.toLocaleString()}</td>
                <td>{t.after.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Download a backup (streamed straight to a file), and restore one: dry run first, then for real. */
export function AdminBackup() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<RestoreReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await adminFetch<RestoreReport>(`/restore${dryRun ? '?dryRun=1' : ''}`, { raw: file });
      setReport(r);
      if (!dryRun) {
        notify('Backup restored; every device pulls the restored data on its next sync', 'success');
        setFile(null);
      }
    } catch (e) {
      setReport(null);
      setError((e as AdminError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <section className="card stack">
        <h2>Download a backup</h2>
        <p className="muted small">Every table as JSON, streamed as it is read. OAuth tokens and session hashes are left out.</p>
        {/* A plain form post lets the browser stream the file to disk instead of holding it in memory. */}
        <form method="post" action="/api/admin/backup">
          <button className="btn btn-primary">Download backup</button>
        </form>
      </section>
      <section className="card stack">
        <h2>Restore a backup</h2>
        <p className="muted small">Replaces everything with the backup's content. Backups of every schema version are accepted and upgraded. You see what would change before anything is written.</p>
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Backup file"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
            setError(null);
          }}
        />
        <div className="row">
          <button className="btn" disabled={!file || busy} onClick={() => void send(true)}>
            Check backup (dry run)
          </button>
          {report?.dryRun && file && (
            <button className="btn btn-danger" disabled={busy} onClick={() => confirm('Replace all data with this backup? This cannot be undone — download a backup first if unsure.') && void send(false)}>
              Restore now
            </button>
          )}
        </div>
        {busy && <p className="muted">Working…</p>}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {report && <Report r={report} />}
      </section>
    </div>
  );
}
