import { useMemo, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useLiveQuery } from 'dexie-react-hooks';
import { Pin } from 'lucide-react';
import { db } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { tagsOf, titleKey } from '@ignition/shared/rules/infobase.ts';
import { EntryEditor } from './entry-editor.tsx';
import { EntryView } from './entry-view.tsx';
import { createEntry, filterEntries, tagsAndCategories } from './infobase-logic.ts';
import './infobase.css';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** The first words of an entry's text, without markdown marks, for the list. */
const snippet = (md: string) =>
  md
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/\[\[([^\]|]*)\|?([^\]]*)\]\]/g, (_m, t: string, l: string) => l || t)
    .replace(/[#>*_`~[\]()!-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 140);

/** The list: pinned first, filters by words, category and tag, archived ones apart; and the new-entry form. */
function EntryList() {
  const [, navigate] = useLocation();
  const entries = useLiveQuery(() => db.infobase_entries.toArray(), []);
  const [text, setText] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const shown = useMemo(() => filterEntries(entries ?? [], { text, tag, category, archived }), [entries, text, tag, category, archived]);
  const { tags, categories } = useMemo(() => tagsAndCategories(entries ?? []), [entries]);
  if (!entries) return <div className="page-loading">Loading…</div>;
  const archivedCount = entries.filter((e) => e.archived).length;
  const filtering = !!(text || tag || category);

  return (
    <>
      <PageHeader
        title="Infobase"
        subtitle="Your own knowledge base: notes in markdown, linked with [[Title]]. Works offline; no XP here — notes are not a chore."
        actions={
          !creating && (
            <button className="btn btn-primary" onClick={() => setCreating(true)}>
              + New entry
            </button>
          )
        }
      />
      {creating && (
        <EntryEditor
          categories={categories}
          otherTitles={new Set(entries.map((e) => titleKey(str(e.title))))}
          onCancel={() => setCreating(false)}
          onSave={async (draft) => {
            const id = await createEntry(draft);
            setCreating(false);
            notify(`Added “${draft.title}”`, 'success');
            navigate(`/${id}`);
          }}
        />
      )}
      {entries.length === 0 ? (
        !creating && (
          <EmptyState
            icon="🗒️"
            title="No entries yet"
            action={
              <button className="btn btn-primary" onClick={() => setCreating(true)}>
                Write your first entry
              </button>
            }
          >
            Keep what you learn, recipes for life and how-tos here. Link entries with [[Another title]] and each shows what links back to it.
          </EmptyState>
        )
      ) : (
        <>
          <div className="infobase-filters">
            <label className="infobase-search">
              <span className="muted small">Filter</span>
              <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Words in the title or text" aria-label="Filter entries" />
            </label>
            {categories.length > 0 && (
              <label>
                <span className="muted small">Category</span>
                <select value={category ?? ''} onChange={(e) => setCategory(e.target.value || null)} aria-label="Category">
                  <option value="">All categories</option>
                  {categories.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button className={`btn ${archived ? 'btn-primary' : ''}`} aria-pressed={archived} onClick={() => setArchived((a) => !a)}>
              Archived ({archivedCount})
            </button>
          </div>
          {tags.length > 0 && (
            <div className="infobase-tags" role="group" aria-label="Filter by tag">
              {tags.map((t) => (
                <button key={t} className={`btn btn-small ${tag === t ? 'btn-primary' : ''}`} aria-pressed={tag === t} onClick={() => setTag(tag === t ? null : t)}>
                  #{t}
                </button>
              ))}
            </div>
          )}
          {shown.length === 0 ? (
            <p className="muted" role="status">
              {filtering ? 'No entries match these filters.' : archived ? 'Nothing is archived.' : 'Every entry is archived.'}{' '}
              {filtering && (
                <button className="btn btn-small" onClick={() => (setText(''), setTag(null), setCategory(null))}>
                  Clear filters
                </button>
              )}
            </p>
          ) : (
            <ul className="list infobase-list" aria-label="Entries">
              {shown.map((e) => (
                <li key={e.id}>
                  <Link href={`/${e.id}`} className="infobase-item">
                    <span className="infobase-item__title">
                      {e.pinned ? <Pin size={14} aria-label="Pinned" /> : null} {str(e.title) || 'Untitled'}
                    </span>
                    <span className="muted small infobase-item__snippet">{snippet(str(e.content))}</span>
                    <span className="infobase-item__meta">
                      {e.category ? <span className="badge">{str(e.category)}</span> : null}
                      {tagsOf(e.tags).map((t) => (
                        <span key={t} className="badge infobase-tag">
                          #{t}
                        </span>
                      ))}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** The infobase: the list at /infobase, one entry at /infobase/:id. */
export default function InfobasePage() {
  return (
    <section className="page infobase-page">
      <Switch>
        <Route path="/" component={EntryList} />
        <Route path="/:id">
          {(params) => (
            <>
              <p>
                <Link href="/" className="tap-link">
                  ← All entries
                </Link>
              </p>
              <EntryView key={params.id} id={params.id} />
            </>
          )}
        </Route>
      </Switch>
    </section>
  );
}
