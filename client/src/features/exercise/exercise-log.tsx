import { memo, startTransition, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { displayWeight, type Bests, type WeightUnit } from '@ignition/shared/rules/fitness.ts';
import { DEFAULT_REST_SECONDS, logSet, newSetRow, optimisticRecords, RECORD_WORDS, type PlannedExercise } from './session-logic.ts';
import { parseDraft, step, suggestDraft, useDraft } from './set-entry.tsx';

const setText = (s: Row | undefined, unit: WeightUnit) => (s ? `${displayWeight(Number(s.weight ?? 0), unit)} ${unit} × ${s.reps}` : '—');

export function targetText(p: PlannedExercise | undefined, unit: WeightUnit): string {
  if (!p) return '';
  const parts = [`${p.sets ?? '?'} × ${p.reps ?? '?'}`];
  if (p.weight) parts.push(`@ ${displayWeight(p.weight, unit)} ${unit}`);
  if (p.rest_seconds) parts.push(`rest ${p.rest_seconds} s`);
  return parts.join(' ');
}

interface Props {
  sessionId: string;
  exerciseId: string;
  exercise: Row | undefined;
  plan: PlannedExercise | undefined;
  /** stored sets plus ones tapped but not yet stored */
  sets: Row[];
  stored: Set<string>;
  previous: Row[];
  bests: Bests | undefined;
  unit: WeightUnit;
  onTap: (row: Row) => void;
}

const sameSets = (a: Row[], b: Row[], sa: Set<string>, sb: Set<string>) => a.length === b.length && a.every((x, i) => x.id === b[i].id && sa.has(x.id) === sb.has(x.id));

/** Re-render only the card whose sets changed, so a tap costs one card, not the whole workout. */
export const ExerciseLog = memo(
  ExerciseLogCard,
  (a, b) =>
    sameSets(a.sets, b.sets, a.stored, b.stored) &&
    a.exercise === b.exercise &&
    a.plan === b.plan &&
    a.previous === b.previous &&
    a.bests === b.bests &&
    a.unit === b.unit &&
    a.sessionId === b.sessionId &&
    a.exerciseId === b.exerciseId,
);

/** One exercise of a running session: its sets with last time's beside them, and the next set's inputs. */
function ExerciseLogCard(props: Props) {
  const { sessionId, exerciseId, exercise, plan, sets, stored, previous, bests, unit, onTap } = props;
  const records = optimisticRecords(bests, sets);
  const name = String(exercise?.name ?? 'Exercise');
  const suggested = suggestDraft(sets, previous, plan, unit);
  const { draft, setDraft, reset, forget } = useDraft(sessionId, exerciseId, suggested);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const weightStep = unit === 'lb' ? 5 : 2.5;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseDraft(draft, unit, [...sets, ...previous].map((s) => Number(s.weight ?? NaN)).concat(plan?.weight ?? []));
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    const row = newSetRow({ session_id: sessionId, exercise_id: exerciseId, set_number: sets.length + 1, weight: parsed.weight, reps: parsed.reps, rpe: parsed.rpe, notes: draft.notes.trim() || null, is_warmup: draft.warmup });
    // The write starts first so IndexedDB works while the screen updates.
    const writing = logSet(row, plan?.rest_seconds ?? DEFAULT_REST_SECONDS);
    // An interruptible render, so the write's IndexedDB callbacks are not queued behind it.
    startTransition(() => {
      onTap(row);
      reset();
    });
    try {
      await writing;
      await forget();
    } catch {
      setError('This set could not be saved on this device (storage full or blocked?). Try again.');
    }
  };
  const remove = async (s: Row) => {
    const { id, ...fields } = s;
    await commit([{ table: 'workout_sets', id, delete: true }]);
    notify(`Set ${s.set_number} of ${name} removed`, 'info', { label: 'Undo', run: () => void commit([{ table: 'workout_sets', id, fields }]) });
  };
  const recordsOf = (id: string) => records.filter((r) => r.set_id === id);
  const working = sets.filter((s) => !s.is_warmup).length;
  return (
    <article className="card exercise-log" aria-label={name} data-exercise={exerciseId}>
      <header className="spread">
        <div>
          <h3>{name}</h3>
          {plan && (
            <div className="small muted">
              Target {targetText(plan, unit)} · {working}/{plan.sets ?? '?'} done
            </div>
          )}
        </div>
        <Link href={`/history/exercise/${exerciseId}`} className="small">
          History
        </Link>
      </header>
      {(sets.length > 0 || previous.length > 0) && (
        <table className="set-table">
          <thead>
            <tr>
              <th scope="col">Set</th>
              <th scope="col">Done</th>
              <th scope="col">Last time</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sets.map((s, i) => (
              <tr key={s.id} data-testid="set-row" data-stored={stored.has(s.id) ? 'yes' : 'no'} className={s.is_warmup ? 'set-row warmup' : 'set-row'}>
                <td>{s.is_warmup ? 'W' : i + 1}</td>
                <td>
                  {setText(s, unit)}
                  {s.rpe ? <span className="small muted"> @{String(s.rpe)}</span> : null}
                  {recordsOf(s.id).map((r) => (
                    <span key={r.record_type} className="badge badge-ok pr-badge" title="A personal record (confirmed when synced)">
                      🏆 {RECORD_WORDS[r.record_type]}
                    </span>
                  ))}
                  {s.notes ? <div className="small muted">{String(s.notes)}</div> : null}
                </td>
                <td className="muted">{setText(previous[i], unit)}</td>
                <td>
                  <button type="button" className="btn btn-small" aria-label={`Remove set ${i + 1} of ${name}`} onClick={() => void remove(s)}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
            {previous.slice(sets.length).map((p, i) => (
              <tr key={p.id} className="set-row upcoming">
                <td>{sets.length + i + 1}</td>
                <td className="muted">—</td>
                <td className="muted">{setText(p, unit)}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="set-entry" onSubmit={(e) => void submit(e)} aria-label={`Next set of ${name}`}>
        <div className="stepper">
          <button type="button" className="btn" aria-label={`Less weight for ${name}`} onClick={() => setDraft({ weight: step(draft.weight, -weightStep) })}>
            −
          </button>
          <label>
            <span className="small muted">Weight ({unit})</span>
            <input inputMode="decimal" value={draft.weight} onChange={(e) => setDraft({ weight: e.target.value })} aria-label={`Weight for ${name}`} name="weight" />
          </label>
          <button type="button" className="btn" aria-label={`More weight for ${name}`} onClick={() => setDraft({ weight: step(draft.weight, weightStep) })}>
            +
          </button>
        </div>
        <div className="stepper">
          <button type="button" className="btn" aria-label={`Fewer reps for ${name}`} onClick={() => setDraft({ reps: step(draft.reps, -1, 1) })}>
            −
          </button>
          <label>
            <span className="small muted">Reps</span>
            <input inputMode="numeric" value={draft.reps} onChange={(e) => setDraft({ reps: e.target.value })} aria-label={`Reps for ${name}`} name="reps" />
          </label>
          <button type="button" className="btn" aria-label={`More reps for ${name}`} onClick={() => setDraft({ reps: step(draft.reps, 1, 1) })}>
            +
          </button>
        </div>
        <button type="submit" className="btn btn-primary btn-big log-set-btn" aria-label={`Log set for ${name}`}>
          Log set
        </button>
        <div className="set-extras row">
          <label className="check">
            <input type="checkbox" checked={draft.warmup} onChange={(e) => setDraft({ warmup: e.target.checked })} /> Warm-up
          </label>
          <label className="rpe">
            <span className="small muted">RPE</span>
            <select value={draft.rpe} onChange={(e) => setDraft({ rpe: e.target.value })} aria-label={`RPE for ${name}`}>
              <option value="">–</option>
              {[6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 1, 2, 3, 4, 5].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-small" onClick={() => setMore(!more)} aria-expanded={more}>
            {more ? 'Hide note' : 'Note'}
          </button>
        </div>
        {more && <input value={draft.notes} onChange={(e) => setDraft({ notes: e.target.value })} placeholder="How did it feel?" maxLength={500} aria-label={`Note for the next set of ${name}`} />}
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </article>
  );
}
