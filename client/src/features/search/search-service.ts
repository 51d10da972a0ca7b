import { db, type Row } from '../../db/db.ts';
import { SearchEngine, workerBackend, type SearchBackend } from './search-engine.ts';
import { docOf, SOURCES, type SearchDoc } from './sources.ts';

let engine: SearchEngine | null = null;

/** The index on this thread, loaded only where there is no worker (MiniSearch is otherwise only in the worker's chunk). */
function localBackendLater(): SearchBackend {
  const ready = import('./local-backend.ts').then((m) => m.localBackend());
  return {
    apply: async (upserts, removals) => (await ready).apply(upserts, removals),
    search: async (query, limit) => (await ready).search(query, limit),
    close: () => void ready.then((b) => b.close()),
  };
}

function backend(): SearchBackend {
  // A module worker where the browser has one (every current one); else the index on this thread.
  try {
    return typeof Worker === 'function' ? workerBackend() : localBackendLater();
  } catch {
    return localBackendLater();
  }
}

/** The app's one search engine, started on the first use and kept in step with IndexedDB from then on. */
export function searchEngine(): SearchEngine {
  engine ??= new SearchEngine(db, backend()).start();
  return engine;
}

/**
 * For benchmarks: a fresh engine over this device's data plus `extraRows` of tables this database
 * does not have (e.g. infobase entries before that table lands), timed until all of it is indexed.
 */
export async function rebuildSearch(extraRows: Record<string, Row[]> = {}): Promise<{ ms: number; sources: string[] }> {
  engine?.stop();
  const t0 = performance.now();
  const extraDocs: SearchDoc[] = [];
  for (const [table, rows] of Object.entries(extraRows)) {
    const source = SOURCES.find((s) => s.table === table);
    if (!source) continue;
    for (const row of rows) {
      const d = docOf(source, row);
      if (d) extraDocs.push(d);
    }
  }
  engine = new SearchEngine(db, backend(), { extraDocs }).start();
  await engine.ready;
  return { ms: performance.now() - t0, sources: engine.sources.map((s) => s.table) };
}

/**
 * After opening a route that names an element (`/habits#habit-<id>`): once the screen shows it,
 * scroll it into view, focus it and flash it. Gives up quietly after a few seconds (a row on a
 * later page of a long list).
 */
export function revealTarget(route: string, within = 4000) {
  const hash = route.split('#')[1];
  if (!hash) return;
  const id = decodeURIComponent(hash);
  const end = performance.now() + within;
  const look = () => {
    const el = document.getElementById(id);
    if (!el) {
      if (performance.now() < end) setTimeout(look, 50);
      return;
    }
    el.scrollIntoView({ block: 'center' });
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    el.classList.add('search-target');
    setTimeout(() => el.classList.remove('search-target'), 2000);
  };
  look();
}
