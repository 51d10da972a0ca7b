import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useLocation } from 'wouter';
import { db, type Row } from '../../db/db.ts';
import { EmptyState } from '../../ui/empty-state.tsx';
import { activeSession, startSession } from './session-logic.ts';

export function useStart(replace = false) {
  const [, navigate] = useLocation();
  return async (workout: Row | null) => {
    const open = await activeSession();
    if (open) return navigate(`/session/${open.id}`, { replace });
    navigate(`/session/${await startSession(workout)}`, { replace });
  };
}

export function LogHome() {
  const start = useStart();
  const open = useLiveQuery(() => activeSession().then((s) => s ?? null));
  const templates = useLiveQuery(() => db.workouts.toArray().then((ws) => ws.sort((a, b) => String(a.name).localeCompare(String(b.name)))));
  if (open === undefined || templates === undefined) return null;
  return (
    <div className="stack">
      {open ? (
        <div className="card spread resume-card">
          <div>
            <strong>{String(open.name ?? 'Workout')}</strong> is in progress
            <div className="small muted">started {new Date(String(open.started_at)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</div>
          </div>
          <Link href={`/session/${open.id}`} className="btn btn-primary btn-big">
            Resume workout
          </Link>
        </div>
      ) : (
        <button type="button" className="btn btn-primary btn-big" onClick={() => void start(null)}>
          Start an empty workout
        </button>
      )}
      <h2>Start from a template</h2>
      {templates.length === 0 ? (
        <EmptyState icon="📋" title="No templates yet" action={<Link href="/templates" className="btn">Build a template</Link>}>
          A template lists your exercises with target sets, reps and rest, so a workout starts with one tap.
        </EmptyState>
      ) : (
        <ul className="list">
          {templates.map((w) => (
            <li key={w.id} className="card spread">
              <div>
                <strong>{String(w.name)}</strong>
                {w.description ? <div className="small muted">{String(w.description)}</div> : null}
              </div>
              <button type="button" className="btn btn-primary" disabled={!!open} onClick={() => void start(w)} aria-label={`Start ${w.name}`}>
                Start
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `/exercise/start/:workoutId`: what a planner event links to — starts that template (or resumes the open workout). */
export function StartFromLink({ workoutId }: { workoutId: string }) {
  const start = useStart(true);
  const workout = useLiveQuery(() => db.workouts.get(workoutId).then((w) => w ?? null), [workoutId]);
  const [, navigate] = useLocation();
  useEffect(() => {
    if (workout === undefined) return;
    if (workout === null) navigate('/templates', { replace: true });
    else void start(workout);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workout]);
  return <p className="muted">Starting your workout…</p>;
}
