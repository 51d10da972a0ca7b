import { useState } from 'react';
import { notify } from '../../ui/notices.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { adminFetch, qs, useAdminQuery, when, type AdminError, type Page } from './admin-api.ts';

interface Feedback {
  id: string;
  type: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  admin_notes: string | null;
  created_at: string;
  user_email: string | null;
  user_name: string | null;
}

const STATUSES = ['open', 'in_progress', 'resolved', 'closed'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const TYPE_ICON: Record<string, string> = { bug: '🐞', feature: '💡', other: '💬' };

function FeedbackItem({ f, onChange }: { f: Feedback; onChange: () => void }) {
  const [status, setStatus] = useState(f.status);
  const [priority, setPriority] = useState(f.priority);
  const [notes, setNotes] = useState(f.admin_notes ?? '');
  const dirty = status !== f.status || priority !== f.priority || notes !== (f.admin_notes ?? '');
  const save = async () => {
    try {
      await adminFetch(`/feedback/${f.id}`, { method: 'PATCH', body: { status, priority, admin_notes: notes.trim() || null } });
      notify('Feedback updated; the author sees the new status on their next sync', 'success');
      onChange();
    } catch (e) {
      notify((e as AdminError).message, 'error');
    }
  };
  return (
    <li className="stack admin-item" data-feedback={f.id}>
      <div className="spread">
        <strong>
          <span aria-hidden>{TYPE_ICON[f.type] ?? '💬'}</span> {f.title}
        </strong>
        <span className={`badge ${f.priority === 'critical' || f.priority === 'high' ? 'badge-danger' : ''}`}>{f.priority}</span>
      </div>
      {f.description && <p className="admin-feedback__text">{f.description}</p>}
      <div className="small muted">
        {f.type} from {f.user_name ?? 'someone'} ({f.user_email ?? 'deleted account'}) · {when(f.created_at)}
      </div>
      <div className="row">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={`Status of ${f.title}`}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Priority{' '}
          <select value={priority} onChange={(e) => setPriority(e.target.value)} aria-label={`Priority of ${f.title}`}>
            {PRIORITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <textarea value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Admin notes" aria-label={`Notes on ${f.title}`} rows={2} maxLength={5000} />
      <div>
        <button className="btn btn-small btn-primary" disabled={!dirty} onClick={() => void save()}>
          Save
        </button>
      </div>
    </li>
  );
}

export function AdminFeedback() {
  const [status, setStatus] = useState('open');
  const [type, setType] = useState('');
  const { data, error, loading, reload } = useAdminQuery<Page<Feedback>>(`/feedback${qs({ status, type, limit: 100 })}`);
  return (
    <div className="stack">
      <div className="row admin-toolbar">
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Filter by status">
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Filter by type">
          <option value="">Any type</option>
          <option value="bug">Bugs</option>
          <option value="feature">Feature ideas</option>
          <option value="other">Other</option>
        </select>
        {data && <span className="small muted">{data.total} item(s)</span>}
      </div>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      {data && data.items.length === 0 && !loading && (
        <EmptyState icon="📭" title="Nothing to triage">
          Feedback people send from the app lands here.
        </EmptyState>
      )}
      <ul className="list" aria-busy={loading}>
        {data?.items.map((f) => <FeedbackItem key={`${f.id}:${f.status}:${f.priority}`} f={f} onChange={reload} />)}
      </ul>
    </div>
  );
}
