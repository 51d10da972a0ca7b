import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { db, type Row } from '../../db/db.ts';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Chart } from '../../ui/chart.tsx';
import { displayWeight, fromKg, sessionVolume, type WeightUnit } from '@ignition/shared/rules/fitness.ts';
import { useWeightUnit } from './library.ts';
import { asSet, historyBests, historyPoints, loadSessionPage, optimisticRecords, RECORD_WORDS, recordRewards } from './session-logic.ts';
import { volumeText } from './session-view.tsx';
import { formatLocal } from '../../ui/date-format.ts';
import { usePagedLiveQuery } from '../../ui/use-paged-query.ts';

// Reused formatters: the session list shows one date per finished workout (hundreds after a few years).
const dateText = (iso: unknown) => formatLocal(new Date(String(iso)), [], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const minutes = (s: Row) => (s.completed_at ? Math.max(1, Math.round((Date.parse(String(s.completed_at)) - Date.parse(String(s.started_at))) / 60_000)) : null);
export function recordValue(r: Row, unit: WeightUnit): string {
  const v = Number(r.value ?? 0);
  if (r.record_type === 'reps') return `${v} reps at ${displayWeight(Number(r.weight ?? 0), unit)} ${unit}`;
  if (r.record_type === 'volume') return volumeText(v, unit);
  return `${displayWeight(v, unit)} ${unit}`;
}

const PAGE = 30;

/** Finished sessions, newest first, with their totals, a page at a time (loadSessionPage). */
export function SessionList() {
  const [unit] = useWeightUnit();
  const { data, showMore } = usePagedLiveQuery(loadSessionPage, PAGE);
  if (!data) return null;
  if (!data.sessions.length)
    return (
      <EmptyState icon="📈" title="No finished workouts yet" action={<Link href="/" className="btn btn-primary">Start a workout</Link>}>
        Finished workouts appear here with their sets, volume and records.
      </EmptyState>
    );
  const setsOf = new Map<string, Row[]>();
  for (const s of data.sets) {
    const list = setsOf.get(String(s.session_id));
    if (list) list.push(s);
    else setsOf.set(String(s.session_id), [s]);
  }
  return (
    <>
      <ul className="list">
        {data.sessions.map((s) => {
          const sets = setsOf.get(s.id) ?? [];
          const prs = data.records.get(s.id) ?? 0;
          return (
            <li key={s.id}>
              <Link href={`/history/session/${s.id}`} className="card session-row" data-testid="session-row">
                <div className="spread">
                  <strong>{String(s.name ?? 'Workout')}</strong>
                  <span className="small muted">{dateText(s.started_at)}</span>
                </div>
                <div className="small muted">
                  {sets.length} sets · {volumeText(sessionVolume(sets.map(asSet)), unit)}
                  {minutes(s) ? ` · ${minutes(s)} min` : ''}
                  {prs ? ` · 🏆 ${prs}` : ''}
                </div>
              </Link>
            </li>
          );
        })}
      </ul>
      {data.more && (
        <button className="btn" onClick={showMore} data-testid="more-sessions">
          Show older workouts
        </button>
      )}
    </>
  );
}

/** One session: its sets by exercise, its records (each linked to its set) and what it earned. */
export function SessionDetail({ sessionId }: { sessionId: string }) {
  const [unit] = useWeightUnit();
  const data = useLiveQuery(async () => {
    const session = await db.workout_sessions.get(sessionId);
    const sets = await db.workout_sets.where('session_id').equals(sessionId).sortBy('created_at');
    const records = await db.personal_records.where('exercise_id').anyOf([...new Set(sets.map((s) => String(s.exercise_id)))]).filter((r) => r.session_id === sessionId).toArray();
    // What the session earned: its workout_complete and the records' events, by the event_type index (not every event on the device).
    const events = await db.activity_events
      .where('event_type')
      .anyOf(['workout_complete', 'personal_record'])
      .filter((e) => e.entity_id === sessionId || (e.event_type === 'personal_record' && e.metadata?.session_id === sessionId))
      .toArray();
    const names = new Map((await db.exercises.bulkGet([...new Set(sets.map((s) => String(s.exercise_id)))])).filter(Boolean).map((e) => [e!.id, String(e!.name)]));
    const pending = events.some((e) => e.sync_status === 'pending');
    // Until the server answers, show the records this device expects.
    const guessed = pending || !records.length ? (await Promise.all([...names.keys()].map(async (id) => optimisticRecords(await historyBests(id, sessionId), sets.filter((s) => s.exercise_id === id)).map((r) => ({ ...r, exercise_id: id }))))).flat() : [];
    return { session, sets, records, events, names, pending, guessed };
  }, [sessionId]);
  if (!data) return null;
  if (!data.session) return <p>This workout is not here. <Link href="/history">All workouts</Link></p>;
  const { session, sets, records, events, names, pending, guessed } = data;
  const earned = events.filter((e) => e.sync_status !== 'rejected').reduce((a, e) => a + Number(e.xp_earned ?? 0), 0);
  // Before the server has answered, the records this device can see count as the server will count
  // them (marked pending), so the figure does not jump from +24 to +54 XP on sync.
  const hasWorkoutXp = events.some((e) => e.event_type === 'workout_complete' && e.sync_status !== 'rejected');
  const guessedXp = pending && hasWorkoutXp && !records.length && !events.some((e) => e.event_type === 'personal_record') ? recordRewards(guessed.length).xp : 0;
  const xp = earned + guessedXp;
  const byExercise = [...names.keys()];
  const recordSets = new Set([...records.map((r) => String(r.set_id)), ...(records.length ? [] : guessed.map((g) => g.set_id))]);
  return (
    <div className="stack session-detail">
      <div className="card">
        <div className="spread">
          <h2>{String(session.name ?? 'Workout')}</h2>
          <strong data-testid="session-xp">+{xp} XP</strong>
        </div>
        <p className="small muted">
          {dateText(session.started_at)} · <span data-testid="session-detail-sets">{sets.length}</span> sets · {volumeText(sessionVolume(sets.map(asSet)), unit)}
          {minutes(session) ? ` · ${minutes(session)} min` : ''}
          {session.completed_at ? '' : ' · in progress'}
        </p>
        {session.notes ? <p>{String(session.notes)}</p> : null}
        {pending && (
          <p className="small muted" data-testid="session-xp-pending">
            {guessedXp ? `Includes ${guessedXp} XP for new records. ` : ''}XP and records are confirmed when this device syncs.
          </p>
        )}
      </div>
      {(records.length > 0 || guessed.length > 0) && (
        <div className="card">
          <h3>Personal records</h3>
          <ul className="list" data-testid="session-records">
            {(records.length ? records : guessed.map((g) => ({ ...g, id: `${g.exercise_id}-${g.record_type}`, weight: sets.find((s) => s.id === g.set_id)?.weight }) as Row)).map((r) => (
              <li key={r.id} data-testid="record" data-confirmed={records.length ? 'yes' : 'no'}>
                🏆 <a href={`#set-${r.set_id}`}>{names.get(String(r.exercise_id))}: {RECORD_WORDS[String(r.record_type)]}</a> — {recordValue(r, unit)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {byExercise.map((id) => (
        <div key={id} className="card">
          <div className="spread">
            <h3>{names.get(id)}</h3>
            <Link href={`/history/exercise/${id}`} className="small">
              History
            </Link>
          </div>
          <ol className="set-list">
            {sets
              .filter((s) => s.exercise_id === id)
              .map((s) => (
                <li key={s.id} id={`set-${s.id}`} className={recordSets.has(s.id) ? 'set-record' : undefined}>
                  {s.is_warmup ? 'Warm-up: ' : ''}
                  {displayWeight(Number(s.weight ?? 0), unit)} {unit} × {String(s.reps)}
                  {s.rpe ? ` @${String(s.rpe)}` : ''}
                  {recordSets.has(s.id) ? ' 🏆' : ''}
                  {s.notes ? <span className="small muted"> — {String(s.notes)}</span> : null}
                </li>
              ))}
          </ol>
        </div>
      ))}
      <Link href="/history" className="btn">
        All workouts
      </Link>
    </div>
  );
}

/** One exercise over time: estimated 1RM and volume per session, and its records. */
export function ExerciseHistory({ exerciseId }: { exerciseId: string }) {
  const [unit] = useWeightUnit();
  const data = useLiveQuery(async () => {
    const exercise = await db.exercises.get(exerciseId);
    const sets = await db.workout_sets.where('exercise_id').equals(exerciseId).toArray();
    const sessions = new Map((await db.workout_sessions.bulkGet([...new Set(sets.map((s) => String(s.session_id)))])).filter((s) => s?.completed_at).map((s) => [s!.id, s!]));
    const records = await db.personal_records.where('exercise_id').equals(exerciseId).toArray();
    return { exercise, sets, sessions, records };
  }, [exerciseId]);
  if (!data) return null;
  const points = historyPoints(data.sessions.values(), data.sets);
  const best = new Map<string, Row>();
  for (const r of data.records) if (!best.has(String(r.record_type)) || Number(r.value) > Number(best.get(String(r.record_type))!.value)) best.set(String(r.record_type), r);
  const conv = (kg: number) => Math.round(fromKg(kg, unit) * 10) / 10;
  return (
    <div className="stack">
      <h2>{String(data.exercise?.name ?? 'Exercise')}</h2>
      {data.exercise?.instructions ? <p className="muted">{String(data.exercise.instructions)}</p> : null}
      {best.size > 0 && (
        <div className="grid records-grid">
          {[...best.values()].map((r) => (
            <div key={r.id} className="card stat">
              <span className="small muted">{RECORD_WORDS[String(r.record_type)]}</span>
              <strong>{recordValue(r, unit)}</strong>
              <Link href={`/history/session/${r.session_id}#set-${r.set_id}`} className="small">
                {dateText(r.achieved_at)}
              </Link>
            </div>
          ))}
        </div>
      )}
      <Chart title={`Estimated 1RM (${unit})`} x={points.map((p) => p.t)} series={[{ label: 'Estimated 1RM', values: points.map((p) => conv(p.e1rm)) }]} formatY={(v) => `${v} ${unit}`} empty="Finish a workout with this exercise to see your estimated 1RM over time." />
      <Chart title={`Volume per session (${unit})`} x={points.map((p) => p.t)} series={[{ label: 'Volume', values: points.map((p) => conv(p.volume)), bars: true }]} formatY={(v) => `${v} ${unit}`} empty="No volume yet." />
      {points.length > 0 && (
        <ul className="list">
          {[...points].reverse().slice(0, 50).map((p) => (
            <li key={p.s.id} className="card">
              <Link href={`/history/session/${p.s.id}`}>{dateText(p.s.started_at)}</Link>
              <div className="small muted">{p.sets.map((x) => `${displayWeight(Number(x.weight), unit)}×${String(x.reps)}`).join(', ')}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
