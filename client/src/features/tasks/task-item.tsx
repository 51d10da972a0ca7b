import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { ChevronDown, ChevronUp, GripVertical, ListChecks, Pencil, Trash2 } from 'lucide-react';
import type { Row } from '../../db/db.ts';
import { notify } from '../../ui/notices.tsx';
import { isOverdue } from '@ignition/shared/rules/tasks.ts';
import { addSubtask, deleteWithUndo, removeSubtask, setSubtaskDone, setTaskDone, subtasksOf, tagsOf, type TaskRow } from './task-logic.ts';
import { dueWords, PRIORITY_LABEL } from './task-format.ts';
import { TaskForm } from './task-form.tsx';
import { Check } from './check.tsx';

const UNDO_MS = 6000;

/** Ticks a task done (or reopens it) and says what it earned; used by the list, Today and the planner. */
export async function toggleTask(task: Row) {
  const done = !task.completed_at;
  const xp = await setTaskDone(task, done);
  if (done) notify(`“${String(task.title)}” done${xp ? ` · +${xp} XP` : ''}`, 'success', { label: 'Undo', run: () => void setTaskDone({ ...task, completed_at: 'x' }, false) });
}

export function removeTask(task: Row) {
  const d = deleteWithUndo(task, UNDO_MS);
  notify(`Task “${String(task.title)}” deleted`, 'info', { label: 'Undo', run: () => void d.undo() }, UNDO_MS);
}

interface Props {
  task: TaskRow;
  subtasks: Row[];
  goals: Row[];
  today: string;
  index: number;
  /** reorder within the list as shown (absent where the list cannot be reordered), and where a move may go */
  onMove?: (from: number, to: number) => void;
  canMove?: (from: number, to: number) => boolean;
  dragging?: number | null;
  setDragging?: (i: number | null) => void;
}

export function TaskItem({ task, subtasks, goals, today, index, onMove, canMove = () => true, dragging, setDragging }: Props) {
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [newSub, setNewSub] = useState('');
  const mine = subtasksOf(subtasks, task.id);
  const doneSubs = mine.filter((s) => !!s.completed).length;
  const overdue = isOverdue(task, today);
  const tags = tagsOf(task);
  const goal = task.goal_id ? goals.find((g) => g.id === task.goal_id) : undefined;
  const title = String(task.title);

  const onKey = (e: KeyboardEvent) => {
    if (!onMove || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const to = index + (e.key === 'ArrowUp' ? -1 : 1);
    if (canMove(index, to)) onMove(index, to);
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    await addSubtask(task.id, newSub, mine);
    setNewSub('');
  };

  if (editing)
    return (
      <li className="task-item">
        <TaskForm task={task} goals={goals} onDone={() => setEditing(false)} />
      </li>
    );
  return (
    <li
      className={`card task-item${task.completed_at ? ' task-done' : ''}${overdue ? ' task-overdue' : ''}${dragging === index ? ' task-dragging' : ''}`}
      id={`task-${task.id}`}
      data-testid="task-item"
      data-task-id={task.id}
      tabIndex={onMove ? 0 : undefined}
      onKeyDown={onKey}
      aria-label={onMove ? `${title}. Alt and arrow keys move it.` : undefined}
      draggable={!!onMove}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', task.id);
        setDragging?.(index);
      }}
      onDragEnd={() => setDragging?.(null)}
      onDragOver={(e) => {
        if (onMove && dragging !== null && dragging !== undefined && canMove(dragging, index)) e.preventDefault();
      }}
      onDrop={(e) => {
        e.preventDefault();
        if (onMove && dragging !== null && dragging !== undefined && canMove(dragging, index)) onMove(dragging, index);
        setDragging?.(null);
      }}
    >
      <div className="task-row">
        {onMove && <GripVertical aria-hidden size={18} className="task-grip" />}
        <Check className="task-check" checked={!!task.completed_at} onToggle={() => void toggleTask(task)} label={`Done: ${title}`} />
        <div className="task-main">
          <span className="task-title">{title}</span>
          <span className="task-meta small">
            {task.due_date ? (
              <span className={`badge${overdue ? ' badge-danger' : task.due_date === today ? ' badge-warn' : ''}`} data-testid="task-due">
                {dueWords(String(task.due_date), today)}
                {task.due_time ? ` ${task.due_time}` : ''}
              </span>
            ) : null}
            {task.priority ? <span className={`badge task-prio-${task.priority}`}>{PRIORITY_LABEL[String(task.priority)]}</span> : null}
            {tags.map((t) => (
              <span key={t} className="badge">
                #{t}
              </span>
            ))}
            {goal ? <span className="badge">🎯 {String(goal.title)}</span> : null}
            {mine.length ? (
              <span className="muted" aria-label={`${doneSubs} of ${mine.length} subtasks done`}>
                <ListChecks aria-hidden size={14} className="inline-icon" /> {doneSubs}/{mine.length}
              </span>
            ) : null}
          </span>
        </div>
        <span className="task-actions">
          {onMove && (
            <>
              <button className="btn btn-small" aria-label={`Move ${title} up`} disabled={!canMove(index, index - 1)} onClick={() => onMove(index, index - 1)}>
                <ChevronUp aria-hidden size={16} />
              </button>
              <button className="btn btn-small" aria-label={`Move ${title} down`} disabled={!canMove(index, index + 1)} onClick={() => onMove(index, index + 1)}>
                <ChevronDown aria-hidden size={16} />
              </button>
            </>
          )}
          <button className="btn btn-small" aria-expanded={open} aria-label={`Details of ${title}`} onClick={() => setOpen(!open)}>
            <ListChecks aria-hidden size={16} />
          </button>
          <button className="btn btn-small" aria-label={`Edit ${title}`} onClick={() => setEditing(true)}>
            <Pencil aria-hidden size={16} />
          </button>
          <button className="btn btn-small btn-danger" aria-label={`Delete ${title}`} onClick={() => removeTask(task)}>
            <Trash2 aria-hidden size={16} />
          </button>
        </span>
      </div>
      {open && (
        <div className="task-details stack">
          {task.notes ? <p className="task-notes">{String(task.notes)}</p> : null}
          <ul className="task-subtasks" aria-label={`Subtasks of ${title}`}>
            {mine.map((s) => (
              <li key={s.id} className="spread">
                <label className="row">
                  <Check checked={!!s.completed} onToggle={(next) => void setSubtaskDone(s, next)} label={String(s.title)} />
                  <span className={s.completed ? 'task-sub-done' : ''} aria-hidden>
                    {String(s.title)}
                  </span>
                </label>
                <button className="btn btn-small" aria-label={`Remove subtask ${s.title}`} onClick={() => void removeSubtask(s)}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <form className="row" onSubmit={add} aria-label={`Add a subtask to ${title}`}>
            <input name="subtask-title" placeholder="Add a step" value={newSub} onChange={(e) => setNewSub(e.target.value)} maxLength={200} />
            <button className="btn">Add</button>
          </form>
        </div>
      )}
    </li>
  );
}
