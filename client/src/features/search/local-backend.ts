import { SearchIndex } from './search-index.ts';
import type { SearchBackend } from './search-engine.ts';

/** The index on this thread (tests, and a browser without module workers; the app loads it only then). */
export function localBackend(index = new SearchIndex()): SearchBackend & { index: SearchIndex } {
  return {
    index,
    apply: async (upserts, removals) => {
      index.remove(removals);
      index.upsert(upserts);
    },
    search: async (query, limit) => index.search(query, limit),
    close: () => index.clear(),
  };
}

