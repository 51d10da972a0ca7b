import type { SearchHit } from './search-index.ts';
import type { SearchDoc } from './sources.ts';

/** The page asks the search worker to change the index or to answer a query. */
export type SearchRequest =
  | { id: number; op: 'apply'; upserts: SearchDoc[]; removals: string[] }
  | { id: number; op: 'clear' }
  | { id: number; op: 'search'; query: string; limit?: number };

export type SearchReply = { id: number; ok: true; size?: number; hits?: SearchHit[] } | { id: number; ok: false; message: string };
