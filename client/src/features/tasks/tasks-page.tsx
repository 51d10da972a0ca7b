import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { isOverdue, TASK_DAILY_CAP, TASK_REWARD } from '@ignition/shared/rules/tasks.ts';
import { canMove, doneTasks, finishPendingDeletes, moveTask, tasksInView, type TaskRow } from './task-logic.ts';
import { TaskItem } from './task-item.tsx';
import { QuickAdd } from './quick-add.tsx';
import './tasks.css';

const TABS = [
  { id: 'today', label: 'Today' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'inbox', label: 'Inbox' },
  { id: 'done', label: 'Done' },
] as const;
type Tab = (typeof TABS)[number]['id'];

const EMPTY: Record<Tab, { icon: string; title: string; text: string }> = {
  today: { icon: '☀️', title: 'Nothing due today', text: 'Tasks due today, and any overdue ones, show here. Add one above: “Call the bank today”.' },
  upcoming: { icon: '📆', title: 'Nothing coming up', text: 'Give a task a date (“tomorrow”, “friday”, “in 3 days”, 2027-01-15) and it waits here.' },
  inbox: { icon: '📥', title: 'Inbox zero', text: 'Tasks without a date land here until you give them one.' },
  done: { icon: '✅', title: 'Nothing done yet', text: `Each task you finish earns ${TASK_REWARD.xp} XP (up to ${TASK_DAILY_CAP} a day).` },
};

export default function TasksPage() {
  const [tab, setTab] = useState<Tab>('today');
  const [dragging, setDragging] = useState<number | null>(null);
  useEffect(() => void finishPendingDeletes(), []);
  const tasks = useLiveQuery(() => db.tasks.toArray(), []);
  const subtasks = useLiveQuery(() => db.task_subtasks.toArray(), []);
  const goals = useLiveQuery(() => db.goals.toArray(), []);
  const today = todayLocal();
  if (!tasks || !subtasks || !goals) return <div className="page-loading">Loading…</div>;
  const lists: Record<Tab, TaskRow[]> = {
    today: tasksInView(tasks, 'today', today),
    upcoming: tasksInView(tasks, 'upcoming', today),
    inbox: tasksInView(tasks, 'inbox', today),
    done: doneTasks(tasks).slice(0, 100),
  };
  const visible = lists[tab];
  const overdue = lists.today.filter((t) => isOverdue(t, today)).length;
  // The inbox is in hand-made order; the dated views by their dates, then by hand within a day.
  const byDue = tab !== 'inbox';
  const onMove = tab === 'done' ? undefined : (from: number, to: number) => void moveTask(visible, from, to, undefined, byDue);
  const movable = (from: number, to: number) => canMove(visible, from, to, byDue);
  const empty = EMPTY[tab];
  return (
    <section className="page tasks-page">
      <PageHeader title="To-dos" subtitle={`Small things, done. Each finished task earns ${TASK_REWARD.xp} XP and ${TASK_REWARD.coins} coins, up to ${TASK_DAILY_CAP} a day.`} />
      <QuickAdd onAdded={(where) => setTab(where)} />
      <div className="tabs" role="tablist" aria-label="Task views">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : ''} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id !== 'done' ? ` (${lists[t.id].length})` : ''}
          </button>
        ))}
      </div>
      {tab === 'today' && overdue > 0 && (
        <p className="task-overdue-note" role="status">
          {overdue === 1 ? '1 task is overdue.' : `${overdue} tasks are overdue.`} Do it, give it a new date, or let it go — no penalty either way.
        </p>
      )}
      {visible.length === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title}>
          {empty.text}
        </EmptyState>
      ) : (
        <>
          <ul className="list task-list" aria-label={`${TABS.find((t) => t.id === tab)!.label} tasks`}>
            {visible.map((t, i) => (
              <TaskItem key={t.id} task={t} subtasks={subtasks} goals={goals} today={today} index={i} onMove={onMove} canMove={movable} dragging={dragging} setDragging={setDragging} />
            ))}
          </ul>
          {onMove && <p className="muted small">Drag a task to reorder{byDue ? ' within its day' : ''}, or focus it and press Alt + ↑/↓.</p>}
        </>
      )}
    </section>
  );
}
