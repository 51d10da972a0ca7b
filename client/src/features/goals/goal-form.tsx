import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { SkillSelect } from '../../ui/skill-select.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';

/** Create or edit a goal; new goals may list their first milestones, one per line. */
export function GoalForm({ goal, onDone }: { goal?: Row; onDone: () => void }) {
  const [title, setTitle] = useState(String(goal?.title ?? ''));
  const [description, setDescription] = useState(String(goal?.description ?? ''));
  const [targetDate, setTargetDate] = useState(String(goal?.target_date ?? ''));
  const [skill, setSkill] = useState(String(goal?.skill_id ?? 'proficiency'));
  const [steps, setSteps] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('Give the goal a title');
    const now = new Date().toISOString();
    const id = String(goal?.id ?? newId());
    const milestones = goal
      ? []
      : steps
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 50);
    await commit([
      {
        table: 'goals',
        id,
        fields: {
          title: title.trim(),
          description: description.trim() || null,
          target_date: targetDate || null,
          skill_id: skill,
          updated_at: now,
          ...(goal ? {} : { status: 'active', progress: 0, progress_manual: false, created_at: now }),
        },
      },
      ...milestones.map((t, i) => ({ table: 'goal_milestones' as const, id: newId(), fields: { goal_id: id, title: t.slice(0, 200), completed: false, order_index: i } })),
    ]);
    notify(goal ? 'Goal saved' : `Goal “${title.trim()}” created`, 'success');
    onDone();
  };
  return (
    <form className="form card" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={goal ? 'Edit goal' : 'New goal'}>
      <label>
        Title
        <input name="goal-title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required maxLength={200} />
      </label>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} rows={2} />
      </label>
      <div className="form-row">
        <label>
          Target date
          <input type="date" name="goal-date" value={targetDate} onChange={(e) => setTargetDate(e.target.value)} />
        </label>
        <label>
          Skill
          <SkillSelect value={skill} onChange={setSkill} />
        </label>
      </div>
      {!goal && (
        <label>
          Milestones (one per line, in order)
          <textarea name="goal-milestones" value={steps} onChange={(e) => setSteps(e.target.value)} rows={3} placeholder={'Run 3 km\nRun 5 km\nRun 10 km'} />
        </label>
      )}
      <FormFooter error={error} submitLabel={goal ? 'Save' : 'Create goal'} onCancel={onDone} />
    </form>
  );
}
