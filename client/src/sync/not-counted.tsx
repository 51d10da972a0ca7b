import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type IgnitionDb, type LocalEvent, type RefusedChange } from '../db/db.ts';
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

/** Row changes the server refused (a value out of range, a row that is not yours …), newest first, not dismissed yet. */
export async function loadRefusedChanges(database: IgnitionDb = defaultDb): Promise<RefusedChange[]> {
  return (await database.refused_changes.orderBy('at').reverse().toArray()).filter((c) => !c.acknowledged);
}

export async function dismissRefusedChanges(keys: readonly string[], database: IgnitionDb = defaultDb): Promise<void> {
  const at = Date.now();
  await database.transaction('rw', database.refused_changes, async () => {
    for (const key of keys) await database.refused_changes.update(key, { acknowledged: at });
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

/**
 * The list of refusals not dismissed yet, of the given event types; without types, every
 * refused event and every refused row change. Nothing when there are none.
 */
export function NotCountedList({ types, title = 'Not counted', testId = 'not-counted' }: { types?: readonly string[]; title?: string; testId?: string }) {
  const key = types?.join(',') ?? '*';
  const refused = useLiveQuery(async () => ({ events: await loadNotCounted(types), changes: types ? [] : await loadRefusedChanges() }), [key]);
  if (!refused || refused.events.length + refused.changes.length === 0) return null;
  const { events, changes } = refused;
  const dismissAll = () => Promise.all([dismissNotCounted(events.map((e) => e.id)), dismissRefusedChanges(changes.map((c) => c.key))]);
  const item = (k: string, what: string, when: string, why: string, dismiss: () => Promise<void>) => (
    <li key={k} className="spread" data-testid="not-counted-item">
      <span>
        <strong>{what}</strong> <span className="small muted">{when}</span>
        <span className="small" style={{ display: 'block', color: 'var(--danger)' }}>
          {why}
        </span>
      </span>
      <button className="btn btn-small" onClick={() => void dismiss()} aria-label={`Dismiss: ${what} was not counted`}>
        Dismiss
      </button>
    </li>
  );
  return (
    <section className="card not-counted" data-testid={testId} aria-label={title}>
      <div className="spread">
        <h2>
          {title} ({events.length + changes.length})
        </h2>
        {events.length + changes.length > 1 && (
          <button className="btn btn-small" onClick={() => void dismissAll()}>
            Dismiss all
          </button>
        )}
      </div>
      <p className="small muted">The server did not count these. They earned or spent nothing.</p>
      <ul className="list">
        {events.map((e) => item(e.id, refusedWhat(e), e.local_date, refusedWhy(e), () => dismissNotCounted([e.id])))}
        {changes.map((c) => item(c.key, `A change to ${c.table.replace(/_/g, ' ')} was not saved`, c.at.slice(0, 10), errorWords(c.code, c.message) === c.message ? c.message : `${errorWords(c.code, c.message)} — ${c.message}`, () => dismissRefusedChanges([c.key])))}
      </ul>
    </section>
  );
}
