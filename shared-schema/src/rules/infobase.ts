import { tagListProblem } from './tag-list.ts';
export { tagsOf } from './tag-list.ts';
/**
 * The infobase (a personal knowledge base): its limits, the shape checks of its fields, and the
 * `[[links]]` between entries and to the person's own things. Pure, so the row contract (server),
 * the REST service (backlinks in a reply) and the app (rendering, the backlinks panel) agree.
 *
 * Link syntax, inside an entry's markdown:
 * - `[[Title]]` or `[[Title|shown words]]` links to the entry of that title (matched without regard
 *   to case or repeated spaces); following a link to a title no entry has offers to create it;
 * - `[[book:<id or title>]]` (also habit, goal, lesson, deck) links to one of the person's own
 *   things, shown with its title.
 * Links inside code (`` `…` `` or fenced blocks) are text, not links.
 */
export const INFOBASE_LIMITS = {
  title: 200,
  content: 100_000,
  category: 60,
  /** a tag's characters, and how many tags an entry may have */
  tag: 40,
  tags: 30,
} as const;

/** The person's own things an entry may link to, and the table each lives in. */
export const THING_KINDS = ['habit', 'goal', 'book', 'lesson', 'deck'] as const;
export type ThingKind = (typeof THING_KINDS)[number];
export const THING_TABLES: Record<ThingKind, { table: string; titleField: string; path: string }> = {
  habit: { table: 'habits', titleField: 'name', path: '/habits' },
  goal: { table: 'goals', titleField: 'title', path: '/goals' },
  book: { table: 'books', titleField: 'title', path: '/books' },
  lesson: { table: 'lessons', titleField: 'title', path: '/learn' },
  deck: { table: 'flashcard_decks', titleField: 'title', path: '/learn' },
};

export type InfobaseLink =
  | { kind: 'entry'; title: string; label: string }
  | { kind: ThingKind; ref: string; label: string | null };

/** Characters a title cannot hold: they would end or split a `[[link]]`. */
const TITLE_BREAKERS = /[[\]|\n\r]/;

/** How titles are compared: trimmed, spaces collapsed, case folded. */
export function titleKey(title: string): string {
  return title.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
}

/** Code (fenced blocks, inline spans) is skipped; otherwise a `[[target]]` or `[[target|label]]`. */
const LINK_OR_CODE = /(```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`)|\[\[([^[\]|\n]{1,200})(?:\|([^[\]\n]{0,200}))?\]\]/g;
const KIND_PREFIX = new RegExp(`^(${THING_KINDS.join('|')}):(.+)$`, 'i');

function linkOf(target: string, label: string | undefined): InfobaseLink | null {
  const t = target.trim();
  if (!t) return null;
  const thing = KIND_PREFIX.exec(t);
  if (thing) return { kind: thing[1].toLowerCase() as ThingKind, ref: thing[2].trim(), label: label?.trim() || null };
  return { kind: 'entry', title: t.replace(/\s+/g, ' '), label: label?.trim() || t.replace(/\s+/g, ' ') };
}

/**
 * Rewrites every link of `markdown` with `render` (code left as it is), e.g. into markdown links
 * before the sanitised renderer turns the text into HTML.
 */
export function rewriteLinks(markdown: string, render: (link: InfobaseLink, source: string) => string): string {
  return (markdown ?? '').replace(LINK_OR_CODE, (whole: string, code: string | undefined, target: string | undefined, label: string | undefined) => {
    if (code !== undefined || target === undefined) return whole;
    const link = linkOf(target, label);
    return link ? render(link, whole) : whole;
  });
}

/** Every link of an entry's markdown, in order of appearance (repeats included). */
export function parseLinks(markdown: string): InfobaseLink[] {
  const out: InfobaseLink[] = [];
  rewriteLinks(markdown, (link, source) => {
    out.push(link);
    return source;
  });
  return out;
}

/** The titles (as `titleKey`s) an entry links to, each once. */
export function linkedTitleKeys(markdown: string): Set<string> {
  const keys = new Set<string>();
  for (const l of parseLinks(markdown)) if (l.kind === 'entry') keys.add(titleKey(l.title));
  return keys;
}

export interface LinkableEntry {
  id: string;
  title: string | null;
  content: string | null;
}

/**
 * The entries that link to `entry` (by its title), itself excluded, in the order given. An entry
 * with an empty title has no backlinks: nothing can name it.
 */
export function backlinksOf<E extends LinkableEntry>(entry: Pick<LinkableEntry, 'id' | 'title'>, entries: readonly E[]): E[] {
  const key = titleKey(entry.title ?? '');
  if (!key) return [];
  return entries.filter((e) => e.id !== entry.id && (e.content ?? '').includes('[[') && linkedTitleKeys(e.content ?? '').has(key));
}

/** The entry each title names (the oldest id wins when two entries share a title), for following links. */
export function entriesByTitle<E extends LinkableEntry>(entries: readonly E[]): Map<string, E> {
  const out = new Map<string, E>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const key = titleKey(e.title ?? '');
    if (key && !out.has(key)) out.set(key, e);
  }
  return out;
}

/** Why a value is not a valid tag list, or null. */
export function tagsProblem(v: unknown): string | null {
  return tagListProblem(v, 'an entry', { tags: INFOBASE_LIMITS.tags, tag: INFOBASE_LIMITS.tag });
}

/** Why a title cannot be an entry's, or null. */
export function titleProblem(v: unknown): string | null {
  if (typeof v !== 'string') return 'title must be text';
  if (v.trim().length === 0) return 'an entry needs a title';
  if (TITLE_BREAKERS.test(v)) return 'a title cannot hold [ ] | or a line break (they would break [[links]])';
  return null;
}

/** The row rule of `infobase_entries`: a linkable title and a list of tags. Null when fine. */
export function infobaseFieldError(fields: Record<string, unknown>): string | null {
  if (fields.title !== undefined && fields.title !== null) {
    const p = titleProblem(fields.title);
    if (p) return p;
  }
  if (fields.tags !== undefined && fields.tags !== null) {
    const p = tagsProblem(fields.tags);
    if (p) return p;
  }
  return null;
}

/** Tags as a person types them ("work, ideas"): trimmed, deduplicated (case-insensitively), empty ones dropped. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim().replace(/\s+/g, ' ').slice(0, INFOBASE_LIMITS.tag);
    const k = t.toLocaleLowerCase('en-US');
    if (!t || seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out.slice(0, INFOBASE_LIMITS.tags);
}

