import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { useEconomy } from '../../sync/progress.ts';
import { QuestCard } from './quest-card.tsx';
import { QuestForm } from './quest-form.tsx';
import { isPersonalQuest, truthy } from '../../sync/quest-state.ts';
import '../progress/economy.css';

const setActive = (id: string, active: boolean) => commit([{ table: 'quests', id, fields: { is_active: active, updated_at: new Date().toISOString() } }]);

export default function QuestsPage() {
  const economy = useEconomy();
  const archived = useLiveQuery(() => db.quests.filter((q) => isPersonalQuest(q) && !truthy(q.is_active ?? true)).toArray(), []);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  if (!economy) return <section className="page" aria-busy="true" />;
  const universal = economy.quests.filter((q) => !q.personal);
  const personal = economy.quests.filter((q) => q.personal);
  const archive = async (q: Row) => {
    await setActive(q.id, false);
    notify(`Archived ${q.title}`, 'info', { label: 'Undo', run: () => void setActive(q.id, true) });
  };
  return (
    <section className="page economy-page">
      <PageHeader
        title="Quests"
        subtitle="Daily quests reset at midnight, weekly ones on Monday — by your own clock."
        actions={
          <button className="btn" onClick={() => setEditing('new')}>
            + Your own quest
          </button>
        }
      />
      {editing && <QuestForm quest={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      <h2>Quests for everyone</h2>
      {universal.length ? (
        <ul className="quest-list">
          {universal.map((q) => (
            <QuestCard key={q.quest.id} q={q} />
          ))}
        </ul>
      ) : (
        <EmptyState icon="🗺️" title="No quests yet">
          Daily and weekly quests appear here once they sync.
        </EmptyState>
      )}
      <h2>Your quests</h2>
      {personal.length ? (
        <ul className="quest-list">
          {personal.map((q) => (
            <QuestCard key={q.quest.id} q={q}>
              <div className="row">
                <button className="btn btn-small" onClick={() => setEditing(q.quest)}>
                  Edit
                </button>
                <button className="btn btn-small" onClick={() => void archive(q.quest)}>
                  Archive
                </button>
              </div>
            </QuestCard>
          ))}
        </ul>
      ) : (
        <p className="muted">Make a quest of your own: “3 journal entries this week”, “a workout every day”.</p>
      )}
      {archived && archived.length > 0 && (
        <details>
          <summary>Archived ({archived.length})</summary>
          <ul className="list">
            {archived.map((q) => (
              <li key={q.id} className="spread">
                <span>{String(q.title)}</span>
                <button className="btn btn-small" onClick={() => void setActive(q.id, true)}>
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
