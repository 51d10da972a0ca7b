import MiniSearch, { type SearchResult } from 'minisearch';
import type { SearchDoc } from './sources.ts';
import { WORD } from './highlight.ts';

/** A found thing as the palette shows it: the stored fields, the score and the document's words that matched. */
export interface SearchHit {
  id: string;
  kind: string;
  label: string;
  title: string;
  hint: string;
  route: string;
  /** a window of the body around its first matching word ('' when only the title or tags matched) */
  snippet: string;
  /** the indexed words (lowercase) that matched, for highlighting */
  terms: string[];
  score: number;
}

/** A query this short (one word) looks in names first. */
const SHORT = 3;
const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 150;

/** The part of `body` around the first word in `terms`, with an ellipsis where it was cut; '' when none matches. */
export function snippetOf(body: string, terms: ReadonlySet<string>): string {
  if (!body || terms.size === 0) return '';
  for (const m of body.matchAll(WORD)) {
    if (!terms.has(m[0].toLowerCase())) continue;
    let start = Math.max(0, m.index - SNIPPET_BEFORE);
    // Start on a word boundary rather than inside a word.
    if (start > 0) {
      const space = body.indexOf(' ', start);
      if (space >= 0 && space < m.index) start = space + 1;
    }
    let end = Math.min(body.length, start + SNIPPET_LENGTH);
    if (end < body.length) {
      const space = body.lastIndexOf(' ', end);
      if (space > m.index + m[0].length) end = space;
    }
    const text = body.slice(start, end).replace(/\s+/g, ' ').trim();
    return `${start > 0 ? '…' : ''}${text}${end < body.length ? '…' : ''}`;
  }
  return '';
}

/** Title first, then tags and categories, then the body; a near miss (a typo) or a prefix scores below a whole word. */
const FIELDS = ['title', 'tags', 'body'] as const;
const BOOST = { title: 4, tags: 2, body: 1 };
/** Typos forgiven by length: none for ≤ 3 letters, one up to 7, two beyond. */
export const fuzziness = (term: string) => (term.length < 4 ? false : term.length < 8 ? 1 : 2);

/**
 * The on-device full-text index (MiniSearch): documents added, replaced and removed one at a time
 * as rows change. It runs inside the search worker in the app, and directly in tests and benches.
 */
export class SearchIndex {
  private readonly mini = new MiniSearch<SearchDoc>({
    fields: [...FIELDS],
    storeFields: ['kind', 'label', 'title', 'hint', 'route', 'body'],
    searchOptions: { boost: BOOST, prefix: true, fuzzy: fuzziness },
    // Removed documents are cleaned from the index in the background, a batch at a time.
    autoVacuum: { minDirtCount: 200, minDirtFactor: 0.1, batchSize: 500, batchWait: 10 },
  });

  get size(): number {
    return this.mini.documentCount;
  }

  has(id: string): boolean {
    return this.mini.has(id);
  }

  /** Adds new documents and replaces those already indexed under the same id. */
  upsert(docs: readonly SearchDoc[]): void {
    const fresh: SearchDoc[] = [];
    for (const d of docs) {
      if (this.mini.has(d.id)) this.mini.replace(d);
      else fresh.push(d);
    }
    if (fresh.length) this.mini.addAll(fresh);
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) if (this.mini.has(id)) this.mini.discard(id);
  }

  clear(): void {
    this.mini.removeAll();
  }

  /**
   * The best `limit` matches of `query`: every word must match (as a word, a prefix or within a
   * typo or two); when nothing matches them all, any of them.
   */
  search(query: string, limit = 30): SearchHit[] {
    const q = query.trim();
    if (!q) return [];
    let results: SearchResult[] = [];
    // A word's first few letters, as typed: titles and tags first (a palette finds things by name,
    // and a 3-letter prefix of every body word is mostly noise, and slow over thousands of notes);
    // bodies too when no name starts so.
    if (q.length <= SHORT && !/\s/.test(q)) results = this.mini.search(q, { fields: ['title', 'tags'] });
    if (results.length === 0) results = this.mini.search(q, { combineWith: 'AND' });
    if (results.length === 0) results = this.mini.search(q, { combineWith: 'OR' });
    return results.slice(0, limit).map((r) => {
      const terms = new Set(r.terms);
      return {
        id: String(r.id),
        kind: r.kind as string,
        label: r.label as string,
        title: r.title as string,
        hint: r.hint as string,
        route: r.route as string,
        snippet: snippetOf(r.body as string, terms),
        terms: r.terms,
        score: r.score,
      };
    });
  }
}

