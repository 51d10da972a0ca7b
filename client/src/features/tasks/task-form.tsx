import { enumValueOf } from '@ignition/shared/contracts.ts';
import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { fieldProblem } from '@ignition/shared/contracts.ts';
import { TASK_LIMITS, taskTagsProblem } from '@ignition/shared/rules/tasks.ts';
import { tagsOf } from './task-logic.ts';

/** Edit a task's details; the checklist is edited on the card itself. */
export function TaskForm({ task, goals, onDone }: { task: Row; goals: Row[]; onDone: () => void }) {
  const [title, setTitle] = useState(String(task.title ?? ''));
  const [notes, setNotes] = useState(String(task.notes ?? ''));
  const [due, setDue] = useState(String(task.due_date ?? ''));
  const [time, setTime] = useState(String(task.due_time ?? ''));
  const [priority, setPriority] = useState(String(task.priority ?? ''));
  const [tags, setTags] = useState(tagsOf(task).join(', '));
  const [goal, setGoal] = useState(String(task.goal_id ?? ''));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('Give the task a title');
    const tagList = [...new Set(tags.split(',').map((t) => t.trim().replace(/^#/, '')).filter(Boolean))];
    const problem = fieldProblem('tasks', 'title', title.trim(), 'The title') ?? fieldProblem('tasks', 'notes', notes, 'The notes') ?? taskTagsProblem(tagList);
    if (problem) return setError(problem);
    await commit([
      {
        table: 'tasks',
        id: task.id,
        fields: {
          title: title.trim(),
          notes: notes.trim() || null,
          due_date: due || null,
          due_time: due && time ? time : null,
          priority: priority ? enumValueOf('tasks', 'priority', priority, 'medium') : null,
          tags: tagList,
          goal_id: goal || null,
          updated_at: new Date().toISOString(),
        },
      },
    ]);
    notify('Task saved', 'success');
    onDone();
  };
  return (
    <form className="form card task-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label="Edit task">
      <label>
        Title
        <input name="task-title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required maxLength={TASK_LIMITS.title} />
      </label>
      <label>
        Notes
        <textarea name="task-notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={TASK_LIMITS.notes} rows={3} />
      </label>
      <div className="form-row">
        <label>
          Due date
          <input type="date" name="task-due" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <label>
          Time (optional)
          <input type="time" name="task-time" value={time} onChange={(e) => setTime(e.target.value)} disabled={!due} />
        </label>
        <label>
          Priority
          <select name="task-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">None</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Tags (comma separated)
          <input name="task-tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="errands, gym" />
        </label>
        <label>
          Goal
          <select name="task-goal" value={goal} onChange={(e) => setGoal(e.target.value)}>
            <option value="">No goal</option>
            {goals.map((g) => (
              <option key={g.id} value={g.id}>
                {String(g.title)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormFooter error={error} submitLabel="Save" onCancel={onDone} />
    </form>
  );
}
