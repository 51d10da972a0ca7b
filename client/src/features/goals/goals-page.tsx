import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { GoalForm } from './goal-form.tsx';
import { GoalCard } from './goal-card.tsx';
import './goals.css';
import { useUrlIntent } from '../../ui/url-intent.ts';

const TABS = [
  { id: 'active', label: 'Active' },
  { id: 'completed', label: 'Completed' },
  { id: 'abandoned', label: 'Abandoned' },
] as const;

export default function GoalsPage() {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('active');
  const [creating, setCreating] = useState(false);
  useUrlIntent('new', () => setCreating(true));
  useUrlIntent('status', (s) => TABS.some((t) => t.id === s) && setTab(s as (typeof TABS)[number]['id']));
  const goals = useLiveQuery(() => db.goals.toArray(), []);
  const milestones = useLiveQuery(() => db.goal_milestones.toArray(), []);
  const today = todayLocal();
  if (!goals || !milestones) return <div className="page-loading">Loading…</div>;
  const visible = goals.filter((g) => String(g.status ?? 'active') === tab).sort((a, b) => String(a.target_date ?? '9999').localeCompare(String(b.target_date ?? '9999')) || String(a.created_at).localeCompare(String(b.created_at)));
  return (
    <section className="page">
      <PageHeader
        title="Goals"
        subtitle="Big things, in steps. Each milestone earns 40 XP; a completed goal earns 100."
        actions={
          <button className="btn btn-primary" onClick={() => setCreating(true)}>
            + New goal
          </button>
        }
      />
      <div className="row" role="tablist" aria-label="Goal status">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={`btn btn-small ${tab === t.id ? 'btn-primary' : ''}`} onClick={() => setTab(t.id)}>
            {t.label} ({goals.filter((g) => String(g.status ?? 'active') === t.id).length})
          </button>
        ))}
      </div>
      {creating && <GoalForm onDone={() => setCreating(false)} />}
      {visible.length === 0 && !creating ? (
        <EmptyState
          icon="🎯"
          title={tab === 'active' ? 'No active goals' : `No ${tab} goals`}
          action={
            tab === 'active' && (
              <button className="btn btn-primary" onClick={() => setCreating(true)}>
                Set your first goal
              </button>
            )
          }
        >
          A goal with a few milestones shows its progress as you tick them off.
        </EmptyState>
      ) : (
        <ul className="list goal-list">
          {visible.map((g) => (
            <GoalCard key={g.id} goal={g} milestones={milestones.filter((m) => m.goal_id === g.id)} today={today} />
          ))}
        </ul>
      )}
    </section>
  );
}
