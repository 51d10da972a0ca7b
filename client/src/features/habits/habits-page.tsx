import { useMemo, useState, type FormEvent } from 'react';
import { enumValueOf, fieldProblem } from '@ignition/shared/contracts.ts';
import { Flame } from 'lucide-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { commit, newId, todayLocal } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { YearHeatmap } from '../../ui/heatmap.tsx';
import { SkillSelect } from '../../ui/skill-select.tsx';
import { habitStreak, optimisticHabitReward, periodCount, periodEvents } from './habit-logic.ts';
import './habits.css';
import { FormFooter } from '../../ui/form-footer.tsx';

function HabitForm({ habit, onDone }: { habit?: Row; onDone: () => void }) {
  const [name, setName] = useState(String(habit?.name ?? ''));
  const [description, setDescription] = useState(String(habit?.description ?? ''));
  const [frequency, setFrequency] = useState(enumValueOf('habits', 'frequency', habit?.frequency, 'daily'));
  const [target, setTarget] = useState(Number(habit?.target_count ?? 1));
  const [skill, setSkill] = useState(String(habit?.skill_id ?? 'proficiency'));
  const [xp, setXp] = useState(Number(habit?.xp_reward ?? 10));
  const [coins, setCoins] = useState(Number(habit?.coin_reward ?? 5));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the habit a name');
    // The habits row contract's limits, the same the server holds a pushed habit to.
    const problem = fieldProblem('habits', 'target_count', target, 'The target') ?? fieldProblem('habits', 'xp_reward', xp, 'XP') ?? fieldProblem('habits', 'coin_reward', coins, 'Coins');
    if (problem) return setError(problem);
    const now = new Date().toISOString();
    await commit([
      {
        table: 'habits',
        id: String(habit?.id ?? newId()),
        fields: {
          name: name.trim(),
          description: description.trim() || null,
          frequency,
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
        <label>
          How often
          <select value={frequency} onChange={(e) => setFrequency(enumValueOf('habits', 'frequency', e.target.value, 'daily'))}>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
          </select>
        </label>
        <label>
          Target per {frequency === 'weekly' ? 'week' : 'day'}
          <input type="number" min={1} max={100} value={target} onChange={(e) => setTarget(Number(e.target.value))} />
        </label>
      </div>
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

/** `logs`: this habit's logs only, newest first (grouped once by the page). */
function HabitCard({ habit, logs, today }: { habit: Row; logs: Row[]; today: string }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  // Text while typing (an empty field is allowed), a whole number 1–100 when logging.
  const [countText, setCountText] = useState('1');
  const count = Math.min(100, Math.max(1, Math.floor(Number(countText)) || 1));
  const [note, setNote] = useState('');
  const [date, setDate] = useState(today);
  const target = Number(habit.target_count ?? 1);
  const done = periodCount(habit, logs, today);
  const streak = habitStreak(habit, logs, today);
  const heat = useMemo(() => {
    const m = new Map<string, number>();
    for (const l of logs) m.set(String(l.date), (m.get(String(l.date)) ?? 0) + Number(l.count ?? 1));
    return m;
  }, [logs]);

  const log = async () => {
    const logId = newId();
    // The rewards already paid in this log's period, read now rather than watched for the whole page.
    const reward = optimisticHabitReward(habit, logs, today, count, date, await periodEvents(habit, date));
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
    <li className="habit-card" data-testid="habit-card">
      <div className="spread">
        <div>
          {/* The page's h1 is next above: a card's title is an h2, sized as a card title. */}
          <h2 className="card-title">{String(habit.name)}</h2>
          {habit.description ? <p className="small">{String(habit.description)}</p> : null}
          <p className="muted small">
            {done}/{target} {habit.frequency === 'weekly' ? 'this week' : 'today'} ·{' '}
            <span data-testid="habit-streak">
              <Flame aria-hidden size="1em" className="inline-icon" /> {streak.current} {habit.frequency === 'weekly' ? 'week' : 'day'}
              {streak.current === 1 ? '' : 's'}
            </span>{' '}
            · best {streak.best}
          </p>
        </div>
        <button className={`btn ${done >= target ? '' : 'btn-primary'} btn-big habit-log-btn`} onClick={() => void log()} aria-label={`Log ${habit.name}`}>
          {done >= target ? '✓ Done' : 'Log'}
        </button>
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
          <YearHeatmap values={heat} today={today} label={`${habit.name}: completions over the past year`} />
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
  const habits = useLiveQuery(() => db.habits.toArray(), []);
  const logs = useLiveQuery(() => db.habit_logs.toArray(), []);
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
  if (!habits || !logs) return <div className="page-loading">Loading…</div>;
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
            <HabitCard key={h.id} habit={h} logs={byHabit.get(String(h.id)) ?? NO_LOGS} today={today} />
          ))}
        </ul>
      )}
    </section>
  );
}
