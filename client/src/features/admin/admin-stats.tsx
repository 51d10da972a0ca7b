import { Chart } from '../../ui/chart.tsx';
import { eventName } from '../../sync/error-words.ts';
import { useAdminQuery, when } from './admin-api.ts';

interface Stats {
  generatedAt: string;
  users: { total: number; approved: number; pending: number; denied: number; admins: number; active: Record<'1d' | '7d' | '30d', number> };
  activity: {
    eventsByType: Record<'24h' | '7d', Record<string, number>>;
    focusMinutes: Record<'24h' | '7d', number>;
    workouts: Record<'24h' | '7d' | 'total', number>;
    daily: Array<{ day: string; events: number; xp: number }>;
    signups: Array<{ day: string; users: number }>;
  };
  economy: { xpIssued: number; coinsIssued: number; coinsSpent: number };
  storage: Record<string, number>;
}

const n = (v: number) => v.toLocaleString();
const secs = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="stat card">
      <span className="small muted">{label}</span>
      <strong>{typeof value === 'number' ? n(value) : value}</strong>
    </div>
  );
}

export function AdminStats() {
  const { data, error, reload, loading } = useAdminQuery<Stats>('/stats');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const types = Object.entries(data.activity.eventsByType['7d']);
  const storage = Object.entries(data.storage).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack admin-stats">
      <div className="spread">
        <span className="small muted">As of {when(data.generatedAt)}</span>
        <button className="btn btn-small" onClick={reload} disabled={loading}>
          Refresh
        </button>
      </div>
      <h2>Users</h2>
      <div className="admin-stat-grid">
        <Stat label="Total" value={data.users.total} />
        <Stat label="Approved" value={data.users.approved} />
        <Stat label="Waiting" value={data.users.pending} />
        <Stat label="Admins" value={data.users.admins} />
        <Stat label="Active today" value={data.users.active['1d']} />
        <Stat label="Active 7 days" value={data.users.active['7d']} />
        <Stat label="Active 30 days" value={data.users.active['30d']} />
      </div>
      <h2>Activity</h2>
      <div className="admin-stat-grid">
        <Stat label="Focus minutes (24 h)" value={data.activity.focusMinutes['24h']} />
        <Stat label="Focus minutes (7 d)" value={data.activity.focusMinutes['7d']} />
        <Stat label="Workouts (24 h)" value={data.activity.workouts['24h']} />
        <Stat label="Workouts (7 d)" value={data.activity.workouts['7d']} />
      </div>
      <Chart
        title="Events and XP per day (30 days)"
        x={data.activity.daily.map((d) => secs(d.day))}
        series={[
          { label: 'Events', values: data.activity.daily.map((d) => d.events), bars: true },
          { label: 'XP', values: data.activity.daily.map((d) => d.xp), color: '#f59e0b' },
        ]}
        empty="No activity in the last 30 days."
      />
      <Chart title="New users per day" x={data.activity.signups.map((d) => secs(d.day))} series={[{ label: 'Sign-ups', values: data.activity.signups.map((d) => d.users), bars: true, color: '#10b981' }]} empty="No sign-ups in the last 30 days." />
      {types.length > 0 && (
        <table className="admin-table">
          <caption className="small muted">Events per type</caption>
          <thead>
            <tr>
              <th>Type</th>
              <th>24 h</th>
              <th>7 days</th>
            </tr>
          </thead>
          <tbody>
            {types.map(([t, c]) => (
              <tr key={t}>
                <td>{eventName(t)}</td>
                <td>{n(data.activity.eventsByType['24h'][t] ?? 0)}</td>
                <td>{n(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Economy</h2>
      <div className="admin-stat-grid">
        <Stat label="XP issued" value={data.economy.xpIssued} />
        <Stat label="Coins issued" value={data.economy.coinsIssued} />
        <Stat label="Coins spent" value={data.economy.coinsSpent} />
      </div>
      <h2>Storage</h2>
      <table className="admin-table">
        <thead>
          <tr>
            <th>Table</th>
            <th>Rows</th>
          </tr>
        </thead>
        <tbody>
          {storage.map(([t, c]) => (
            <tr key={t}>
              <td>{t}</td>
              <td>{n(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
