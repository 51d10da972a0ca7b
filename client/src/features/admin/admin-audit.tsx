import { EmptyState } from '../../ui/empty-state.tsx';
import { useAdminQuery, when } from './admin-api.ts';

interface AuditItem {
  id: string;
  admin_email: string | null;
  admin_name: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  details: unknown;
  created_at: string;
}

/** Every admin write: who, what, when. */
export function AdminAudit() {
  const { data, error, reload, loading } = useAdminQuery<{ items: AuditItem[] }>('/audit?limit=200');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (data && data.items.length === 0) return <EmptyState icon="📜" title="No admin changes yet">Every admin write is recorded here.</EmptyState>;
  return (
    <div className="stack">
      <div>
        <button className="btn btn-small" onClick={reload} disabled={loading}>
          Refresh
        </button>
      </div>
      <table className="admin-table admin-audit">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((a) => (
            <tr key={a.id}>
              <td>{when(a.created_at)}</td>
              <td>{a.admin_name ?? a.admin_email ?? 'operator (CLI)'}</td>
              <td>
                {a.action}
                {a.target_id && <span className="small muted"> {a.target_id}</span>}
              </td>
              <td className="small">
                <code>{a.details ? JSON.stringify(a.details).slice(0, 200) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
