import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { INFOBASE_LIMITS, parseTags, tagsOf, titleKey, titleProblem } from '@ignition/shared/rules/infobase.ts';
import type { EntryDraft } from './infobase-logic.ts';
import { LinkPicker } from './link-picker.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/**
 * Writing an entry: a plain textarea with a preview (on a phone, one or the other, with large
 * buttons; on a desktop, Ctrl/⌘+S saves and Ctrl/⌘+Enter switches between writing and preview).
 */
export function EntryEditor({
  entry,
  categories,
  otherTitles,
  onSave,
  onCancel,
}: {
  entry?: Row;
  categories: string[];
  /** the other entries' titles as `titleKey`s, to say when a title is taken (a link then opens only one of them) */
  otherTitles: ReadonlySet<string>;
  onSave: (draft: EntryDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(String(entry?.title ?? ''));
  const [content, setContent] = useState(String(entry?.content ?? ''));
  const [category, setCategory] = useState(String(entry?.category ?? ''));
  const [tags, setTags] = useState(tagsOf(entry?.tags).join(', '));
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  /** Puts a link's text where the cursor is (at the end when previewing), then back to writing. */
  const insert = (text: string) => {
    const el = textarea.current;
    const at = el && !preview ? el.selectionStart : content.length;
    const end = el && !preview ? el.selectionEnd : content.length;
    const next = content.slice(0, at) + text + content.slice(end);
    setContent(next);
    setPreview(false);
    requestAnimationFrame(() => {
      const t = textarea.current;
      if (!t) return;
      t.focus();
      t.setSelectionRange(at + text.length, at + text.length);
    });
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const problem = titleProblem(title);
    if (problem) return setError(problem.charAt(0).toUpperCase() + problem.slice(1));
    if (content.length > INFOBASE_LIMITS.content) return setError(`An entry can be at most ${INFOBASE_LIMITS.content.toLocaleString()} characters`);
    setBusy(true);
    try {
      await onSave({ title: title.trim(), content, category: category.trim(), tags: parseTags(tags) });
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === 's' || e.key === 'S') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setPreview((p) => !p);
    }
  };

  return (
    <form className="form card infobase-editor" onSubmit={save} onKeyDown={onKey} aria-label={entry ? 'Edit entry' : 'New entry'}>
      <label>
        Title
        <input name="entry-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={INFOBASE_LIMITS.title} required autoFocus={!entry} aria-describedby="infobase-title-note" />
        <span id="infobase-title-note" className="muted small" role="status">
          {title.trim() && otherTitles.has(titleKey(title)) ? `Another entry is called “${title.trim()}”: a [[${title.trim()}]] link opens only one of the two.` : ''}
        </span>
      </label>
      <div className="form-row">
        <label>
          Category
          <input name="entry-category" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={INFOBASE_LIMITS.category} list="infobase-categories" placeholder="e.g. Kitchen" />
          <datalist id="infobase-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <label>
          Tags
          <input name="entry-tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="comma, separated" />
        </label>
      </div>
      <LinkPicker selfId={entry?.id} onPick={insert} />
      <div className="tabs" role="tablist" aria-label="Write or preview">
        <button type="button" role="tab" aria-selected={!preview} className={!preview ? 'active' : ''} onClick={() => setPreview(false)}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={preview} className={preview ? 'active' : ''} onClick={() => setPreview(true)}>
          Preview
        </button>
      </div>
      {preview ? (
        <div className="infobase-preview" aria-label="Preview">
          {content.trim() ? <Markdown text={content} /> : <p className="muted">Nothing to preview yet.</p>}
        </div>
      ) : (
        <label className="infobase-body">
          Text (markdown)
          <textarea ref={textarea} name="entry-content" value={content} onChange={(e) => setContent(e.target.value)} rows={14} maxLength={INFOBASE_LIMITS.content} autoFocus={!!entry} placeholder={'Markdown. Link another entry with [[Its title]], or your things with [[book:Title]], [[habit:…]], [[goal:…]], [[lesson:…]], [[deck:…]].'} />
        </label>
      )}
      <p className="muted small infobase-hint">
        {MOD}+S saves · {MOD}+Enter switches to {preview ? 'writing' : 'preview'}
      </p>
      <FormFooter error={error} submitLabel={busy ? 'Saving…' : 'Save'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
