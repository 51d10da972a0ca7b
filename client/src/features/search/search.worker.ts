/// <reference lib="webworker" />
// The search index off the main thread: rows' documents come in batches as they change, queries
// are answered between batches, so building a large index never blocks typing.
import { SearchIndex } from './search-index.ts';
import type { SearchReply, SearchRequest } from './search-messages.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const index = new SearchIndex();

scope.onmessage = (event: MessageEvent<SearchRequest>) => {
  const m = event.data;
  let reply: SearchReply;
  try {
    if (m.op === 'apply') {
      index.remove(m.removals);
      index.upsert(m.upserts);
      reply = { id: m.id, ok: true, size: index.size };
    } else if (m.op === 'clear') {
      index.clear();
      reply = { id: m.id, ok: true, size: 0 };
    } else {
      reply = { id: m.id, ok: true, hits: index.search(m.query, m.limit) };
    }
  } catch (e) {
    reply = { id: m.id, ok: false, message: (e as Error).message };
  }
  scope.postMessage(reply);
};
