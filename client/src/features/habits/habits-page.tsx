import { useMemo, useState, type FormEvent } from 'react';
import { fieldProblem } from '@ignition/shared/contracts.ts';
import { Flame } from 'lucide-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal, type WriteOp } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { YearHeatmap } from '../../ui/heatmap.tsx';
import { SkillSelect } from '../../ui/skill-select.tsx';
import { habitScheduleOf, WEEKDAY_BITS } from '@ignition/shared/rules/habits.ts';
import { addDays, daysBetween } from '@ignition/shared/dates.ts';
import { Chart } from '../../ui/chart.tsx';
import { habitStreak, isHabitDueOn, optimisticHabitReward, periodCount, periodEvents, scheduleWords, strengthOf, WEEKDAYS } from './habit-logic.ts';
import './habits.css';
import { FormFooter } from '../../ui/form-footer.tsx';
import { useUrlIntent } from '../../ui/url-intent.ts';

type ScheduleChoice = 'daily' | 'weekdays' | 'weekly' | 'every_n_days';
const SCHEDULE_CHOICES: Array<{ value: ScheduleChoice; label: string }> = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekdays', label: 'Certain days' },
  { value: 'weekly', label: 'Times a week' },
  { value: 'every_n_days', label: 'Every N days' },
];

function HabitForm({ habit, onDone }: { habit?: Row; onDone: () => void }) {
  const [name, setName] = useState(String(habit?.name ?? ''));
  const [description, setDescription] = useState(String(habit?.description ?? ''));
  const initial = habit ? habitScheduleOf(habit) : { kind: 'daily' as const };
  const [choice, setChoice] = useState<ScheduleChoice>(initial.kind);
  const [days, setDays] = useState(initial.kind === 'weekdays' ? initial.days : WEEKDAY_BITS.mon | WEEKDAY_BITS.wed | WEEKDAY_BITS.fri);
  const [every, setEvery] = useState(initial.kind === 'every_n_days' ? initial.every : 2);
  const [start, setStart] = useState(initial.kind === 'every_n_days' ? initial.start : todayLocal());
  const [target, setTarget] = useState(Number(habit?.target_count ?? (initial.kind === 'weekly' ? 3 : 1)));
  const frequency = choice === 'weekly' ? 'weekly' : 'daily';
  const [skill, setSkill] = useState(String(habit?.skill_id ?? 'proficiency'));
  const [xp, setXp] = useState(Number(habit?.xp_reward ?? 10));
  const [coins, setCoins] = useState(Number(habit?.coin_reward ?? 5));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the habit a name');
    // The habits row contract's limits, the same the server holds a pushed habit to.
    const problem =
      fieldProblem('habits', 'target_count', target, 'The target') ??
      fieldProblem('habits', 'xp_reward', xp, 'XP') ??
      fieldProblem('habits', 'coin_reward', coins, 'Coins') ??
      (choice === 'every_n_days' ? fieldProblem('habits', 'schedule_every', every, 'Every N days') : null);
    if (problem) return setError(problem);
    if (choice === 'weekdays' && !days) return setError('Pick at least one day');
    // Every schedule field is written on every save, so the later edit on another device wins whole.
    const now = new Date().toISOString();
    await commit([
      {
        table: 'habits',
        id: String(habit?.id ?? newId()),
        fields: {
          name: name.trim(),
          description: description.trim() || null,
          frequency,
          schedule: choice === 'weekdays' || choice === 'every_n_days' ? choice : null,
          schedule_days: choice === 'weekdays' ? days : null,
          schedule_every: choice === 'every_n_days' ? every : null,
          schedule_start: choice === 'every_n_days' ? start : null,
          target_count: target,
          skill_id: skill,
          xp_reward: xp,
          coin_reward: coins,
          updated_at: now,
          ...(habit ? {} : { created_at: now, archived: false }),
        },
      },
    ]);
    notify(habit ? 'Habit saved' : `Habit “${name.trim()}” created`, 'success');
    onDone();
  };
  return (
    <form className="form card" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={habit ? 'Edit habit' : 'New habit'}>
      <div className="form-row">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={100} name="habit-name" />
        </label>
      </div>
      <fieldset className="habit-schedule">
        <legend>How often</legend>
        <div className="segmented" role="radiogroup" aria-label="How often">
          {SCHEDULE_CHOICES.map((c) => (
            <label key={c.value} className={`segment${choice === c.value ? ' on' : ''}`}>
              <input type="radio" name="habit-schedule" value={c.value} checked={choice === c.value} onChange={() => setChoice(c.value)} />
              {c.label}
            </label>
          ))}
        </div>
        {choice === 'weekdays' && (
          <div className="weekday-picks" role="group" aria-label="Days">
            {WEEKDAYS.map((d) => (
              <button type="button" key={d.bit} className={`btn weekday${days & d.bit ? ' btn-primary' : ''}`} aria-pressed={!!(days & d.bit)} onClick={() => setDays(days ^ d.bit)}>
                {d.label}
              </button>
            ))}
          </div>
        )}
        {choice === 'every_n_days' && (
          <div className="form-row">
            <label>
              Every … days
              <input type="number" min={2} max={365} value={every} onChange={(e) => setEvery(Number(e.target.value))} name="schedule-every" />
            </label>
            <label>
              Starting
              <input type="date" value={start} onChange={(e) => setStart(e.target.value || todayLocal())} name="schedule-start" />
            </label>
          </div>
        )}
        <label>
          {choice === 'weekly' ? 'Times a week' : choice === 'daily' ? 'Times a day' : choice === 'weekdays' ? 'Times on each of those days' : 'Times in each period'}
          <input type="number" min={1} max={100} value={target} onChange={(e) => setTarget(Number(e.target.value))} name="habit-target" />
        </label>
      </fieldset>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      </label>
      <div className="form-row">
        <label>
          Skill
          <SkillSelect value={skill} onChange={setSkill} />
        </label>
        <label>
          XP per completion
          <input type="number" min={0} max={100} value={xp} onChange={(e) => setXp(Number(e.target.value))} />
        </label>
        <label>
          Coins per completion
          <input type="number" min={0} max={50} value={coins} onChange={(e) => setCoins(Number(e.target.value))} />
        </label>
      </div>
      <FormFooter error={error} submitLabel={habit ? 'Save' : 'Create habit'} onCancel={onDone} />
    </form>
  );
}

const NO_LOGS: Row[] = [];

/** The longest vacation one go may skip (as the REST route allows). */
const MAX_VACATION_DAYS = 92;
const secs = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

/** The strength score as a number and a small chart of its course (the last half year). */
function HabitStrength({ habit, logs, skips, today }: { habit: Row; logs: Row[]; skips: Row[]; today: string }) {
  const { score, series } = useMemo(() => strengthOf(habit, logs, skips, today), [habit, logs, skips, today]);
  const recent = useMemo(() => series.filter((p) => p.date >= addDays(today, -182)), [series, today]);
  const x = useMemo(() => recent.map((p) => secs(p.date)), [recent]);
  const chartSeries = useMemo(() => [{ label: 'Strength', values: recent.map((p) => Math.round(p.score * 100)), color: '#10b981' }], [recent]);
  return (
    <div className="habit-strength">
      <p className="small">
        Strength <strong data-testid="habit-strength">{Math.round(score * 100)}%</strong>{' '}
        <span className="muted">— how steady the habit is lately; one miss after a long run is a dip, not a zero.</span>
      </p>
      <Chart title="Strength over the last six months" x={x} series={chartSeries} height={120} formatY={(v) => `${v}%`} empty="Log it a few times to see its strength grow." />
    </div>
  );
}

/** A vacation: every day from..to skipped at once (reason "vacation"), undone at once. */
function VacationForm({ habit, skips, today }: { habit: Row; skips: Row[]; today: string }) {
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 6));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (to < from) return setError('The vacation ends before it starts');
    if (daysBetween(from, to) + 1 > MAX_VACATION_DAYS) return setError(`A vacation is at most ${MAX_VACATION_DAYS} days at a time`);
    setError(null);
    const had = new Set(skips.map((k) => String(k.date)));
    const now = new Date().toISOString();
    const rows: WriteOp[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (!had.has(d)) rows.push({ table: 'habit_skips', id: newId(), fields: { habit_id: habit.id, date: d, reason: 'vacation', created_at: now } });
    if (rows.length === 0) return notify('Those days are already skipped');
    await commit(rows);
    notify(`Vacation ${from} – ${to}: “${habit.name}” is paused, its streak kept`, 'success', { label: 'Undo', run: () => void commit(rows.map((r) => ({ table: 'habit_skips', id: r.id, delete: true as const }))) });
  };
  return (
    <form className="form-row vacation-form" onSubmit={submit} aria-label="Vacation">
      <label>
        Vacation from
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value || today)} name="vacation-from" />
      </label>
      <label>
        to
        <input type="date" value={to} onChange={(e) => setTo(e.target.value || from)} name="vacation-to" />
      </label>
      <button className="btn" type="submit">
        Skip these days
      </button>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** `logs`: this habit's logs only, newest first (grouped once by the page); `skips`: its skipped days. */
function HabitCard({ habit, logs, skips, today }: { habit: Row; logs: Row[]; skips: Row[]; today: string }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  // Text while typing (an empty field is allowed), a whole number 1–100 when logging.
  const [countText, setCountText] = useState('1');
  const count = Math.min(100, Math.max(1, Math.floor(Number(countText)) || 1));
  const [note, setNote] = useState('');
  const [date, setDate] = useState(today);
  const target = Number(habit.target_count ?? 1);
  const done = periodCount(habit, logs, today);
  const streak = habitStreak(habit, logs, today, skips);
  const schedule = habitScheduleOf(habit);
  const dueToday = isHabitDueOn(schedule, today);
  const skippedToday = skips.filter((k) => k.date === today);
  const heat = useMemo(() => {
    const m = new Map<string, number>();
    for (const l of logs) m.set(String(l.date), (m.get(String(l.date)) ?? 0) + Number(l.count ?? 1));
    return m;
  }, [logs]);
  const skippedDays = useMemo(() => new Set(skips.map((k) => String(k.date))), [skips]);
  const unit = schedule.kind === 'weekly' ? 'week' : schedule.kind === 'every_n_days' ? 'period' : 'day';

  const skip = async () => {
    const skipId = newId();
    await commit([{ table: 'habit_skips', id: skipId, fields: { habit_id: habit.id, date: today, reason: 'skipped', created_at: new Date().toISOString() } }]);
    notify(`Skipped “${habit.name}” today — the streak is kept`, 'info', { label: 'Undo', run: () => void commit([{ table: 'habit_skips', id: skipId, delete: true }]) });
  };
  const unskip = async (rows: Row[]) => {
    await commit(rows.map((k) => ({ table: 'habit_skips', id: String(k.id), delete: true as const })));
    notify(rows.length === 1 ? `Skip of ${String(rows[0].date)} undone` : 'Skips undone');
  };

  const log = async () => {
    const logId = newId();
    // The rewards already paid in this log's period, read now rather than watched for the whole page.
    const reward = optimisticHabitReward(habit, logs, today, count, date, await periodEvents(habit, date), skips);
    await commit(
      [{ table: 'habit_logs', id: logId, fields: { habit_id: habit.id, date, count, notes: note.trim() || null, created_at: new Date().toISOString() } }],
      // The completion belongs to the day it was done on, so a log for yesterday counts for yesterday.
      [{ event_type: 'habit_complete', entity_id: logId, skill_id: reward.skill, xp: reward.xp, coins: reward.coins, local_date: date, metadata: { habit_id: habit.id, log_date: date, count } }],
    );
    setNote('');
    notify(reward.xp ? `Logged “${habit.name}” · +${reward.xp} XP` : `Logged “${habit.name}”`, 'success', { label: 'Undo', run: () => void undo(logId) });
  };
  const undo = async (logId: string) => {
    await commit([{ table: 'habit_logs', id: logId, delete: true }]);
    // Rewards are paid once per completion: logging the same period again is not paid twice.
    notify('Log removed — its XP and coins stay earned, and logging it again won’t pay twice');
  };
  const archive = async () => {
    await commit([{ table: 'habits', id: habit.id, fields: { archived: !habit.archived, updated_at: new Date().toISOString() } }]);
    notify(habit.archived ? 'Habit restored' : 'Habit archived', 'info', { label: 'Undo', run: () => void commit([{ table: 'habits', id: habit.id, fields: { archived: !!habit.archived } }]) });
  };
  if (editing) return <HabitForm habit={habit} onDone={() => setEditing(false)} />;
  return (
    <li className="habit-card" data-testid="habit-card" id={`habit-${habit.id}`}>
      <div className="spread">
        <div>
          {/* The page's h1 is next above: a card's title is an h2, sized as a card title. */}
          <h2 className="card-title">{String(habit.name)}</h2>
          {habit.description ? <p className="small">{String(habit.description)}</p> : null}
          <p className="small" data-testid="habit-schedule">
            {scheduleWords(habit)}
            {!dueToday && !skippedToday.length ? <span className="muted"> · not due today</span> : null}
            {skippedToday.length ? <span className="muted"> · skipped today</span> : null}
          </p>
          <p className="muted small">
            {done}/{target} {habit.frequency === 'weekly' ? 'this week' : 'today'} ·{' '}
            <span data-testid="habit-streak">
              <Flame aria-hidden size="1em" className="inline-icon" /> {streak.current} {unit}
              {streak.current === 1 ? '' : 's'}
            </span>{' '}
            · best {streak.best}
          </p>
        </div>
        <div className="habit-actions">
          <button className={`btn ${done >= target || skippedToday.length ? '' : 'btn-primary'} btn-big habit-log-btn`} onClick={() => void log()} aria-label={`Log ${habit.name}`}>
            {done >= target ? '✓ Done' : 'Log'}
          </button>
          {done < target &&
            (dueToday || skippedToday.length > 0) &&
            (skippedToday.length ? (
              <button className="btn btn-big" onClick={() => void unskip(skippedToday)} aria-label={`Undo skip of ${habit.name}`}>
                Unskip
              </button>
            ) : (
              <button className="btn btn-big" onClick={() => void skip()} aria-label={`Skip ${habit.name} today`}>
                Skip
              </button>
            ))}
        </div>
      </div>
      <div className="progress-bar" aria-hidden>
        <span style={{ width: `${Math.min(100, (done / target) * 100)}%` }} />
      </div>
      <button className="btn btn-small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? 'Less' : 'More'}
      </button>
      {open && (
        <div className="stack habit-details">
          <div className="form-row">
            <label>
              Count
              <input type="number" min={1} max={100} value={countText} onChange={(e) => setCountText(e.target.value)} name="log-count" placeholder="1" />
            </label>
            <label>
              Date
              <input type="date" value={date} max={today} onChange={(e) => setDate(e.target.value || today)} name="log-date" />
            </label>
            <label>
              Note
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
            </label>
          </div>
          <HabitStrength habit={habit} logs={logs} skips={skips} today={today} />
          <YearHeatmap values={heat} skipped={skippedDays} today={today} label={`${habit.name}: completions over the past year (outlined: skipped days)`} />
          <h4>Skip days</h4>
          <VacationForm habit={habit} skips={skips} today={today} />
          {skips.length > 0 && (
            <ul className="list" aria-label="Skipped days">
              {[...skips]
                .sort((a, b) => String(b.date).localeCompare(String(a.date)))
                .slice(0, 10)
                .map((k) => (
                  <li key={k.id} className="spread" data-testid="habit-skip">
                    <span>
                      {String(k.date)} · skipped{k.reason && k.reason !== 'skipped' ? ` (${String(k.reason)})` : ''}
                    </span>
                    <button className="btn btn-small" onClick={() => void unskip([k])}>
                      Undo
                    </button>
                  </li>
                ))}
            </ul>
          )}
          <h4>Recent logs</h4>
          {logs.length === 0 ? (
            <p className="muted">Nothing logged yet.</p>
          ) : (
            <ul className="list">
              {logs.slice(0, 10).map((l) => (
                <li key={l.id} className="spread">
                  <span>
                    {String(l.date)} · ×{Number(l.count ?? 1)} {l.notes ? `· ${String(l.notes)}` : ''}
                  </span>
                  <button className="btn btn-small" onClick={() => void undo(l.id)}>
                    Undo
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <button className="btn btn-small" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button className="btn btn-small" onClick={() => void archive()}>
              {habit.archived ? 'Restore' : 'Archive'}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

export default function HabitsPage() {
  const [creating, setCreating] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  useUrlIntent('new', () => setCreating(true));
  useUrlIntent('archived', () => setShowArchived(true));
  const habits = useLiveQuery(() => db.habits.toArray(), []);
  const logs = useLiveQuery(() => db.habit_logs.toArray(), []);
  const skips = useLiveQuery(() => db.habit_skips.toArray(), []);
  const skipsByHabit = useMemo(() => {
    const m = new Map<string, Row[]>();
    for (const k of skips ?? []) m.set(String(k.habit_id), [...(m.get(String(k.habit_id)) ?? []), k]);
    return m;
  }, [skips]);
  // Each card gets its own habit's logs, newest first: grouped once per change of the logs, not
  // filtered and sorted from every log by every card on every render.
  const byHabit = useMemo(() => {
    const m = new Map<string, Row[]>();
    for (const l of logs ?? []) {
      const list = m.get(String(l.habit_id));
      if (list) list.push(l);
      else m.set(String(l.habit_id), [l]);
    }
    for (const list of m.values()) list.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    return m;
  }, [logs]);
  const today = todayLocal();
  if (!habits || !logs || !skips) return <div className="page-loading">Loading…</div>;
  const visible = habits.filter((h) => !!h.archived === showArchived).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  return (
    <section className="page">
      <PageHeader
        title="Habits"
        subtitle="Small things, done often. Each completion earns XP; streaks earn bonuses at 7, 14, 30, 60, 100 and 365."
        actions={
          <>
            <button className="btn" onClick={() => setShowArchived(!showArchived)}>
              {showArchived ? 'Active habits' : 'Archived'}
            </button>
            <button className="btn btn-primary" onClick={() => setCreating(true)}>
              + New habit
            </button>
          </>
        }
      />
      {creating && <HabitForm onDone={() => setCreating(false)} />}
      {visible.length === 0 && !creating ? (
        showArchived || habits.length === 0 ? (
          <EmptyState
            icon="🔁"
            title={showArchived ? 'No archived habits' : 'No habits yet'}
            action={
              !showArchived && (
                <button className="btn btn-primary" onClick={() => setCreating(true)}>
                  Create your first habit
                </button>
              )
            }
          >
            Create a habit, log it each day and watch your streak grow.
          </EmptyState>
        ) : (
          <EmptyState
            icon="🗄️"
            title="All your habits are archived"
            action={
              <button className="btn btn-primary" onClick={() => setShowArchived(true)}>
                Show archived habits ({habits.length})
              </button>
            }
          >
            Restore one to log it again, or create a new habit.
          </EmptyState>
        )
      ) : (
        <ul className="list habit-list">
          {visible.map((h) => (
            <HabitCard key={h.id} habit={h} logs={byHabit.get(String(h.id)) ?? NO_LOGS} skips={skipsByHabit.get(String(h.id)) ?? NO_LOGS} today={today} />
          ))}
        </ul>
      )}
    </section>
  );
}
