import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { db } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { copyTemplate, deleteTemplate, loadTemplate, saveTemplate, templateSummary, type Template } from './template-ops.ts';
import { useStart } from './log-home.tsx';

async function loadAll() {
  const ws = await db.workouts.toArray();
  const ts = (await Promise.all(ws.map((w) => loadTemplate(w.id)))).filter((t): t is Template => !!t).sort((a, b) => a.name.localeCompare(b.name));
  const names = new Map((await db.exercises.bulkGet([...new Set(ts.flatMap((t) => t.sections.flatMap((s) => s.items.map((i) => i.exercise_id))))])).filter(Boolean).map((e) => [e!.id, e!]));
  return { ts, names };
}

const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Puts the template on the planner as a workout event linked to it. */
function ScheduleForm({ t, onDone }: { t: Template; onDone: () => void }) {
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setHours(18, 0, 0, 0);
  const [when, setWhen] = useState(localInput(tomorrow));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const start = new Date(when);
    if (Number.isNaN(start.getTime())) return;
    const end = new Date(start.getTime() + (t.estimated_duration ?? 60) * 60_000);
    const now = new Date().toISOString();
    await commit([
      {
        table: 'calendar_events',
        id: newId(),
        fields: { title: t.name, description: null, event_type: 'workout', start_time: start.toISOString(), end_time: end.toISOString(), all_day: false, linked_workout_id: t.id, completed: false, created_at: now, updated_at: now },
      },
    ]);
    notify(`${t.name} is on the planner for ${start.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`, 'success');
    onDone();
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label={`Schedule ${t.name}`}>
      <label>
        When
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
      </label>
      <button className="btn btn-primary" type="submit">
        Add to planner
      </button>
      <button className="btn" type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

export function TemplatesView() {
  const data = useLiveQuery(loadAll);
  const start = useStart();
  const [scheduling, setScheduling] = useState<string | null>(null);
  if (!data) return null;
  const duplicate = async (t: Template) => {
    const copy = copyTemplate(t);
    await saveTemplate(copy, null);
    notify(`Made “${copy.name}”`, 'success');
  };
  const remove = async (t: Template) => {
    await deleteTemplate(t);
    // Undo brings back an equal template under fresh ids (deleted ids stay deleted everywhere).
    notify(`Deleted “${t.name}”`, 'info', { label: 'Undo', run: () => void saveTemplate(copyTemplate(t, t.name), null) });
  };
  return (
    <div className="stack">
      <div className="spread">
        <p className="muted small">Sections (warm-up, main, cooldown, superset, circuit) with target sets, reps, weight and rest.</p>
        <Link href="/templates/new" className="btn btn-primary">
          + New template
        </Link>
      </div>
      {data.ts.length === 0 ? (
        <EmptyState icon="📋" title="No templates yet" action={<Link href="/templates/new" className="btn btn-primary">Build your first template</Link>}>
          Plan a workout once; start it with one tap, even offline.
        </EmptyState>
      ) : (
        <ul className="list">
          {data.ts.map((t) => (
            <li key={t.id} className="card stack template-card" aria-label={t.name}>
              <div className="spread">
                <div>
                  <strong>{t.name}</strong>
                  <div className="small muted">{templateSummary(t, data.names)}</div>
                </div>
                <button type="button" className="btn btn-primary" onClick={() => void start({ id: t.id, name: t.name })} aria-label={`Start ${t.name}`}>
                  Start
                </button>
              </div>
              <div className="row">
                <Link href={`/templates/${t.id}`} className="btn btn-small" aria-label={`Edit ${t.name}`}>
                  Edit
                </Link>
                <button type="button" className="btn btn-small" onClick={() => void duplicate(t)} aria-label={`Duplicate ${t.name}`}>
                  Duplicate
                </button>
                <button type="button" className="btn btn-small" onClick={() => setScheduling(scheduling === t.id ? null : t.id)} aria-label={`Schedule ${t.name}`}>
                  Schedule
                </button>
                <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(t)} aria-label={`Delete ${t.name}`}>
                  Delete
                </button>
              </div>
              {scheduling === t.id && <ScheduleForm t={t} onDone={() => setScheduling(null)} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
