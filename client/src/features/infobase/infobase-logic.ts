import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';
import type { TableRowOf } from '@ignition/shared/tables.ts';
import { entriesByTitle, rewriteLinks, tagsOf, THING_TABLES, titleKey, type InfobaseLink, type ThingKind } from '@ignition/shared/rules/infobase.ts';

/**
 * The infobase on the device: entries are `infobase_entries` rows written with `commit()` (so they
 * sync through the outbox like everything else) and read from Dexie. Nothing here pays: no events.
 */
export interface EntryDraft {
  title: string;
  content: string;
  category: string;
  tags: string[];
}

export interface EntryFilter {
  text?: string;
  tag?: string | null;
  category?: string | null;
  archived?: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Entries to list: archived or not, by category, tag and words; pinned first, then newest edit first. */
export function filterEntries(entries: readonly Row[], f: EntryFilter): Row[] {
  const words = (f.text ?? '').toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  const tag = f.tag?.toLocaleLowerCase('en-US');
  const category = f.category?.toLocaleLowerCase('en-US');
  return entries
    .filter((e) => !!e.archived === !!f.archived)
    .filter((e) => !category || str(e.category).toLocaleLowerCase('en-US') === category)
    .filter((e) => !tag || tagsOf(e.tags).some((t) => t.toLocaleLowerCase('en-US') === tag))
    .filter((e) => {
      if (!words.length) return true;
      const hay = `${str(e.title)}\n${str(e.content)}`.toLocaleLowerCase('en-US');
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || str(b.updated_at).localeCompare(str(a.updated_at)) || (a.id < b.id ? 1 : -1));
}

/** Every tag and category in use, each once (first spelling wins), sorted. */
export function tagsAndCategories(entries: readonly Row[]): { tags: string[]; categories: string[] } {
  const tags = new Map<string, string>();
  const categories = new Map<string, string>();
  for (const e of entries) {
    for (const t of tagsOf(e.tags)) if (!tags.has(t.toLocaleLowerCase('en-US'))) tags.set(t.toLocaleLowerCase('en-US'), t);
    const c = str(e.category).trim();
    if (c && !categories.has(c.toLocaleLowerCase('en-US'))) categories.set(c.toLocaleLowerCase('en-US'), c);
  }
  const sorted = (m: Map<string, string>) => [...m.values()].sort((a, b) => a.localeCompare(b));
  return { tags: sorted(tags), categories: sorted(categories) };
}

/** A new entry (returns its id). */
export async function createEntry(draft: Partial<EntryDraft> & { title: string }, database: IgnitionDb = defaultDb): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await commit(
    [{ table: 'infobase_entries', id, fields: { title: draft.title.trim(), content: draft.content ?? '', category: draft.category?.trim() || null, tags: draft.tags ?? [], pinned: false, archived: false, created_at: now, updated_at: now } }],
    [],
    database,
  );
  return id;
}

/** Saves an edit: only the fields that really change are stamped and sent (commit compares). */
export async function saveEntry(id: string, draft: EntryDraft, database: IgnitionDb = defaultDb) {
  await commit([{ table: 'infobase_entries', id, fields: { title: draft.title.trim(), content: draft.content, category: draft.category.trim() || null, tags: draft.tags, updated_at: new Date().toISOString() } }], [], database);
}

export async function setFlag(id: string, flag: 'pinned' | 'archived', value: boolean, database: IgnitionDb = defaultDb) {
  await commit([{ table: 'infobase_entries', id, fields: { [flag]: value, updated_at: new Date().toISOString() } }], [], database);
}

/**
 * Deletes an entry and returns how to undo it. A delete is final in sync (the id stays deleted on
 * every device), so undo brings back an equal entry under a fresh id; links are by title, so
 * every `[[link]]` to it works again.
 */
export async function deleteEntry(entry: TableRowOf<'infobase_entries'>, database: IgnitionDb = defaultDb): Promise<() => Promise<string>> {
  const copy = { title: str(entry.title), content: str(entry.content), category: entry.category ?? null, tags: tagsOf(entry.tags), pinned: !!entry.pinned, archived: !!entry.archived, created_at: entry.created_at ?? new Date().toISOString() };
  await commit([{ table: 'infobase_entries', id: entry.id, delete: true }], [], database);
  return async () => {
    const id = newId();
    await commit([{ table: 'infobase_entries', id, fields: { ...copy, updated_at: new Date().toISOString() } }], [], database);
    return id;
  };
}

/** The id of the entry a `[[Title]]` names, creating it (empty) when none has that title. */
export async function entryForTitle(title: string, database: IgnitionDb = defaultDb): Promise<string> {
  const all = await database.infobase_entries.toArray();
  const found = entriesByTitle(all.map((e) => ({ id: e.id, title: str(e.title), content: str(e.content) }))).get(titleKey(title));
  return found?.id ?? createEntry({ title }, database);
}

export interface ResolvedThing {
  kind: ThingKind;
  ref: string;
  id: string | null;
  title: string | null;
  path: string;
}

/** The person's own thing a `[[kind:ref]]` names, by id or else by title, from the device's rows. */
export async function resolveThing(kind: ThingKind, ref: string, database: IgnitionDb = defaultDb): Promise<ResolvedThing> {
  const spec = THING_TABLES[kind];
  const table = database.table(spec.table);
  const byId = (await table.get(ref)) as Row | undefined;
  const row = byId ?? ((await table.filter((r: Row) => titleKey(str(r[spec.titleField])) === titleKey(ref)).first()) as Row | undefined);
  // Decks and lessons open where they live; the other areas list their things on one page.
  const path = !row ? spec.path : kind === 'deck' ? `/learn/decks/${row.id}` : kind === 'lesson' && row.course_id ? `/learn/courses/${str(row.course_id)}/lessons/${row.id}` : spec.path;
  return { kind, ref, id: row?.id ?? null, title: row ? str(row[spec.titleField]) : null, path };
}

/** Escapes text for a markdown link label. */
const label = (s: string) => s.replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`);
/** A link target as a markdown destination: no spaces or parentheses. */
const dest = (s: string) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29');

export const LINK_PREFIX = { entry: '#ib-entry:', missing: '#ib-new:', thing: '#ib-thing:' } as const;
export const THING_ICON: Record<ThingKind, string> = { habit: '🔁', goal: '🎯', book: '📖', lesson: '🎓', deck: '🗂️' };

/**
 * An entry's markdown with its `[[links]]` as ordinary markdown links the sanitised renderer keeps:
 * to an entry (`#ib-entry:<id>`), to a title no entry has yet (`#ib-new:<title>`, created on
 * click), or to an own thing (`#ib-thing:<kind>:<id>`, shown with its title).
 */
export function linkedMarkdown(content: string, entryIdByTitle: (title: string) => string | null, thing: (kind: ThingKind, ref: string) => ResolvedThing | undefined): string {
  return rewriteLinks(content, (link: InfobaseLink) => {
    if (link.kind === 'entry') {
      const id = entryIdByTitle(link.title);
      return id ? `[${label(link.label)}](${LINK_PREFIX.entry}${dest(id)})` : `[${label(link.label)}](${LINK_PREFIX.missing}${dest(link.title)})`;
    }
    const t = thing(link.kind, link.ref);
    const words = link.label ?? t?.title ?? link.ref;
    if (!t?.id) return `${THING_ICON[link.kind]} ~~${label(words)}~~ *(no ${link.kind} “${label(link.ref)}”)*`;
    return `[${THING_ICON[link.kind]} ${label(words)}](${LINK_PREFIX.thing}${link.kind}:${dest(t.id)})`;
  });
}

/** What a click on a rendered link means, from its href. */
export function linkTarget(href: string): { kind: 'entry'; id: string } | { kind: 'missing'; title: string } | { kind: 'thing'; thing: ThingKind; id: string } | null {
  try {
    if (href.startsWith(LINK_PREFIX.entry)) return { kind: 'entry', id: decodeURIComponent(href.slice(LINK_PREFIX.entry.length)) };
    if (href.startsWith(LINK_PREFIX.missing)) return { kind: 'missing', title: decodeURIComponent(href.slice(LINK_PREFIX.missing.length)) };
    if (href.startsWith(LINK_PREFIX.thing)) {
      const [kind, ...rest] = href.slice(LINK_PREFIX.thing.length).split(':');
      if (kind in THING_TABLES) return { kind: 'thing', thing: kind as ThingKind, id: decodeURIComponent(rest.join(':')) };
    }
  } catch {
    // a malformed escape in a hand-written link: not ours
  }
  return null;
}
