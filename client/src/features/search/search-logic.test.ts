import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openIgnitionDb } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { applyPulledChanges } from '../../sync/apply-pull.ts';
import { SearchIndex, snippetOf } from './search-index.ts';
import { highlight } from './highlight.ts';
import { SearchEngine } from './search-engine.ts';
import { localBackend } from './local-backend.ts';
import { availableSources, docOf, SOURCES, textOf, type SearchDoc } from './sources.ts';

const doc = (id: string, title: string, body = '', extra: Partial<SearchDoc> = {}): SearchDoc => ({ id, kind: 'x', label: 'X', title, body, tags: '', hint: '', route: `/x/${id}`, ...extra });

/** Polls until `check` passes (live queries answer asynchronously). */
async function until(check: () => Promise<void> | void, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('the search index', () => {
  it('ranks a thing titled with the word above one that only mentions it in its body', () => {
    const index = new SearchIndex();
    index.upsert([
      doc('body', 'Morning notes', 'Ten minutes of meditation before breakfast, then meditation again after a long walk and more meditation.'),
      doc('title', 'Meditation', 'Sit still.'),
    ]);
    expect(index.search('meditation').map((h) => h.id)).toEqual(['title', 'body']);
  });

  it('forgives a typo and finds a word by its first letters', () => {
    const index = new SearchIndex();
    index.upsert([doc('a', 'Meditation'), doc('b', 'Deadlift day', 'Heavy pulls')]);
    expect(index.search('meditaton').map((h) => h.id)).toEqual(['a']);
    expect(index.search('dea').map((h) => h.id)).toEqual(['b']);
    expect(index.search('zzzq')).toEqual([]);
  });

  it('looks up a short word in names first, and in bodies when no name has it', () => {
    const index = new SearchIndex();
    index.upsert([doc('body', 'Evening walk', 'Saw a hawk over the marsh'), doc('title', 'Marathon plan'), doc('title2', 'Marsh trail')]);
    // 'marsh' in the walk's body is not looked at for three letters while names match…
    expect(index.search('mar').map((h) => h.id).sort()).toEqual(['title', 'title2']);
    // …it is when no name does, and from four letters on.
    expect(index.search('haw').map((h) => h.id)).toEqual(['body']);
    expect(index.search('mars').map((h) => h.id)).toEqual(['title2', 'body']);
  });

  it('wants every word of a query when some thing has them all, any of them otherwise', () => {
    const index = new SearchIndex();
    index.upsert([doc('a', 'Morning run', 'easy pace'), doc('b', 'Evening run'), doc('c', 'Morning pages')]);
    expect(index.search('morning run').map((h) => h.id)).toEqual(['a']);
    expect(index.search('morning swim').map((h) => h.id).sort()).toEqual(['a', 'c']);
  });

  it('replaces an edited document and forgets a removed one', () => {
    const index = new SearchIndex();
    index.upsert([doc('a', 'Guitar practice'), doc('b', 'Piano practice')]);
    index.upsert([doc('a', 'Violin practice')]);
    expect(index.size).toBe(2);
    expect(index.search('guitar')).toEqual([]);
    expect(index.search('violin').map((h) => h.id)).toEqual(['a']);
    index.remove(['b', 'missing']);
    expect(index.search('practice').map((h) => h.id)).toEqual(['a']);
  });

  it('returns the matched words and a window of the body around the first one', () => {
    const index = new SearchIndex();
    const long = `${'filler words here '.repeat(10)}the quick brown fox jumps over the lazy dog ${'and more text '.repeat(20)}`;
    index.upsert([doc('a', 'Animals', long)]);
    const [hit] = index.search('fox');
    expect(hit.terms).toEqual(['fox']);
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(hit.snippet.endsWith('…')).toBe(true);
    expect(hit.snippet).toContain('quick brown fox jumps');
    expect(hit.snippet.length).toBeLessThanOrEqual(152);
    // A match in the title alone has no body snippet.
    expect(index.search('animals')[0].snippet).toBe('');
    expect(snippetOf('short body', new Set(['nothing']))).toBe('');
  });
});

describe('highlighting', () => {
  it('cuts text into plain and matching parts, whole words only, case kept', () => {
    expect(highlight('Run, then RUNNING; run!', ['run'])).toEqual([
      { text: 'Run', hit: true },
      { text: ', then RUNNING; ', hit: false },
      { text: 'run', hit: true },
      { text: '!', hit: false },
    ]);
    expect(highlight('nothing here', [])).toEqual([{ text: 'nothing here', hit: false }]);
  });

  it('keeps markup in user text as text (the palette renders segments as text nodes)', () => {
    const parts = highlight('<img src=x onerror=alert(1)> habit', ['habit']);
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> habit');
    expect(parts.at(-1)).toEqual({ text: 'habit', hit: true });
  });
});

describe('sources', () => {
  it('reads JSON columns (tags, steps) as their words', () => {
    expect(textOf('["cooking","quick"]')).toBe('cooking quick');
    expect(textOf([{ text: 'Boil water', timer_seconds: 300 }, { text: 'Add pasta' }])).toBe('Boil water 300 Add pasta');
    expect(textOf('[not json')).toBe('[not json');
    expect(textOf(null)).toBe('');
  });

  it('keeps only the sources whose table the database has', () => {
    const names = availableSources(['habits', 'goals', 'journal_entries']).map((s) => s.table);
    expect(names).toEqual(['journal_entries', 'habits', 'goals']);
    // Tables other branches add have their sources written already.
    expect(SOURCES.map((s) => s.table)).toEqual(expect.arrayContaining(['infobase_entries', 'recipes', 'tasks']));
  });

  it('keys each document by table and row id and routes it to its screen', () => {
    const habits = SOURCES.find((s) => s.table === 'habits')!;
    expect(docOf(habits, { id: 'h1', name: 'Stretch', description: 'Ten minutes' })).toMatchObject({ id: 'habits:h1', title: 'Stretch', body: 'Ten minutes', route: '/habits#habit-h1' });
    const journal = SOURCES.find((s) => s.table === 'journal_entries')!;
    expect(docOf(journal, { id: 'j1', date: '2026-12-01', content: '   ' })).toBeNull();
    expect(docOf(journal, { id: 'j2', date: '2026-12-01', content: 'A day' })?.route).toBe('/learn/journal?date=2026-12-01');
  });
});

describe('the index kept in step with IndexedDB', () => {
  const engines: SearchEngine[] = [];
  afterEach(() => engines.splice(0).forEach((e) => e.stop()));

  it('indexes the rows, then follows local writes, edits, deletes and applied pulls', async () => {
    const db = openIgnitionDb(`search-${Math.random()}`);
    await commit([
      { table: 'habits', id: 'h1', fields: { name: 'Meditation', description: 'Ten quiet minutes' } },
      { table: 'goals', id: 'g1', fields: { title: 'Run a marathon', description: 'Autumn race' } },
      { table: 'journal_entries', id: 'j1', fields: { date: '2026-12-01', content: 'Walked by the river with Ada.' } },
    ], [], db);
    const backend = localBackend();
    const engine = new SearchEngine(db, backend).start();
    engines.push(engine);
    await engine.ready;
    expect((await engine.search('meditation')).map((h) => h.id)).toEqual(['habits:h1']);
    expect((await engine.search('marathn')).map((h) => h.id)).toEqual(['goals:g1']);
    expect((await engine.search('river'))[0]).toMatchObject({ id: 'journal_entries:j1', label: 'Journal', route: '/learn/journal?date=2026-12-01' });
    // Screens and actions are there from the start.
    expect((await engine.search('new habit'))[0]).toMatchObject({ kind: 'action', route: '/habits?new=1' });

    // An edit replaces the document; its old words no longer find it.
    await commit([{ table: 'habits', id: 'h1', fields: { name: 'Yoga' } }], [], db);
    await until(async () => expect((await engine.search('yoga')).map((h) => h.id)).toEqual(['habits:h1']));
    await engine.settled();
    expect(await engine.search('meditation')).toEqual([]);
    expect((await engine.search('quiet')).map((h) => h.id)).toEqual(['habits:h1']);

    // A delete removes it.
    await commit([{ table: 'goals', id: 'g1', delete: true }], [], db);
    await until(async () => expect(await engine.search('marathon')).toEqual([]));
    expect(backend.index.has('goals:g1')).toBe(false);

    // Rows another device made arrive by a pull.
    await applyPulledChanges(db, [
      { table: 'books', id: 'b1', op: 'upsert', seq: 1, row: { id: 'b1', title: 'Dune', author: 'Frank Herbert', notes: 'Spice and sand' } },
      { table: 'habits', id: 'h1', op: 'delete', seq: 2 },
    ]);
    await until(async () => expect((await engine.search('herbert')).map((h) => h.id)).toEqual(['books:b1']));
    await until(async () => expect(await engine.search('yoga')).toEqual([]));
  });

  it('only sends what changed to the index', async () => {
    const db = openIgnitionDb(`search-${Math.random()}`);
    await db.habits.bulkPut(Array.from({ length: 50 }, (_, i) => ({ id: `h${i}`, name: `Habit ${i}` })));
    const inner = localBackend();
    const sent: Array<{ upserts: string[]; removals: string[] }> = [];
    const backend = { ...inner, apply: (u: SearchDoc[], r: string[]) => (sent.push({ upserts: u.map((d) => d.id), removals: r }), inner.apply(u, r)) };
    const engine = new SearchEngine(db, backend).start();
    engines.push(engine);
    await engine.ready;
    expect(sent.flatMap((s) => s.upserts).filter((id) => id.startsWith('habits:'))).toHaveLength(50);
    sent.length = 0;
    await db.habits.update('h7', { name: 'Juggling' });
    await until(() => expect(sent.length).toBeGreaterThan(0));
    await engine.settled();
    expect(sent).toEqual([{ upserts: ['habits:h7'], removals: [] }]);
    // A write that changes no searchable text sends nothing.
    sent.length = 0;
    await db.habits.update('h8', { streak_current: 3 });
    await db.habits.update('h9', { name: 'Unicycle' });
    await until(() => expect(sent.length).toBeGreaterThan(0));
    await engine.settled();
    expect(sent).toEqual([{ upserts: ['habits:h9'], removals: [] }]);
  });

  it('skips a source whose table the device does not have, and uses it once it does', async () => {
    const name = `search-missing-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({ habits: 'id' });
    await old.table('habits').put({ id: 'h1', name: 'Stretch' });
    const engine = new SearchEngine(old, localBackend()).start();
    engines.push(engine);
    await engine.ready;
    expect(engine.sources.map((s) => s.table)).toEqual(['habits']);
    expect((await engine.search('stretch')).map((h) => h.id)).toEqual(['habits:h1']);
    old.close();

    // After an upgrade that adds infobase entries (another branch's table), they are found too.
    const upgraded = new Dexie(name);
    upgraded.version(1).stores({ habits: 'id' });
    upgraded.version(2).stores({ infobase_entries: 'id, category' });
    await upgraded.table('infobase_entries').put({ id: 'n1', title: 'Sourdough starter', content: 'Feed it flour and water daily.', category: 'Cooking', tags: '["bread","baking"]' });
    const later = new SearchEngine(upgraded, localBackend()).start();
    engines.push(later);
    await later.ready;
    expect(later.sources.map((s) => s.table)).toEqual(['habits', 'infobase_entries']);
    expect((await later.search('baking'))[0]).toMatchObject({ id: 'infobase_entries:n1', label: 'Note', route: '/infobase/n1' });
    expect((await later.search('flour'))[0].snippet).toContain('flour');
    upgraded.close();
  });
});
