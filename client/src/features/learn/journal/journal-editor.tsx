import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { TableRowOf } from '@ignition/shared/tables.ts';
import { db } from '../../../db/db.ts';
import { commit, todayLocal } from '../../../sync/outbox.ts';
import { notify } from '../../../ui/notices.tsx';
import { Markdown } from '../../../ui/markdown.tsx';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { isBlank, journalIdFor, MOODS } from './journal-logic.ts';
import { FormFooter } from '../../../ui/form-footer.tsx';

const MAX_CONTENT = 50_000;

/** Saves the entry of `date`; the first entry written on a local day carries the journal reward. */
export async function saveJournalEntry(userId: string | null | undefined, date: string, existing: TableRowOf<'journal_entries'> | undefined, content: string, mood: number | null) {
  const now = new Date().toISOString();
  const id = existing?.id ?? journalIdFor(userId, date);
  const wasBlank = isBlank(existing);
  const today = todayLocal();
  const rewardedToday = (await db.activity_events.where('event_type').equals('journal_entry').toArray()).some(
    (e) => e.local_date === today && e.sync_status !== 'rejected',
  );
  const reward = computeReward({ type: 'journal_entry', alreadyToday: rewardedToday });
  const events = wasBlank && !('rejected' in reward) ? [{ event_type: 'journal_entry', entity_id: id, skill_id: reward.skill, xp: reward.xp, coins: reward.coins, metadata: { date } }] : [];
  await commit([{ table: 'journal_entries', id, fields: { date, content, mood, updated_at: now, ...(existing ? {} : { created_at: now }) } }], events);
  return events.length && !('rejected' in reward) ? reward : null;
}

export function JournalEditor({ userId, date, entry }: { userId: string | null | undefined; date: string; entry: TableRowOf<'journal_entries'> | undefined }) {
  // The parent mounts one editor per day (keyed by date) once that day's entry is loaded.
  const [content, setContent] = useState(String(entry?.content ?? ''));
  const [mood, setMood] = useState<number | null>(entry?.mood == null ? null : Number(entry.mood));
  const [editing, setEditing] = useState(isBlank(entry));
  const [error, setError] = useState<string | null>(null);
  const blank = isBlank(entry);
  // An entry for this day arriving from another device shows up, unless something is already typed here.
  useEffect(() => {
    if (editing && !blank && !content.trim() && mood == null) setEditing(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [blank]);
  const startEditing = () => {
    setContent(String(entry?.content ?? ''));
    setMood(entry?.mood == null ? null : Number(entry.mood));
    setError(null);
    setEditing(true);
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!content.trim() && mood == null) return setError('Write something or pick a mood first');
    if (content.length > MAX_CONTENT) return setError(`An entry can be at most ${MAX_CONTENT.toLocaleString()} characters`);
    const reward = await saveJournalEntry(userId, date, entry, content, mood);
    setEditing(false);
    notify(reward ? `Journal saved · +${reward.xp} XP, +${reward.coins} coins` : 'Journal saved', 'success');
  };
  const remove = async () => {
    if (!entry) return;
    const before = { content: entry.content ?? null, mood: entry.mood ?? null };
    // A blanked row, not a deleted one: the id of the day must stay usable (a delete is final in sync).
    await commit([{ table: 'journal_entries', id: entry.id, fields: { content: '', mood: null, updated_at: new Date().toISOString() } }]);
    setContent('');
    setMood(null);
    setEditing(true);
    notify('Entry removed', 'info', { label: 'Undo', run: () => void commit([{ table: 'journal_entries', id: entry.id, fields: { ...before, updated_at: new Date().toISOString() } }]) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
  };

  if (!editing && !blank) {
    return (
      <article className="card journal-entry" aria-label={`Journal entry for ${date}`}>
        <div className="spread">
          <span className="journal-mood-big" title={MOODS.find((m) => m.value === Number(entry!.mood))?.label}>
            {MOODS.find((m) => m.value === Number(entry!.mood))?.face ?? ''}
          </span>
          <div className="row">
            <button className="btn btn-small" onClick={startEditing}>
              Edit
            </button>
            <button className="btn btn-small btn-danger" onClick={() => void remove()}>
              Remove
            </button>
          </div>
        </div>
        <Markdown text={String(entry!.content ?? '')} />
      </article>
    );
  }
  return (
    <form className="form card" onSubmit={save} aria-label={`Write the entry for ${date}`}>
      <fieldset className="journal-moods">
        <legend>Mood</legend>
        {MOODS.map((m) => (
          <label key={m.value} className={mood === m.value ? 'journal-mood active' : 'journal-mood'} title={m.label}>
            <input type="radio" name="mood" value={m.value} checked={mood === m.value} onChange={() => setMood(m.value)} aria-label={`Mood ${m.value}: ${m.label}`} />
            <span aria-hidden>{m.face}</span>
          </label>
        ))}
      </fieldset>
      <label>
        Entry <span className="muted small">(markdown; Ctrl+Enter saves)</span>
        <textarea name="journal-content" rows={8} value={content} onChange={(e) => setContent(e.target.value)} onKeyDown={onKey} placeholder="How was your day?" />
      </label>
      <FormFooter error={error} submitLabel="Save entry" onCancel={blank ? undefined : () => setEditing(false)} />
    </form>
  );
}
