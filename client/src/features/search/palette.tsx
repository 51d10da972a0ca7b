import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { navigate } from 'wouter/use-browser-location';
import { Dialog } from '../../ui/dialog.tsx';
import { highlight } from './highlight.ts';
import type { SearchHit } from './search-index.ts';
import { rebuildSearch, revealTarget, searchEngine } from './search-service.ts';
import { docOf, PLACE_DOCS, SOURCES } from './sources.ts';
import './search.css';

// A handle for benchmarks and end-to-end tests, beside the app's own (`window.__ignition`, set by main.tsx).
const handle = (window as unknown as { __ignition?: Record<string, unknown> }).__ignition;
if (handle) handle.search = { engine: searchEngine, rebuild: rebuildSearch, sources: SOURCES, docOf };

/** With nothing typed: the actions first, then the screens. */
const START: SearchHit[] = [...PLACE_DOCS.filter((d) => d.kind === 'action'), ...PLACE_DOCS.filter((d) => d.kind === 'screen')].map((d) => ({
  id: d.id,
  kind: d.kind,
  label: d.label,
  title: d.title,
  hint: d.hint,
  route: d.route,
  snippet: '',
  terms: [],
  score: 0,
}));

/** Text with its matching words in <mark>, built as React text nodes: user text is never HTML. */
function Marked({ text, terms }: { text: string; terms: string[] }) {
  const parts = useMemo(() => highlight(text, terms), [text, terms]);
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/**
 * The command palette: one field that finds the person's own things (from the on-device index),
 * the app's screens and actions. Arrow keys move through the results, Enter opens one, Escape
 * closes; focus stays inside while it is open (the shared Dialog's focus trap).
 */
export default function Palette({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>(START);
  const [active, setActive] = useState(0);
  const [indexing, setIndexing] = useState(true);
  const listId = useId();
  const list = useRef<HTMLUListElement>(null);
  const engine = searchEngine();

  useEffect(() => {
    let live = true;
    void engine.ready.then(() => live && setIndexing(false));
    return () => void (live = false);
  }, [engine]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setHits(START);
      setActive(0);
      return;
    }
    let current = true;
    void engine.search(q, 30).then(
      (found) => {
        if (!current) return;
        setHits(found);
        setActive(0);
      },
      () => undefined,
    );
    return () => void (current = false);
    // `indexing`: asked again once the index is complete, for results that arrived with it.
  }, [engine, query, indexing]);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active, hits]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(hit.route);
    revealTarget(hit.route);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = hits.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a - 1 + n) % n);
    } else if (e.key === 'Home' && n && e.ctrlKey) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && n && e.ctrlKey) {
      e.preventDefault();
      setActive(n - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(hits[active]);
    }
  };

  const optionId = (i: number) => `${listId}-opt-${i}`;
  const q = query.trim();
  return (
    <Dialog label="Search" onClose={onClose}>
      <div className="palette">
        <input
          className="palette__input"
          type="text"
          role="combobox"
          aria-label="Search your things, screens and actions"
          aria-expanded={hits.length > 0}
          aria-controls={hits.length ? listId : undefined}
          aria-activedescendant={hits.length ? optionId(active) : undefined}
          aria-autocomplete="list"
          placeholder="Search habits, notes, journal… or type an action"
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="go"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
        />
        {hits.length > 0 ? (
          <ul className="palette__list" role="listbox" id={listId} aria-label={q ? 'Results' : 'Actions and screens'} ref={list}>
            {hits.map((h, i) => (
              <li
                key={h.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'palette__option active' : 'palette__option'}
                onMouseMove={() => i !== active && setActive(i)}
                onClick={() => open(h)}
              >
                <span className="palette__kind">{h.label}</span>
                <span className="palette__main">
                  <span className="palette__title">
                    <Marked text={h.title} terms={h.terms} />
                  </span>
                  {h.hint && <span className="palette__hint">{h.hint}</span>}
                  {/* A screen's or an action's text is only the words it is found by. */}
                  {h.snippet && h.kind !== 'screen' && h.kind !== 'action' && (
                    <span className="palette__snippet">
                      <Marked text={h.snippet} terms={h.terms} />
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="palette__empty muted">{indexing ? 'Still reading your things…' : `Nothing matches “${q}”.`}</p>
        )}
        <p className="palette__status small muted" role="status">
          {q ? `${hits.length === 30 ? 'Top 30' : hits.length} result${hits.length === 1 ? '' : 's'}` : ''}
          {indexing ? ' · indexing…' : ''}
        </p>
        <p className="palette__keys small muted" aria-hidden>
          <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
        </p>
      </div>
    </Dialog>
  );
}
