import { Chart } from '../../ui/chart.tsx';
import { todayLocal } from '../../sync/outbox.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { focusedSeconds } from '@ignition/shared/rules/focus.ts';
import { MODE_LABEL, type Session } from './focus-logic.ts';

const DAYS = 14;
const minutesOf = (s: Session) => Math.floor(focusedSeconds(s as Session & { completed_at?: string }) / 60);
const dayOf = (s: Session) => todayLocal(new Date(String(s.completed_at ?? s.started_at)));
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Today's sessions and focused minutes per day over two weeks. */
export function FocusHistory({ sessions, today }: { sessions: Session[]; today: string }) {
  const todays = sessions.filter((s) => dayOf(s) === today && s.status !== 'active').sort((a, b) => String(b.started_at).localeCompare(String(a.started_at)));
  const focusDone = sessions.filter((s) => s.mode === 'focus' && s.status === 'completed');
  const todayMinutes = focusDone.filter((s) => dayOf(s) === today).reduce((n, s) => n + minutesOf(s), 0);
  const days = Array.from({ length: DAYS }, (_, i) => addDays(today, i - DAYS + 1));
  const perDay = days.map((d) => focusDone.filter((s) => dayOf(s) === d).reduce((n, s) => n + minutesOf(s), 0));
  return (
    <section className="card stack" aria-labelledby="focus-today-h">
      <div className="spread">
        <h2 id="focus-today-h">Today</h2>
        <span className="stat">
          <strong data-testid="focus-today-minutes">{todayMinutes} min</strong>
          <span className="muted small">focused</span>
        </span>
      </div>
      {todays.length === 0 ? (
        <p className="muted">No sessions finished today yet.</p>
      ) : (
        <ul className="list focus-history">
          {todays.map((s) => (
            <li key={s.id} className="spread" data-testid="focus-history-item">
              <span>
                {MODE_LABEL[s.mode as keyof typeof MODE_LABEL] ?? String(s.mode)} · {timeOf(String(s.started_at))}
              </span>
              <span className={s.status === 'completed' ? '' : 'muted'}>{s.status === 'completed' ? `${minutesOf(s)} min` : 'abandoned'}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Focused minutes per day</h3>
      <Chart
        x={days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000)}
        series={[{ label: 'Focused minutes', values: perDay, bars: true }]}
        formatY={(v) => `${v} min`}
        empty="Finish a focus session to see your minutes here."
      />
    </section>
  );
}
