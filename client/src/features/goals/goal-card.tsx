import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { addMilestone, moveMilestone, ordered as orderedOf, progressOf, setGoalStatus, setMilestoneDone } from './goal-logic.ts';
import { GoalForm } from './goal-form.tsx';

export function GoalCard({ goal, milestones, today }: { goal: Row; milestones: Row[]; today: string }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const ordered = orderedOf(milestones);
  const progress = progressOf(goal, ordered);
  const manual = !!goal.progress_manual;
  const overdue = goal.status === 'active' && goal.target_date && String(goal.target_date) < today;

  const toggle = async (m: Row) => {
    const xp = await setMilestoneDone(goal, m, !m.completed);
    if (!m.completed) notify(`Milestone “${m.title}” done${xp ? ` · +${xp} XP` : ''}`, 'success', { label: 'Undo', run: () => void setMilestoneDone(goal, { ...m, completed: true }, false) });
  };
  const status = async (s: 'active' | 'completed' | 'abandoned') => {
    const before = String(goal.status ?? 'active') as 'active';
    const xp = await setGoalStatus(goal, s);
    const words = { completed: `Goal “${goal.title}” completed${xp ? ` · +${xp} XP` : ''}`, abandoned: 'Goal abandoned', active: 'Goal reopened' };
    notify(words[s], s === 'completed' ? 'success' : 'info', { label: 'Undo', run: () => void setGoalStatus(goal, before) });
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    await addMilestone(goal, ordered, title.trim().slice(0, 200), date || null);
    setTitle('');
    setDate('');
  };
  const removeMilestone = async (m: Row) => {
    await commit([{ table: 'goal_milestones', id: m.id, delete: true }]);
    notify(`Milestone “${m.title}” removed`);
  };
  const setManual = (value: number | null) =>
    commit([{ table: 'goals', id: goal.id, fields: value === null ? { progress_manual: false } : { progress_manual: true, progress: Math.max(0, Math.min(100, Math.round(value))) } }]);
  const remove = async () => {
    if (!confirm(`Delete the goal “${goal.title}” and its milestones? This cannot be undone.`)) return;
    await commit([{ table: 'goals', id: goal.id, delete: true }]);
    notify('Goal deleted');
  };

  if (editing) return <GoalForm goal={goal} onDone={() => setEditing(false)} />;
  return (
    <li className="card goal-card stack" data-testid="goal-card" id={`goal-${goal.id}`}>
      <div className="spread">
        <div>
          <h3>{String(goal.title)}</h3>
          <p className="muted small">
            {goal.status === 'active' ? 'Active' : goal.status === 'completed' ? '✓ Completed' : 'Abandoned'}
            {goal.target_date ? ` · by ${goal.target_date}` : ''}
            {overdue ? ' · overdue' : ''} · {String(goal.skill_id ?? 'proficiency')}
          </p>
        </div>
        <strong data-testid="goal-progress">{progress}%</strong>
      </div>
      {goal.description ? <p>{String(goal.description)}</p> : null}
      <div className="progress-bar" role="progressbar" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100} aria-label={`${goal.title} progress`}>
        <span style={{ width: `${progress}%` }} />
      </div>
      <ol className="goal-milestones">
        {ordered.map((m, i) => (
          <li key={m.id} className="spread">
            <label className="row">
              <input type="checkbox" checked={!!m.completed} onChange={() => void toggle(m)} aria-label={`Milestone ${m.title}`} />
              <span className={m.completed ? 'goal-done' : ''}>{String(m.title)}</span>
              {m.target_date ? <span className="muted small">· {String(m.target_date)}</span> : null}
            </label>
            <span className="row">
              <button className="btn btn-small" aria-label={`Move ${m.title} up`} disabled={i === 0} onClick={() => void moveMilestone(ordered, i, -1)}>
                ↑
              </button>
              <button className="btn btn-small" aria-label={`Move ${m.title} down`} disabled={i === ordered.length - 1} onClick={() => void moveMilestone(ordered, i, 1)}>
                ↓
              </button>
              <button className="btn btn-small" aria-label={`Remove ${m.title}`} onClick={() => void removeMilestone(m)}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      {goal.status === 'active' && (
        <form className="row" onSubmit={add} aria-label={`Add a milestone to ${goal.title}`}>
          <input placeholder="New milestone" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} name="milestone-title" />
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-label="Milestone target date" />
          <button className="btn">Add</button>
        </form>
      )}
      <div className="row">
        <label className="row small">
          <input type="checkbox" checked={manual} onChange={(e) => void setManual(e.target.checked ? progress : null)} /> Set progress by hand
        </label>
        {manual && <input type="number" min={0} max={100} className="goal-progress-input" aria-label="Progress percent" value={Number(goal.progress ?? 0)} onChange={(e) => void setManual(Number(e.target.value))} />}
      </div>
      <div className="row">
        {goal.status === 'active' ? (
          <>
            <button className="btn btn-primary" onClick={() => void status('completed')}>
              Complete goal
            </button>
            <button className="btn" onClick={() => void status('abandoned')}>
              Abandon
            </button>
          </>
        ) : (
          <button className="btn" onClick={() => void status('active')}>
            Reopen
          </button>
        )}
        <button className="btn btn-small" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button className="btn btn-small btn-danger" onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </li>
  );
}
