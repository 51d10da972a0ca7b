import { and, desc, eq, isNotNull, like, lt, or, sql } from 'drizzle-orm';
import { backlinksOf, entriesByTitle, parseLinks, tagsOf, titleKey, type ThingKind } from '@ignition/shared/rules/infobase.ts';
import { books, flashcardDecks, goals, habits, infobaseEntries, lessons } from '@ignition/shared/server/tables.ts';
import { clockOf, type AppDeps, type Asker } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { orm } from '../db/orm.ts';
import type { Db } from './sync/sql.ts';
import { writeThroughSync } from './rest-write.ts';

/**
 * `/api/infobase`: the personal knowledge base for scripts. Reads are the asker's own rows only;
 * writes are row changes sent through the sync push (`writeThroughSync`), so the row contract,
 * ownership and the pull log are the app's. The infobase pays nothing: no events are written.
 */
type Entry = typeof infobaseEntries.$inferSelect;

export interface EntryInput {
  title?: string;
  content?: string | null;
  category?: string | null;
  tags?: string[];
  pinned?: boolean;
  archived?: boolean;
}

export interface ListQuery {
  q?: string;
  tag?: string;
  category?: string;
  archived: 'false' | 'true' | 'all';
  limit: number;
  cursor?: { updated_at: string; id: string };
}

/** What the API shows of an entry: tags as a list, flags as booleans, the seed's synced_at left out. */
export const entryView = (e: Entry) => ({
  id: e.id,
  title: e.title,
  content: e.content ?? '',
  category: e.category,
  tags: tagsOf(e.tags),
  pinned: !!e.pinned,
  archived: !!e.archived,
  created_at: e.created_at,
  updated_at: e.updated_at,
});

/** A page's position: the last entry's update time and id, as opaque text. */
export const encodeCursor = (e: Pick<Entry, 'updated_at' | 'id'>) => Buffer.from(JSON.stringify([e.updated_at, e.id])).toString('base64url');
export function decodeCursor(text: string): { updated_at: string; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && v[0].length <= 40 && v[1].length <= 64) return { updated_at: v[0], id: v[1] };
  } catch {
    // not a cursor this service wrote
  }
  return null;
}

const likeEscaped = (word: string) => `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

async function ownEntry(db: Db, userId: string, id: string): Promise<Entry> {
  const [row] = await orm(db).select().from(infobaseEntries).where(and(eq(infobaseEntries.id, id), eq(infobaseEntries.user_id, userId)));
  if (!row) throw notFound('No such infobase entry');
  return row;
}

/** Newest edit first, a page at a time; words of `q` must all appear in the title or the text. */
export async function listEntries(db: Db, userId: string, q: ListQuery) {
  const t = infobaseEntries;
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const rows = await orm(db)
    .select()
    .from(t)
    .where(
      and(
        eq(t.user_id, userId),
        q.archived === 'all' ? undefined : eq(t.archived, q.archived === 'true' ? 1 : 0),
        q.category ? sql`lower(${t.category}) = ${q.category.toLowerCase()}` : undefined,
        q.tag ? sql`EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${t.tags}) THEN ${t.tags} ELSE '[]' END) WHERE lower(value) = ${q.tag.toLowerCase()})` : undefined,
        ...words.map((w) => sql`(lower(${t.title}) LIKE ${likeEscaped(w)} ESCAPE '\\' OR lower(COALESCE(${t.content}, '')) LIKE ${likeEscaped(w)} ESCAPE '\\')`),
        q.cursor ? or(lt(t.updated_at, q.cursor.updated_at), and(eq(t.updated_at, q.cursor.updated_at), lt(t.id, q.cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(t.updated_at), desc(t.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { entries: page.map(entryView), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}

/**
 * The thing a `[[kind:ref]]` names among the asker's own (lessons are shared content): by id, else
 * by title compared as `titleKey` does (SQLite's lower() folds ASCII only, so titles are matched here).
 */
async function resolveThing(db: Db, userId: string, kind: ThingKind, ref: string): Promise<{ id: string; title: string } | null> {
  const o = orm(db);
  const rows = await (async () => {
    switch (kind) {
      case 'habit':
        return o.select({ id: habits.id, title: habits.name }).from(habits).where(eq(habits.user_id, userId));
      case 'goal':
        return o.select({ id: goals.id, title: goals.title }).from(goals).where(eq(goals.user_id, userId));
      case 'book':
        return o.select({ id: books.id, title: books.title }).from(books).where(eq(books.user_id, userId));
      case 'deck':
        return o.select({ id: flashcardDecks.id, title: flashcardDecks.title }).from(flashcardDecks).where(eq(flashcardDecks.user_id, userId));
      case 'lesson':
        return o.select({ id: lessons.id, title: lessons.title }).from(lessons);
    }
  })();
  return rows.find((r) => r.id === ref) ?? rows.find((r) => titleKey(r.title) === titleKey(ref)) ?? null;
}

/** One entry with what it links to (entries by title, the asker's own things) and the entries linking to it. */
export async function getEntry(db: Db, userId: string, id: string) {
  const entry = await ownEntry(db, userId, id);
  const others = await orm(db)
    .select({ id: infobaseEntries.id, title: infobaseEntries.title, content: infobaseEntries.content })
    .from(infobaseEntries)
    .where(and(eq(infobaseEntries.user_id, userId), isNotNull(infobaseEntries.content), like(infobaseEntries.content, '%[[%')))
    .orderBy(desc(infobaseEntries.updated_at));
  const linked = parseLinks(entry.content ?? '');
  const titles = linked.some((l) => l.kind === 'entry')
    ? await orm(db).select({ id: infobaseEntries.id, title: infobaseEntries.title }).from(infobaseEntries).where(eq(infobaseEntries.user_id, userId))
    : [];
  const byTitle = entriesByTitle(titles.map((e) => ({ ...e, content: null })));
  const links: Array<{ kind: 'entry' | ThingKind; title: string; id: string | null; ref?: string }> = [];
  const seen = new Set<string>();
  for (const l of linked) {
    const k = l.kind === 'entry' ? `entry:${titleKey(l.title)}` : `${l.kind}:${l.ref}`;
    if (seen.has(k) || links.length >= 100) continue;
    seen.add(k);
    if (l.kind === 'entry') links.push({ kind: 'entry', title: l.title, id: byTitle.get(titleKey(l.title))?.id ?? null });
    else {
      const thing = await resolveThing(db, userId, l.kind, l.ref);
      links.push({ kind: l.kind, ref: l.ref, title: thing?.title ?? l.label ?? l.ref, id: thing?.id ?? null });
    }
  }
  return { entry: entryView(entry), links, backlinks: backlinksOf(entry, others).map((e) => ({ id: e.id, title: e.title })) };
}

function fieldsOf(input: EntryInput): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (input.title !== undefined) f.title = input.title;
  if (input.content !== undefined) f.content = input.content ?? '';
  if (input.category !== undefined) f.category = input.category || null;
  if (input.tags !== undefined) f.tags = input.tags;
  if (input.pinned !== undefined) f.pinned = input.pinned;
  if (input.archived !== undefined) f.archived = input.archived;
  return f;
}

export async function createEntry(deps: AppDeps, user: Asker, input: EntryInput & { id?: string; title: string }) {
  const id = input.id ?? crypto.randomUUID();
  const [exists] = await orm(deps.db).select({ id: infobaseEntries.id }).from(infobaseEntries).where(eq(infobaseEntries.id, id));
  if (exists) throw new ApiError(409, 'conflict', 'An infobase entry with this id already exists');
  const now = clockOf(deps).toISOString();
  const fields = { content: '', category: null, tags: [], pinned: false, archived: false, ...fieldsOf(input), created_at: now, updated_at: now };
  await writeThroughSync(deps, user.id, [{ table: 'infobase_entries', id, fields }]);
  return entryView(await ownEntry(deps.db, user.id, id));
}

export async function updateEntry(deps: AppDeps, user: Asker, id: string, input: EntryInput) {
  await ownEntry(deps.db, user.id, id);
  await writeThroughSync(deps, user.id, [{ table: 'infobase_entries', id, fields: { ...fieldsOf(input), updated_at: clockOf(deps).toISOString() } }]);
  return entryView(await ownEntry(deps.db, user.id, id));
}

export async function deleteEntry(deps: AppDeps, user: Asker, id: string) {
  await ownEntry(deps.db, user.id, id);
  await writeThroughSync(deps, user.id, [{ table: 'infobase_entries', id, delete: true }]);
}

