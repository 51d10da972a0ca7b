import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type IgnitionDb, type LocalEvent } from '../db/db.ts';
import { errorWords, eventName } from './error-words.ts';

/**
 * What the server did not count stays visible (ARCHITECTURE.md §5 rule 3): a refused event
 * keeps its row on the device with the server's code and message, and is listed until the
 * person dismisses it. Dismissing is device-only state (`acknowledged`), never synced; the
 * refused event itself stays in the wins history, marked "Not counted".
 */
export async function loadNotCounted(types?: readonly string[], database: IgnitionDb = defaultDb): Promise<LocalEvent[]> {
  const refused = await database.activity_events.where('sync_status').equals('rejected').toArray();
  return refused
    .filter((e) => !e.acknowledged && (!types || types.includes(e.event_type)))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export async function dismissNotCounted(ids: readonly string[], database: IgnitionDb = defaultDb): Promise<void> {
  const at = Date.now();
  await database.transaction('rw', database.activity_events, async () => {
    for (const id of ids) await database.activity_events.update(id, { acknowledged: at });
  });
}

/** "Purchase: Movie Night (75 coins)" — what it was, in the person's words. */
export function refusedWhat(e: LocalEvent): string {
  const m = e.metadata ?? {};
  const name = (e.event_type === 'reward_purchase' || e.event_type === 'reward_redeem') && m.reward_name ? `: ${String(m.reward_name)}` : e.event_type === 'quest_complete' && m.quest_title ? `: ${String(m.quest_title)}` : '';
  const coins = Number(e.claimed_coins ?? 0);
  const xp = Number(e.claimed_xp ?? 0);
  const worth = coins < 0 ? ` (${-coins} coins)` : xp > 0 || coins > 0 ? ` (${[xp > 0 ? `+${xp} XP` : '', coins > 0 ? `+${coins} coins` : ''].filter(Boolean).join(' ')})` : '';
  return `${eventName(e.event_type)}${name}${worth}`;
}

/** The reason in words, and the server's own message when it says more. */
export function refusedWhy(e: LocalEvent): string {
  const words = errorWords(e.reject_code ?? '', e.reject_message);
  return e.reject_message && e.reject_message !== words ? `${words} — ${e.reject_message}` : words;
}

/** The list of refusals not dismissed yet, of the given event types (all when omitted); nothing when there are none. */
export function NotCountedList({ types, title = 'Not counted', testId = 'not-counted' }: { types?: readonly string[]; title?: string; testId?: string }) {
  const key = types?.join(',') ?? '*';
  const refused = useLiveQuery(() => loadNotCounted(types), [key]);
  if (!refused || refused.length === 0) return null;
  return (
    <section className="card not-counted" data-testid={testId} aria-label={title}>
      <div className="spread">
        <h2>
          {title} ({refused.length})
        </h2>
        {refused.length > 1 && (
          <button className="btn btn-small" onClick={() => void dismissNotCounted(refused.map((e) => e.id))}>
            Dismiss all
          </button>
        )}
      </div>
      <p className="small muted">The server did not count these. They earned or spent nothing.</p>
      <ul className="list">
        {refused.map((e) => (
          <li key={e.id} className="spread" data-testid="not-counted-item">
            <span>
              <strong>{refusedWhat(e)}</strong> <span className="small muted">{e.local_date}</span>
              <span className="small" style={{ display: 'block', color: 'var(--danger)' }}>
                {refusedWhy(e)}
              </span>
            </span>
            <button className="btn btn-small" onClick={() => void dismissNotCounted([e.id])} aria-label={`Dismiss: ${refusedWhat(e)} was not counted`}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
