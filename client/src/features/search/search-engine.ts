import { liveQuery, type Dexie } from 'dexie';
import type { Row } from '../../db/db.ts';
import type { SearchHit } from './search-index.ts';
import type { SearchReply, SearchRequest } from './search-messages.ts';
import { availableSources, docOf, PLACE_DOCS, SOURCES, type SearchDoc, type SearchSource } from './sources.ts';

/** Where the index lives: a Web Worker in the app, this thread in tests. Calls are answered in order. */
export interface SearchBackend {
  apply(upserts: SearchDoc[], removals: string[]): Promise<void>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  close(): void;
}

/** The index in a Web Worker. */
export function workerBackend(): SearchBackend {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: SearchReply & { ok: true }) => void; reject: (e: Error) => void }>();
  worker.onmessage = (e: MessageEvent<SearchReply>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if (e.data.ok) w.resolve(e.data);
    else w.reject(new Error(e.data.message));
  };
  const call = (req: SearchRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never) =>
    new Promise<SearchReply & { ok: true }>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as SearchRequest);
    });
  return {
    apply: async (upserts, removals) => void (await call({ op: 'apply', upserts, removals })),
    search: async (query, limit) => (await call({ op: 'search', query, limit })).hits ?? [],
    close: () => {
      worker.terminate();
      for (const w of waiting.values()) w.reject(new Error('search closed'));
      waiting.clear();
    },
  };
}

/** Documents sent to the index per message: the worker answers queries between batches. */
const BATCH = 500;

const signature = (d: SearchDoc) => `${d.title}\u0001${d.body}\u0001${d.tags}\u0001${d.hint}\u0001${d.route}`;

/**
 * Keeps the index in step with IndexedDB: one live query per source table (Dexie re-runs it when
 * that table changes, in this tab or another — a local write, an applied pull, a restore), and
 * only what changed goes to the index: new and edited rows are added or replaced, vanished ones
 * removed. Screens and actions are indexed once.
 */
export class SearchEngine {
  private readonly known = new Map<string, Map<string, string>>();
  private readonly subscriptions: Array<{ unsubscribe(): void }> = [];
  /** changes reach the backend one after another, in the order the live queries saw them */
  private queue: Promise<void> = Promise.resolve();
  private pendingFirst = 0;
  private resolveReady!: () => void;
  /** settles once every source's rows (and the screens and actions) are in the index */
  readonly ready = new Promise<void>((r) => (this.resolveReady = r));
  readonly sources: SearchSource[];

  constructor(
    private readonly db: Dexie,
    private readonly backend: SearchBackend,
    opts: { sources?: SearchSource[]; extraDocs?: SearchDoc[] } = {},
  ) {
    // A source whose table this database does not have (yet) is skipped.
    this.sources = availableSources(
      db.tables.map((t) => t.name),
      opts.sources ?? SOURCES,
    );
    const fixed = [...PLACE_DOCS, ...(opts.extraDocs ?? [])];
    for (let i = 0; i < fixed.length; i += BATCH) this.send(fixed.slice(i, i + BATCH), []);
  }

  start(): this {
    this.pendingFirst = this.sources.length;
    if (this.pendingFirst === 0) void this.queue.then(() => this.resolveReady());
    for (const source of this.sources) {
      let first = true;
      const sub = liveQuery(() => this.db.table<Row>(source.table).toArray()).subscribe({
        next: (rows) => {
          this.update(source, rows);
          if (first) {
            first = false;
            void this.queue.then(() => {
              if (--this.pendingFirst === 0) this.resolveReady();
            });
          }
        },
        error: () => {
          if (first) {
            first = false;
            if (--this.pendingFirst === 0) void this.queue.then(() => this.resolveReady());
          }
        },
      });
      this.subscriptions.push(sub);
    }
    return this;
  }

  /** The differences between what the index holds for `source` and its rows now, sent as upserts and removals. */
  private update(source: SearchSource, rows: Row[]) {
    const before = this.known.get(source.table) ?? new Map<string, string>();
    const now = new Map<string, string>();
    const upserts: SearchDoc[] = [];
    for (const row of rows) {
      const doc = docOf(source, row);
      if (!doc) continue;
      const sig = signature(doc);
      now.set(doc.id, sig);
      if (before.get(doc.id) !== sig) upserts.push(doc);
    }
    const removals: string[] = [];
    for (const id of before.keys()) if (!now.has(id)) removals.push(id);
    this.known.set(source.table, now);
    for (let i = 0; i < Math.max(upserts.length, removals.length); i += BATCH) this.send(upserts.slice(i, i + BATCH), removals.slice(i, i + BATCH));
  }

  private send(upserts: SearchDoc[], removals: string[]) {
    if (!upserts.length && !removals.length) return;
    // A failed batch (the engine stopped mid-build) does not hold up the next one, nor surface as an unhandled rejection.
    this.queue = this.queue.then(() => this.backend.apply(upserts, removals)).catch(() => undefined);
  }

  /** Resolves once every change seen so far is in the index. */
  settled(): Promise<void> {
    return this.queue;
  }

  search(query: string, limit?: number): Promise<SearchHit[]> {
    return this.backend.search(query, limit);
  }

  stop() {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.backend.close();
  }
}
