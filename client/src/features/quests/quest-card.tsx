import type { QuestState } from '../../sync/quest-state.ts';
import { Coins } from 'lucide-react';

const PERIOD: Record<string, string> = { daily: 'Today', weekly: 'This week', one_time: 'Once' };

/** One quest with its progress bar; finished quests say what they earned. */
export function QuestCard({ q, children }: { q: QuestState; children?: React.ReactNode }) {
  return (
    <li className={`quest-card${q.completed ? ' done' : ''}`} data-testid={`quest-${q.quest.id}`} data-completed={q.completed ? 'yes' : 'no'}>
      <div className="spread">
        <strong>{q.title}</strong>
        <span className="small muted">{PERIOD[q.type] ?? q.type}</span>
      </div>
      {q.quest.description ? <p className="small muted">{String(q.quest.description)}</p> : null}
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={q.target} aria-valuenow={q.count} aria-label={`${q.title}: ${q.count} of ${q.target}`}>
        <span style={{ width: `${Math.round(q.fraction * 100)}%` }} />
      </div>
      <div className="spread small">
        <span data-testid="quest-count">
          {q.count} / {q.target}
        </span>
        <span>
          {q.completed ? (q.optimistic ? '✓ Done — reward on its way' : '✓ Done') : ''} +{q.xp} XP · <Coins aria-hidden size="1em" className="inline-icon" /> {q.coins}
        </span>
      </div>
      {children}
    </li>
  );
}
