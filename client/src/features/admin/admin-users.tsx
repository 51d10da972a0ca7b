import { useState } from 'react';
import { useSession } from '../../sync/session.ts';
import { notify } from '../../ui/notices.tsx';
import { adminFetch, qs, useAdminQuery, when, type AdminError, type Page } from './admin-api.ts';
import { AdminPager, PAGE } from './admin-pager.tsx';

interface AdminUser {
  id: string;
  name: string;
  email: string;
  role: 'user' | 'admin';
  approved: number;
  denial_reason: string | null;
  created_at: string;
  last_activity_at: string | null;
}


function approval(u: AdminUser) {
  if (u.approved) return <span className="badge badge-ok">approved</span>;
  if (u.denial_reason) return <span className="badge badge-danger" title={u.denial_reason}>denied</span>;
  return <span className="badge badge-warn">pending</span>;
}

function UserRow({ u, me, onChange }: { u: AdminUser; me: string | undefined; onChange: () => void }) {
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const patch = async (body: Record<string, unknown>, done: string) => {
    try {
      await adminFetch(`/users/${u.id}`, { method: 'PATCH', body });
      notify(done, 'success');
      setDenying(false);
      onChange();
    } catch (e) {
      notify((e as AdminError).message, 'error');
    }
  };
  return (
    <li className="stack admin-item" data-email={u.email}>
      <div className="spread">
        <div>
          <strong>{u.name}</strong> {u.role === 'admin' && <span className="badge">admin</span>} {approval(u)}
          <div className="small muted">
            {u.email} · joined {when(u.created_at)} · last active {when(u.last_activity_at)}
          </div>
          {u.denial_reason && <div className="small muted">Reason: {u.denial_reason}</div>}
        </div>
        <div className="row">
          {!u.approved && (
            <button className="btn btn-small btn-primary" onClick={() => void patch({ approved: true }, `${u.name} approved`)}>
              Approve
            </button>
          )}
          {(u.approved === 1 || !u.denial_reason) && u.id !== me && (
            <button className="btn btn-small" onClick={() => setDenying(!denying)} aria-expanded={denying}>
              Deny…
            </button>
          )}
          {u.role === 'admin' ? (
            <button className="btn btn-small" onClick={() => void patch({ role: 'user' }, `${u.name} is no longer an admin`)}>
              Remove admin
            </button>
          ) : (
            <button className="btn btn-small" onClick={() => void patch({ role: 'admin' }, `${u.name} is now an admin`)}>
              Make admin
            </button>
          )}
        </div>
      </div>
      {denying && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ approved: false, denialReason: reason.trim() }, `${u.name} denied`);
          }}
        >
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason the person will see" aria-label="Denial reason" required maxLength={500} autoFocus style={{ flex: 1 }} />
          <button className="btn btn-small btn-danger">Deny</button>
        </form>
      )}
    </li>
  );
}

export function AdminUsers() {
  const me = useSession()?.user?.id;
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState('');
  const [offset, setOffset] = useState(0);
  const { data, error, loading, reload } = useAdminQuery<Page<AdminUser>>(`/users${qs({ q, approval: filter, limit: PAGE, offset, sort: 'created' })}`);
  return (
    <div className="stack">
      <div className="row admin-toolbar">
        <input type="search" placeholder="Search name or email" aria-label="Search users" value={q} onChange={(e) => (setQ(e.target.value), setOffset(0))} />
        <select value={filter} onChange={(e) => (setFilter(e.target.value), setOffset(0))} aria-label="Approval">
          <option value="">Everyone</option>
          <option value="pending">Waiting for approval</option>
          <option value="approved">Approved</option>
          <option value="denied">Denied</option>
        </select>
        {data && <span className="small muted">{data.total} user(s)</span>}
      </div>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      {data && data.items.length === 0 && !loading && <p className="muted">No users match.</p>}
      <ul className="list" aria-busy={loading}>
        {data?.items.map((u) => <UserRow key={u.id} u={u} me={me} onChange={reload} />)}
      </ul>
      {data && <AdminPager offset={offset} total={data.total} onOffset={setOffset} />}
    </div>
  );
}
