import { Link } from 'wouter';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { tasksDueBetween, tasksInView } from './task-logic.ts';
import { TaskItem, toggleTask } from './task-item.tsx';
import { QuickAdd } from './quick-add.tsx';
import { dueWords } from './task-format.ts';
import { Check } from './check.tsx';
import './tasks.css';

/** Today's page: quick add, and the tasks due today or overdue, ticked off in place. */
export function TodayTasks() {
  const tasks = useLiveQuery(() => db.tasks.toArray(), []);
  const subtasks = useLiveQuery(() => db.task_subtasks.toArray(), []);
  const goals = useLiveQuery(() => db.goals.toArray(), []);
  const today = todayLocal();
  const due = tasks ? tasksInView(tasks, 'today', today) : [];
  return (
    <div className="today-tasks" data-testid="today-tasks">
      <QuickAdd />
      {tasks && subtasks && goals && due.length > 0 ? (
        <ul className="list task-list" aria-label="Tasks due today">
          {due.slice(0, 10).map((t, i) => (
            <TaskItem key={t.id} task={t} subtasks={subtasks} goals={goals} today={today} index={i} />
          ))}
        </ul>
      ) : (
        <p className="muted small">No tasks due today.</p>
      )}
      <Link href="/tasks" className="small tap-link">
        All to-dos{due.length > 10 ? ` (${due.length - 10} more due)` : ''}
      </Link>
    </div>
  );
}

/** A to-do's tick in Today's plan: it completes the to-do itself (with its reward), as in the list. */
export function TaskPlanCheck({ id, taskId }: { id: string; taskId: string }) {
  const task = useLiveQuery(() => db.tasks.get(taskId), [taskId]);
  if (!task) return <input type="checkbox" id={id} disabled checked={false} readOnly />;
  return <Check id={id} checked={!!task.completed_at} onToggle={() => void toggleTask(task)} />;
}

/** The planner's: open tasks due in the days it shows, by day. */
export function PlannerTasks({ from, to }: { from: string; to: string }) {
  const tasks = useLiveQuery(() => db.tasks.where('due_date').between(from, to, true, false).toArray(), [from, to]);
  const today = todayLocal();
  const due = tasks ? tasksDueBetween(tasks, from, to) : [];
  if (due.length === 0) return null;
  return (
    <section className="planner-tasks" aria-label="Tasks due in this range" data-testid="planner-tasks">
      <h3>Tasks due</h3>
      <ul className="list task-list">
        {due.map((t) => (
          <li key={t.id} className="card task-item">
            <div className="task-row">
              <Check className="task-check" checked={!!t.completed_at} onToggle={() => void toggleTask(t)} label={`Done: ${String(t.title)}`} />
              <span className="task-main">
                <span className="task-title">{String(t.title)}</span>
                <span className="small muted">
                  {dueWords(String(t.due_date), today)}
                  {t.due_time ? ` ${t.due_time}` : ''}
                </span>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
