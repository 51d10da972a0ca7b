import type { LocalEvent } from '../../db/db.ts';
import { loadWins } from './progress-data.ts';
import { usePagedLiveQuery } from '../../ui/use-paged-query.ts';
import { errorWords, eventName } from '../../sync/error-words.ts';
import { NotCountedList } from '../../sync/not-counted.tsx';

const PAGE = 30;

function what(e: LocalEvent): string {
  const m = e.metadata ?? {};
  if (e.event_type === 'quest_complete' && m.quest_title) return `Quest: ${m.quest_title}`;
  if ((e.event_type === 'reward_purchase' || e.event_type === 'reward_redeem') && m.reward_name) return `${eventName(e.event_type)}: ${m.reward_name}`;
  return eventName(e.event_type);
}

/**
 * Activity newest first with what each earned; a refused one says why, in words. Pages through
 * all of it. Above it, every refusal the person has not dismissed yet, whatever its age.
 */
export function WinsFeed() {
  return (
    <>
      <NotCountedList />
      <WinsList />
    </>
  );
}

function WinsList() {
  const { data: page, showMore } = usePagedLiveQuery(loadWins, PAGE);
  if (!page) return <p className="muted" aria-busy="true">Loading your wins…</p>;
  const { events, more } = page;
  if (events.length === 0) return <p className="muted">Your wins will show up here — every focus session, workout and quest.</p>;
  return (
    <>
      <ul className="wins" data-testid="wins">
        {events.map((e) => (
          <li key={e.id} className={e.sync_status === 'rejected' ? 'rejected' : undefined}>
            <span>
              <strong>{what(e)}</strong> <span className="small muted">{e.local_date}</span>
              {e.sync_status === 'rejected' && (
                <span className="small" style={{ display: 'block' }}>
                  Not counted: {errorWords(e.reject_code ?? '', e.reject_message)}
                  {e.reject_message && e.reject_message !== errorWords(e.reject_code ?? '') ? ` — ${e.reject_message}` : ''}
                </span>
              )}
            </span>
            <span className="small">
              {e.sync_status === 'rejected' ? '—' : `${e.xp_earned ? `+${e.xp_earned} XP ` : ''}${e.coins_earned ? `${e.coins_earned > 0 ? '+' : ''}${e.coins_earned} 🪙` : ''}`}
              {e.sync_status === 'pending' && <span className="muted"> (pending)</span>}
            </span>
          </li>
        ))}
      </ul>
      {more && (
        <button className="btn" onClick={showMore}>
          Show more
        </button>
      )}
    </>
  );
}
