import { useMemo, useState, type MouseEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useLiveQuery } from 'dexie-react-hooks';
import { Archive, ArchiveRestore, Pencil, Pin, PinOff, Trash2 } from 'lucide-react';
import { db, type Row } from '../../db/db.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { backlinksOf, entriesByTitle, parseLinks, tagsOf, titleKey, type ThingKind } from '@ignition/shared/rules/infobase.ts';
import { EntryEditor } from './entry-editor.tsx';
import { deleteEntry, entryForTitle, linkedMarkdown, linkTarget, resolveThing, saveEntry, setFlag, tagsAndCategories, THING_ICON, type ResolvedThing } from './infobase-logic.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const when = (iso: unknown) => (typeof iso === 'string' && iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

/** One entry: its rendered text with working [[links]], the things it links to, and the entries linking here. */
export function EntryView({ id }: { id: string }) {
  const [, navigate] = useLocation();
  const entries = useLiveQuery(() => db.infobase_entries.toArray(), []);
  const entry = entries?.find((e) => e.id === id);
  const [editing, setEditing] = useState(false);
  const content = str(entry?.content);
  const things = useLiveQuery(async () => {
    const out = new Map<string, ResolvedThing>();
    for (const l of parseLinks(content)) if (l.kind !== 'entry' && !out.has(`${l.kind}:${l.ref}`)) out.set(`${l.kind}:${l.ref}`, await resolveThing(l.kind, l.ref));
    return out;
  }, [content]);
  const linkable = useMemo(() => (entries ?? []).map((e) => ({ ...e, title: str(e.title), content: str(e.content) })), [entries]);
  const byTitle = useMemo(() => entriesByTitle(linkable), [linkable]);
  const backlinks = useMemo(() => (entry ? backlinksOf({ id: entry.id, title: str(entry.title) }, linkable) : []), [entry, linkable]);
  const shown = useMemo(() => linkedMarkdown(content, (t) => byTitle.get(titleKey(t))?.id ?? null, (k, r) => things?.get(`${k}:${r}`)), [content, byTitle, things]);

  if (!entries) return <div className="page-loading">Loading…</div>;
  if (!entry)
    return (
      <EmptyState icon="🗒️" title="No such entry" action={<Link href="/">Back to the infobase</Link>}>
        It may have been deleted on this or another device.
      </EmptyState>
    );

  const follow = async (e: MouseEvent) => {
    const a = (e.target as Element).closest('a');
    const target = a ? linkTarget(a.getAttribute('href') ?? '') : null;
    if (!target) return;
    e.preventDefault();
    if (target.kind === 'entry') navigate(`/${target.id}`);
    else if (target.kind === 'missing') {
      const newId = await entryForTitle(target.title);
      notify(`Created “${target.title}”`, 'success');
      navigate(`/${newId}`);
    } else navigate(`~${[...(things?.values() ?? [])].find((t) => t.kind === target.thing && t.id === target.id)?.path ?? '/'}`);
  };
  const remove = async () => {
    const undo = await deleteEntry(entry);
    navigate('/');
    notify(`Deleted “${str(entry.title)}”`, 'info', { label: 'Undo', run: () => void undo().then((newId) => navigate(`~/infobase/${newId}`)) });
  };
  const { categories } = tagsAndCategories(entries);
  const resolved = [...(things?.values() ?? [])];

  if (editing)
    return (
      <EntryEditor
        entry={entry}
        categories={categories}
        otherTitles={new Set(linkable.filter((e) => e.id !== entry.id).map((e) => titleKey(e.title)))}
        onCancel={() => setEditing(false)}
        onSave={async (draft) => {
          await saveEntry(entry.id, draft);
          setEditing(false);
          notify('Entry saved', 'success');
        }}
      />
    );

  return (
    <article className="infobase-entry" aria-labelledby="infobase-entry-title">
      <div className="spread infobase-entry__head">
        <div>
          <h2 id="infobase-entry-title">{str(entry.title)}</h2>
          <p className="muted small">
            {entry.category ? <span className="badge">{str(entry.category)}</span> : null} {tagsOf(entry.tags).map((t) => <span key={t} className="badge infobase-tag">#{t}</span>)} Edited {when(entry.updated_at)} · created {when(entry.created_at)}
            {entry.archived ? ' · archived' : ''}
          </p>
        </div>
        <div className="row infobase-actions">
          <button className="btn" onClick={() => setEditing(true)}>
            <Pencil size={16} aria-hidden /> Edit
          </button>
          <button className="btn" aria-pressed={!!entry.pinned} onClick={() => void setFlag(entry.id, 'pinned', !entry.pinned)}>
            {entry.pinned ? <PinOff size={16} aria-hidden /> : <Pin size={16} aria-hidden />} {entry.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button className="btn" onClick={() => void setFlag(entry.id, 'archived', !entry.archived).then(() => notify(entry.archived ? 'Entry restored from the archive' : 'Entry archived', 'info'))}>
            {entry.archived ? <ArchiveRestore size={16} aria-hidden /> : <Archive size={16} aria-hidden />} {entry.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button className="btn btn-danger" onClick={() => void remove()}>
            <Trash2 size={16} aria-hidden /> Delete
          </button>
        </div>
      </div>
      <div className="card infobase-body-view" onClick={(e) => void follow(e)}>
        {content.trim() ? <Markdown text={shown} /> : <p className="muted">This entry is empty. Choose Edit to write it.</p>}
      </div>
      {resolved.length > 0 && (
        <section className="card infobase-panel" aria-label="Linked things">
          <h3 className="card-title">Linked things</h3>
          <ul className="infobase-links">
            {resolved.map((t) => (
              <li key={`${t.kind}:${t.ref}`}>
                {THING_ICON[t.kind as ThingKind]} {t.id ? <Link href={`~${t.path}`}>{t.title}</Link> : <span className="muted">no {t.kind} “{t.ref}”</span>} <span className="muted small">{t.kind}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card infobase-panel" aria-label="Backlinks">
        <h3 className="card-title">Backlinks</h3>
        {backlinks.length === 0 ? (
          <p className="muted small">No entry links here yet. Write [[{str(entry.title)}]] in another entry to link it.</p>
        ) : (
          <ul className="infobase-links">
            {backlinks.map((b: Row) => (
              <li key={b.id}>
                <Link href={`/${b.id}`}>{str(b.title)}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
