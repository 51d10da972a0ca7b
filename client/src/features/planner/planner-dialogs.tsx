import { Link } from 'wouter';
import { Dialog } from '../../ui/dialog.tsx';
import type { Row } from '../../db/db.ts';
import type { Scope } from '@ignition/shared/rules/planner-edits.ts';
import { describeRecurrence, parseRecurrence, utcToZoned } from '@ignition/shared/rules/recurrence.ts';
import { dayLabel, eventColor, timeLabel } from './planner-format.ts';
import { setCompleted, type Occ } from './planner-actions.ts';

/** "This occurrence or all?" for drags and deletes of a recurring event. */
export function ScopeDialog({ action, onChoose, onClose }: { action: string; onChoose: (scope: Scope) => void; onClose: () => void }) {
  return (
    <Dialog label={`${action} a recurring event`} onClose={onClose}>
      <h2>{action} a recurring event</h2>
      <p className="muted">This event repeats. Change only this occurrence, or every occurrence?</p>
      <div className="stack">
        <button className="btn btn-primary" onClick={() => onChoose('one')} autoFocus>
          This occurrence
        </button>
        <button className="btn" onClick={() => onChoose('all')}>
          All occurrences
        </button>
        <button className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

export function EventDetails({ occ, tz, workouts, onEdit, onDelete, onClose }: { occ: Occ; tz: string; workouts: Row[]; onEdit: () => void; onDelete: () => void; onClose: () => void }) {
  const rule = parseRecurrence(occ.override ? null : (occ.row.recurrence as string));
  const workout = workouts.find((w) => w.id === occ.row.linked_workout_id);
  const day = utcToZoned(occ.start, tz).date;
  return (
    <Dialog label={String(occ.row.title)} onClose={onClose}>
      <div className="planner-details" style={{ borderColor: eventColor(occ.row) }}>
        <div className="spread">
          <h2>{String(occ.row.title)}</h2>
          <span className="badge">{String(occ.row.event_type ?? 'meeting')}</span>
        </div>
        <p>
          {dayLabel(day, 'long')} · {timeLabel(occ, tz)}
        </p>
        {rule && <p className="muted small">↻ {describeRecurrence(rule)}</p>}
        {occ.override && <p className="muted small">↻ Moved from {dayLabel(occ.occurrenceDate, 'long')} (one occurrence of a repeating event)</p>}
        {occ.row.linked_workout_id ? (
          <p className="small row">
            🏋️ Workout: {workout ? <Link href={`/exercise/templates/${workout.id}`}>{String(workout.name)}</Link> : <span className="muted">a template not on this device</span>}
            {workout && (
              <Link className="btn btn-small" href={`/exercise/start/${workout.id}`}>
                Start workout
              </Link>
            )}
          </p>
        ) : null}
        {occ.row.description ? <p className="planner-notes">{String(occ.row.description)}</p> : null}
        <div className="row">
          <button
            className={`btn ${occ.completed ? '' : 'btn-primary'}`}
            onClick={() => void setCompleted(occ, !occ.completed).then(onClose)}
            aria-pressed={occ.completed}
          >
            {occ.completed ? '✓ Done — mark not done' : 'Mark complete'}
          </button>
          <button className="btn" onClick={onEdit}>
            Edit
          </button>
          <button className="btn btn-danger" onClick={onDelete}>
            Delete
          </button>
          <button className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
