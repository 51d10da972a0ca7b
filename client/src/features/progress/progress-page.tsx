import { useState } from 'react';
import { Flame, Shield } from 'lucide-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { PageHeader } from '../../ui/empty-state.tsx';
import { Chart } from '../../ui/chart.tsx';
import { YearHeatmap } from '../../ui/heatmap.tsx';
import { useEconomy } from '../../sync/progress.ts';
import { activityByDay, loadHistory, xpSeries, type Bucket } from './progress-data.ts';
import { SkillRadar } from './skill-radar.tsx';
import { WinsFeed } from './wins-feed.tsx';
import './economy.css';

export default function ProgressPage() {
  const economy = useEconomy();
  // The year of events behind the chart, heatmap and totals loads on its own: the level and
  // skills show at once (a long history took over half a second to read).
  const data = useLiveQuery(() => loadHistory(), []);
  const [bucket, setBucket] = useState<Bucket>('day');
  if (!economy) return <section className="page" aria-busy="true" />;
  return (
    <section className="page economy-page">
      <PageHeader title="Progress" subtitle={`${economy.totalXp} XP in all${economy.optimistic ? ' (some still syncing)' : ''}`} />
      <div className="card stack" data-testid="progress-level">
        <div className="spread">
          <strong style={{ fontSize: '1.4rem' }}>Level {economy.level}</strong>
          <span className="small muted">
            {economy.xpIntoLevel} / {economy.xpForNext} XP to level {economy.level + 1}
          </span>
        </div>
        <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={economy.xpForNext} aria-valuenow={economy.xpIntoLevel} aria-label="XP to next level">
          <span style={{ width: `${Math.round(economy.fraction * 100)}%` }} />
        </div>
      </div>

      <h2>Skills</h2>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <SkillRadar skills={economy.skills} />
        <ul className="list" style={{ flex: 1, minWidth: 220 }}>
          {economy.skills.map((s) => (
            <li key={s.id}>
              <div className="spread">
                <strong>
                  {/* The skill's colour as a swatch: as text colour, most failed contrast. */}
                  <span className="skill-swatch" style={{ background: s.color }} aria-hidden /> {s.name}
                </strong>
                <span className="small">
                  Level {s.level} / {s.maxLevel} · {s.xp} XP
                </span>
              </div>
              <div className="progress-bar" aria-hidden>
                <span style={{ width: `${Math.round(s.fraction * 100)}%`, background: s.color }} />
              </div>
            </li>
          ))}
        </ul>
      </div>

      {data ? (
        <History data={data} bucket={bucket} setBucket={setBucket} />
      ) : (
        <p className="muted" aria-busy="true" data-testid="progress-history-loading">
          Loading your history…
        </p>
      )}

      <h2>Streaks</h2>
      <p>
        <Flame aria-hidden size="1em" className="inline-icon" /> Current <strong>{economy.streak.current}</strong> days · best <strong>{economy.streak.best}</strong> · <Shield aria-hidden size="1em" className="inline-icon" /> {economy.streak.shields} shield{economy.streak.shields === 1 ? '' : 's'}
      </p>
      {data && data.streakHistory.length > 0 && (
        <ul className="list">
          {data.streakHistory.slice(0, 8).map((r) => (
            <li key={r.start} className="spread small">
              <span>
                {r.start} → {r.end}
              </span>
              <strong>{r.length} days</strong>
            </li>
          ))}
        </ul>
      )}

      <h2>Wins</h2>
      <WinsFeed />
    </section>
  );
}

function History({ data, bucket, setBucket }: { data: Awaited<ReturnType<typeof loadHistory>>; bucket: Bucket; setBucket: (b: Bucket) => void }) {
  const series = xpSeries(data.events, bucket, data.today);
  const t = data.totals;
  return (
    <>
      <div className="spread">
        <h2>XP over time</h2>
        <div className="tabs" role="tablist" aria-label="Chart period">
          {(['day', 'week', 'month'] as const).map((b) => (
            <button key={b} role="tab" aria-selected={bucket === b} className={bucket === b ? 'active' : undefined} onClick={() => setBucket(b)}>
              {b === 'day' ? 'Days' : b === 'week' ? 'Weeks' : 'Months'}
            </button>
          ))}
        </div>
      </div>
      <Chart title={`XP per ${bucket}`} x={series.x} series={[{ label: 'XP', values: series.values, bars: true }]} empty="No XP earned in this range yet." />

      <h2>Activity this year</h2>
      <YearHeatmap values={activityByDay(data.events)} today={data.today} label="Rewarded activities per day over the past year" />

      <h2>Totals</h2>
      <div className="glance" data-testid="progress-totals">
        {(
          [
            ['Focus minutes', t.focusMinutes],
            ['Workouts', t.workouts],
            ['Sets', t.sets],
            ['Pages', t.pages],
            ['Cards', t.cards],
            ['Lessons', t.lessons],
          ] as const
        ).map(([label, v]) => (
          <div className="stat" key={label}>
            <span className="small muted">{label}</span>
            <strong>{v}</strong>
          </div>
        ))}
      </div>
    </>
  );
}
