import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { myFeedback, sendFeedback } from './feedback-data.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import './feedback.css';

const TYPES = [
  { id: 'bug', label: 'Something broke', icon: '🐞' },
  { id: 'feature', label: 'An idea', icon: '💡' },
  { id: 'other', label: 'Something else', icon: '💬' },
] as const;

const STATUS_WORDS: Record<string, { text: string; cls: string }> = {
  open: { text: 'Received', cls: '' },
  in_progress: { text: 'Being worked on', cls: 'badge-warn' },
  resolved: { text: 'Resolved', cls: 'badge-ok' },
  closed: { text: 'Closed', cls: '' },
};

function FeedbackForm() {
  const [type, setType] = useState<(typeof TYPES)[number]['id']>('bug');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('Give it a short title');
    await sendFeedback({ type, title, description });
    setTitle('');
    setDescription('');
    setError(null);
    notify(navigator.onLine ? 'Thanks — your feedback was sent' : 'Thanks — saved, and sent when you are back online', 'success');
  };
  return (
    <form className="form card feedback-form" onSubmit={submit} aria-label="Send feedback">
      <div className="feedback-types" role="radiogroup" aria-label="Kind of feedback">
        {TYPES.map((t) => (
          <button key={t.id} type="button" role="radio" aria-checked={type === t.id} className={type === t.id ? 'btn btn-primary' : 'btn'} onClick={() => setType(t.id)}>
            <span aria-hidden>{t.icon}</span> {t.label}
          </button>
        ))}
      </div>
      <label>
        Title
        <input name="feedback-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required placeholder={type === 'bug' ? 'The timer stops when…' : 'It would help if…'} />
      </label>
      <label>
        Details
        <textarea name="feedback-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={5} maxLength={5000} placeholder={type === 'bug' ? 'What you did, what happened, what you expected' : 'Tell us more'} />
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div>
        <button className="btn btn-primary btn-big">Send feedback</button>
      </div>
    </form>
  );
}

export default function FeedbackPage() {
  const items = useLiveQuery(() => myFeedback(), []);
  return (
    <section className="page feedback-page">
      <PageHeader title="Feedback" subtitle="Found a bug or have an idea? Tell the people who run this server — it works offline too." />
      <FeedbackForm />
      <h2>What you sent</h2>
      {items && items.length === 0 && (
        <EmptyState icon="💬" title="Nothing sent yet">
          Your feedback and its status show up here.
        </EmptyState>
      )}
      <ul className="list" aria-label="Your feedback">
        {items?.map((f) => {
          const s = STATUS_WORDS[String(f.status)] ?? STATUS_WORDS.open;
          return (
            <li key={String(f.id)} className="spread" data-feedback={String(f.id)}>
              <div>
                <strong>{String(f.title)}</strong>
                <div className="small muted">
                  {TYPES.find((t) => t.id === f.type)?.label ?? 'Feedback'} · {f.created_at ? new Date(String(f.created_at)).toLocaleDateString() : ''}
                </div>
              </div>
              {f.waiting ? <span className="badge" title="Sent with the next sync">Waiting to send</span> : <span className={`badge ${s.cls}`}>{s.text}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
