import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useLocation } from 'wouter';
import { db, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { notify } from '../../ui/notices.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { displayWeight, sessionVolume, type Bests, type WeightUnit } from '@ignition/shared/rules/fitness.ts';
import { useWeightUnit } from './library.ts';
import { ExercisePicker, useReturnFocus } from './exercise-picker.tsx';
import { RestTimerBar } from './rest-timer.tsx';
import { ExerciseLog } from './exercise-log.tsx';
import { clearDrafts } from './set-entry.tsx';
import { asSet, finishSession, historyBests, loadPlan, optimisticRecords, previousPerformance, RECORD_WORDS, recordRewards, type PlannedExercise } from './session-logic.ts';

const extraKey = (id: string) => `exercise_session_extra:${id}`;
/** The workout notes as typed, kept on every keystroke (the row itself is written when the field is left). */
const notesKey = (id: string) => `exercise_session_notes:${id}`;
const NONE: Row[] = [];

/** The exercises of a session: the template's, the ones added here, and any with sets already. */
function orderOf(plan: PlannedExercise[], extra: string[], sets: Row[]): string[] {
  const ids: string[] = [];
  for (const id of [...plan.map((p) => p.exercise_id), ...extra, ...sets.map((s) => String(s.exercise_id))]) if (!ids.includes(id)) ids.push(id);
  return ids;
}

function Elapsed({ since }: { since: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(id);
  }, []);
  const min = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  return <span>{min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`}</span>;
}

export const volumeText = (kg: number, unit: WeightUnit) => `${Math.round(Number(displayWeight(kg, unit)) || 0).toLocaleString()} ${unit}`;

export function SessionView({ sessionId }: { sessionId: string }) {
  const [, navigate] = useLocation();
  const [unit] = useWeightUnit();
  const session = useLiveQuery(() => db.workout_sessions.get(sessionId).then((s) => s ?? null), [sessionId]);
  const sets = useLiveQuery(() => db.workout_sets.where('session_id').equals(sessionId).sortBy('created_at'), [sessionId]);
  const extra = useLiveQuery(() => db.meta.get(extraKey(sessionId)).then((m) => (m?.value as string[] | undefined) ?? []), [sessionId]);
  const typedNotes = useLiveQuery(() => db.meta.get(notesKey(sessionId)).then((m) => (typeof m?.value === 'string' ? m.value : null)), [sessionId]);
  const workoutId = session?.workout_id as string | undefined;
  const plan = useLiveQuery(() => loadPlan(workoutId), [workoutId]);
  const ids = useMemo(() => (plan && extra && sets ? orderOf(plan, extra, sets) : []), [plan, extra, sets]);
  const idKey = ids.join(',');
  const exercises = useLiveQuery(async () => new Map((await db.exercises.bulkGet(ids)).filter(Boolean).map((e) => [e!.id, e!])), [idKey]);
  // Last time and the bests so far do not change while this session runs: read once per exercise.
  const [previous, setPrevious] = useState<Map<string, Row[]>>(new Map());
  const [bests, setBests] = useState<Map<string, Bests>>(new Map());
  useEffect(() => {
    let live = true;
    const missing = ids.filter((id) => !previous.has(id));
    if (!missing.length) return;
    void Promise.all(missing.map(async (id) => [id, await previousPerformance(id, sessionId), await historyBests(id, sessionId)] as const)).then((rows) => {
      if (!live) return;
      setPrevious((p) => new Map([...p, ...rows.map(([id, prev]) => [id, prev] as const)]));
      setBests((b) => new Map([...b, ...rows.map(([id, , best]) => [id, best] as const)]));
    });
    return () => void (live = false);
    // `idKey` stands for `ids` (a new array each render); `previous` is what this effect fills.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [idKey, sessionId]);
  // Sets tapped but not yet back from IndexedDB: shown at once, dropped once the stored copy arrives.
  const [tapped, setTapped] = useState<Row[]>([]);
  const onTap = useCallback((row: Row) => setTapped((t) => [...t, row]), []);
  const storedIds = useMemo(() => new Set((sets ?? []).map((s) => s.id)), [sets]);
  const shownSets = useMemo(() => [...(sets ?? []), ...tapped.filter((t) => !storedIds.has(t.id))], [sets, tapped, storedIds]);
  useEffect(() => {
    if (tapped.length && tapped.every((t) => storedIds.has(t.id))) setTapped([]);
  }, [storedIds, tapped]);
  const byExerciseMap = useMemo(() => {
    const m = new Map<string, Row[]>();
    for (const s of shownSets) m.set(String(s.exercise_id), [...(m.get(String(s.exercise_id)) ?? []), s]);
    return m;
  }, [shownSets]);
  const [picking, setPicking] = useState(false);
  const addButton = useReturnFocus();
  const [notes, setNotes] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session === undefined || sets === undefined || plan === undefined || exercises === undefined || typedNotes === undefined) return <p className="muted">Loading your workout…</p>;
  if (session === null)
    return (
      <EmptyState icon="🤷" title="This workout is not here" action={<Link href="/" className="btn">Back to Exercise</Link>}>
        It may have been discarded on another device.
      </EmptyState>
    );
  if (session.completed_at)
    return (
      <div className="card stack">
        <p>
          <strong>{String(session.name)}</strong> is finished.
        </p>
        <Link href={`/history/session/${sessionId}`} className="btn btn-primary">
          See the summary
        </Link>
      </div>
    );

  const byExercise = (id: string) => byExerciseMap.get(id) ?? [];
  const notesText = notes ?? typedNotes ?? String(session.notes ?? '');
  const typeNotes = (text: string) => {
    setNotes(text);
    void db.meta.put({ key: notesKey(sessionId), value: text });
  };
  const closePicker = () => {
    addButton.closing();
    setPicking(false);
  };
  const addExercise = async (e: Row) => {
    closePicker();
    if (ids.includes(e.id)) return;
    await db.meta.put({ key: extraKey(sessionId), value: [...(extra ?? []), e.id] });
  };
  const finish = async () => {
    if (!sets.length && !confirm('No sets logged. Finish anyway? It earns no XP.')) return;
    setBusy(true);
    const prs = ids.flatMap((id) => optimisticRecords(bests.get(id), byExercise(id)).map((r) => ({ ...r, exercise_id: id })));
    const { reward } = await finishSession(session, notesText, shownSets);
    await clearDrafts(sessionId);
    await db.meta.bulkDelete([extraKey(sessionId), notesKey(sessionId)]);
    // The records this device can already see count in the figure (as the server will count them), marked as pending.
    const forRecords = 'rejected' in reward ? 0 : recordRewards(prs.length).xp;
    const xp = 'rejected' in reward ? 'no XP (no working sets)' : `+${reward.xp + forRecords} XP`;
    const prText = prs.length
      ? ` · ${prs.length} new record${prs.length > 1 ? 's' : ''} (${[...new Set(prs.map((p) => RECORD_WORDS[p.record_type]))].join(', ')})${forRecords ? `, ${forRecords} XP of it confirmed when synced` : ''}`
      : '';
    notify(`Workout finished: ${xp}${prText}`, 'success');
    navigate(`/history/session/${sessionId}`);
  };
  const discard = async () => {
    if (!confirm('Discard this workout and its sets? This cannot be undone.')) return;
    await commit([{ table: 'workout_sessions', id: sessionId, delete: true }]);
    await clearDrafts(sessionId);
    await db.meta.bulkDelete([extraKey(sessionId), notesKey(sessionId)]);
    notify('Workout discarded', 'info');
    navigate('/');
  };
  const workingSets = shownSets.filter((s) => !s.is_warmup);
  return (
    <div className="stack session-view">
      <div className="spread session-head">
        <div>
          <h2 className="session-title">{String(session.name ?? 'Workout')}</h2>
          <div className="small muted">
            <Elapsed since={String(session.started_at)} /> · <span data-testid="session-set-count">{shownSets.length}</span> sets · {volumeText(sessionVolume(shownSets.map(asSet)), unit)}
          </div>
        </div>
        <span className="small muted">{workingSets.length} working</span>
      </div>
      {/* While the picker is open it takes the empty state's place, at the top: below it, it opened off-screen on a phone. */}
      {ids.length === 0 && !picking && <EmptyState icon="🏋️" title="Add your first exercise">Pick from the library; your sets are saved on this device as you go.</EmptyState>}
      {ids.map((id) => (
        <ExerciseLog
          key={id}
          sessionId={sessionId}
          exercise={exercises.get(id)}
          exerciseId={id}
          plan={plan.find((p) => p.exercise_id === id)}
          sets={byExercise(id)}
          stored={storedIds}
          previous={previous.get(id) ?? NONE}
          bests={bests.get(id)}
          unit={unit}
          onTap={onTap}
        />
      ))}
      {picking ? (
        <ExercisePicker onPick={(e) => void addExercise(e)} onCancel={closePicker} />
      ) : (
        <button type="button" className="btn" onClick={() => setPicking(true)} ref={addButton.ref}>
          + Add exercise
        </button>
      )}
      <div className="card stack">
        <label>
          Workout notes
          <textarea rows={2} value={notesText} onChange={(e) => typeNotes(e.target.value)} onBlur={() => notes !== null && void commit([{ table: 'workout_sessions', id: sessionId, fields: { notes } }])} maxLength={2000} name="session-notes" />
        </label>
        <div className="row">
          <button type="button" className="btn btn-primary btn-big" onClick={() => void finish()} disabled={busy}>
            Finish workout
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void discard()}>
            Discard
          </button>
        </div>
      </div>
      <RestTimerBar sessionId={sessionId} />
    </div>
  );
}
