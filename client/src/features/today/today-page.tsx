import { useEffect, useState } from 'react';
import { Coins, Flame } from 'lucide-react';
import type { Row } from '../../db/db.ts';
import { Link } from 'wouter';
import { useLiveQuery } from 'dexie-react-hooks';
import { PageHeader } from '../../ui/empty-state.tsx';
import { loadEconomy, useEconomy } from '../../sync/progress.ts';
import { QuestCard } from '../quests/index.ts';
import { TaskPlanCheck, TodayTasks } from '../tasks/index.ts';
import { buildPlan, planItems, savePlan, toggleItem } from './daily-plan.ts';
import { loadToday, prefetchToday, prefetchedToday, type TodayData } from './today-data.ts';
import { todayKind } from './today-state.ts';
import { TodayHero } from './today-hero.tsx';
import '../progress/economy.css';

/** Ticks at the tap; the stored plan (a Dexie write, then a live query) catches up a moment later. */
function PlanCheck({ plan, id, done }: { plan: Row; id: string; done: boolean }) {
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  useEffect(() => setOptimistic(null), [done]);
  const checked = optimistic ?? done;
  return (
    <input
      type="checkbox"
      id={`plan-${id}`}
      checked={checked}
      onChange={() => {
        setOptimistic(!checked);
        void toggleItem(plan, id);
      }}
    />
  );
}

// Today's reads start as this chunk loads (main.tsx preloads it when the app opens on Today),
// alongside the economy's, instead of after the page's first render.
prefetchToday();

/** The prefetched read until the live query has its own result. */
function useTodayData(): TodayData | undefined {
  const live = useLiveQuery(() => loadToday(), []);
  const [early] = useState(prefetchedToday);
  const [first, setFirst] = useState(early.value);
  useEffect(() => {
    let mounted = true;
    if (!early.value) void early.promise?.then((v) => mounted && v && setFirst(v));
    return () => void (mounted = false);
  }, [early]);
  return live ?? first;
}

export default function TodayPage() {
  const economy = useEconomy();
  const data = useTodayData();
  // The priority card needs the economy only to tell a running streak from the default.
  const kind = data && todayKind(data, economy?.streak.current);
  useEffect(() => {
    // The benchmark (today_first_content_ms) reads this mark.
    if (kind && !performance.getEntriesByName('today-first-content').length) performance.mark('today-first-content');
  }, [kind]);
  if (!data || !kind) return <section className="page" aria-busy="true" />;

  const items = planItems(data.plan);
  const makePlan = async () => savePlan(data.date, buildPlan((economy ?? (await loadEconomy())).quests, data.events, data.tasks), data.plan);
  const onMakePlan = () => void makePlan();
  const todays = (economy?.quests ?? []).filter((q) => q.type === 'daily' || (q.type === 'weekly' && !q.completed)).slice(0, 6);
  // Until the economy is read, its figures show as a dash in the same boxes (no layout jump).
  const pending = '–';

  return (
    <section className="page economy-page" data-testid="today-content">
      <PageHeader title="Today" subtitle={new Date(`${data.date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' })} />
      <TodayHero kind={kind} data={data} streak={economy?.streak ?? data.storedStreak} onMakePlan={onMakePlan} />

      <div className="glance" aria-label="At a glance" aria-busy={!economy}>
        <Link href="/progress" className="stat" data-testid="today-level">
          <span className="small muted">Level</span>
          <strong>{economy ? economy.level : pending}</strong>
          <span className="small muted">{economy ? `${economy.xpForNext - economy.xpIntoLevel} XP to level ${economy.level + 1}` : pending}</span>
          <span className="progress-bar" aria-hidden>
            <span style={{ width: `${Math.round((economy?.fraction ?? 0) * 100)}%` }} />
          </span>
        </Link>
        <Link href="/market" className="stat" data-testid="today-coins">
          <span className="small muted">Coins</span>
          <strong>
            <Coins aria-hidden size="1em" className="inline-icon" /> {economy ? economy.coins : pending}
          </strong>
        </Link>
        <div className="stat" data-testid="today-streak">
          <span className="small muted">Daily streak</span>
          <strong>
            <Flame aria-hidden size="1em" className="inline-icon" /> {economy ? economy.streak.current : pending}
          </strong>
          {economy ? (
            <span className="small muted" aria-label={`${economy.streak.shields} streak shields`}>
              {economy.streak.shields ? '🛡️'.repeat(economy.streak.shields) : 'No shields'} · best {economy.streak.best}
            </span>
          ) : (
            <span className="small muted">{pending}</span>
          )}
        </div>
      </div>

      <h2>Today’s plan</h2>
      {items.length ? (
        <ul className="plan" data-testid="plan">
          {items.map((i) => (
            <li key={i.id} className={`plan-item${i.done ? ' done' : ''}`}>
              {i.kind === 'task' && i.ref ? <TaskPlanCheck id={`plan-${i.id}`} taskId={i.ref} /> : <PlanCheck plan={data.plan!} id={i.id} done={i.done} />}
              <label htmlFor={`plan-${i.id}`}>
                <span>{i.title}</span>
              </label>
              <Link href={i.href} className="small tap-link">
                Open
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <div className="row">
          <p className="muted">No plan yet: one focus block, your open quests and today’s events, in one list.</p>
          <button className="btn" onClick={onMakePlan}>
            Make today’s plan
          </button>
        </div>
      )}

      <h3>Tasks due</h3>
      <TodayTasks />

      <div className="spread">
        <h2>Today’s quests</h2>
        <Link href="/quests" className="small tap-link">
          All quests
        </Link>
      </div>
      <ul className="quest-list">
        {todays.map((q) => (
          <QuestCard key={q.quest.id} q={q} />
        ))}
      </ul>
    </section>
  );
}
