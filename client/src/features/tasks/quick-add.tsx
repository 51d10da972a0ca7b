import { useState, type FormEvent } from 'react';
import { Plus } from 'lucide-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/db.ts';
import { todayLocal } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { parseQuickAdd } from '@ignition/shared/rules/tasks.ts';
import { quickAdd } from './task-logic.ts';
import { dueWords, PRIORITY_LABEL } from './task-format.ts';

/** One line to add a task: "Buy chalk tomorrow !high #gym" (a preview says how it was read). */
export function QuickAdd({ onAdded }: { onAdded?: (where: 'inbox' | 'today' | 'upcoming') => void }) {
  const [line, setLine] = useState('');
  const all = useLiveQuery(() => db.tasks.toArray(), []);
  const today = todayLocal();
  const preview = line.trim() ? parseQuickAdd(line, today) : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The box empties at once, so a next line typed straight away is not wiped when this one lands.
    const text = line;
    setLine('');
    const t = await quickAdd(text, all ?? []);
    if (!t) return;
    const where = !t.due_date ? 'inbox' : t.due_date <= today ? 'today' : 'upcoming';
    notify(`Added “${String(t.title)}”${t.due_date ? ` · ${dueWords(String(t.due_date), today)}` : ' to the inbox'}`, 'success');
    onAdded?.(where);
  };
  return (
    <form className="task-quick-add" onSubmit={submit} aria-label="Quick add a task">
      <div className="row">
        <input
          name="quick-add"
          aria-label="New task"
          placeholder="Add a task: Buy chalk tomorrow !high #gym"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          maxLength={500}
          autoComplete="off"
        />
        <button className="btn btn-primary" aria-label="Add task">
          <Plus aria-hidden size={18} /> Add
        </button>
      </div>
      {preview && (preview.due_date || preview.priority || preview.tags.length > 0) ? (
        <p className="small muted" aria-live="polite" data-testid="quick-add-preview">
          “{preview.title}”{preview.due_date ? ` · ${dueWords(preview.due_date, today)}${preview.due_time ? ` ${preview.due_time}` : ''}` : ''}
          {preview.priority ? ` · ${PRIORITY_LABEL[preview.priority]} priority` : ''}
          {preview.tags.map((t) => ` #${t}`).join('')}
        </p>
      ) : null}
    </form>
  );
}
