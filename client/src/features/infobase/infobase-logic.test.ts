import { describe, expect, it } from 'vitest';
import { openIgnitionDb, type Row } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { createEntry, deleteEntry, entryForTitle, filterEntries, linkedMarkdown, linkTarget, resolveThing, saveEntry, setFlag, tagsAndCategories } from './infobase-logic.ts';

const row = (id: string, over: Partial<Row> = {}): Row => ({ id, title: id, content: '', category: null, tags: [], pinned: false, archived: false, updated_at: `2026-03-0${id.length}T10:00:00.000Z`, ...over });

describe('the infobase list', () => {
  const all = [
    row('a', { title: 'Bread', content: 'Rye and wheat', category: 'Kitchen', tags: ['food'], updated_at: '2026-03-01T10:00:00.000Z' }),
    row('b', { title: 'Rust', content: 'Borrowing', category: 'Code', tags: ['Learn'], updated_at: '2026-03-03T10:00:00.000Z' }),
    row('c', { title: 'Pinned old', pinned: true, updated_at: '2026-01-01T10:00:00.000Z' }),
    row('d', { title: 'Gone', archived: true, tags: ['food'] }),
  ];
  it.each<[string, Parameters<typeof filterEntries>[1], string[]]>([
    ['everything not archived, pinned first then newest', {}, ['c', 'b', 'a']],
    ['archived only', { archived: true }, ['d']],
    ['by words in title or text, any case', { text: 'RYE bread' }, ['a']],
    ['by category, any case', { category: 'kitchen' }, ['a']],
    ['by tag, any case', { tag: 'learn' }, ['b']],
    ['by a tag only archived entries have', { tag: 'food', archived: true }, ['d']],
    ['nothing matches', { text: 'zebra' }, []],
  ])('%s', (_name, filter, ids) => expect(filterEntries(all, filter).map((e) => e.id)).toEqual(ids));

  it('collects the tags and categories in use, each once', () => {
    expect(tagsAndCategories([...all, row('e', { tags: ['FOOD', 'new'], category: 'kitchen' })])).toEqual({ tags: ['food', 'Learn', 'new'], categories: ['Code', 'Kitchen'] });
  });
});

describe('links as the app renders them', () => {
  it('turns [[links]] into in-app links: known entries, titles to create, own things with their titles', () => {
    const md = linkedMarkdown(
      'See [[Bread]], [[New (idea)|the idea]], [[book:b1]], [[goal:none]] and `[[Code]]`',
      (t) => (t === 'Bread' ? 'e1' : null),
      (kind, ref) => (kind === 'book' ? { kind, ref, id: 'b1', title: 'Dune [1965]', path: '/books' } : { kind, ref, id: null, title: null, path: '/goals' }),
    );
    expect(md).toBe('See [Bread](#ib-entry:e1), [the idea](#ib-new:New%20%28idea%29), [📖 Dune \\[1965\\]](#ib-thing:book:b1), 🎯 ~~none~~ *(no goal “none”)* and `[[Code]]`');
  });

  it.each<[string, ReturnType<typeof linkTarget>]>([
    ['#ib-entry:e1', { kind: 'entry', id: 'e1' }],
    ['#ib-new:New%20%28idea%29', { kind: 'missing', title: 'New (idea)' }],
    ['#ib-thing:book:b1', { kind: 'thing', thing: 'book', id: 'b1' }],
    ['#ib-thing:recipe:r1', null],
    ['#ib-new:%E0%A4%A', null],
    ['https://example.com', null],
  ])('%s is followed as %j', (href, target) => expect(linkTarget(href)).toEqual(target));
});

describe('entries on the device', () => {
  it('creates, edits, pins and archives an entry through the outbox, with no events', async () => {
    const db = openIgnitionDb(`infobase-${Math.random()}`);
    const id = await createEntry({ title: ' Bread ', content: 'See [[Starter]]', tags: ['food'] }, db);
    expect(await db.infobase_entries.get(id)).toMatchObject({ title: 'Bread', content: 'See [[Starter]]', tags: ['food'], pinned: false, archived: false });
    await saveEntry(id, { title: 'Bread', content: 'See [[Starter]] daily', category: 'Kitchen', tags: ['food'] }, db);
    await setFlag(id, 'pinned', true, db);
    expect(await db.infobase_entries.get(id)).toMatchObject({ content: 'See [[Starter]] daily', category: 'Kitchen', pinned: true });
    const outbox = await db.outbox_changes.toArray();
    expect(outbox.map((c) => [c.table, c.op])).toEqual([
      ['infobase_entries', 'upsert'],
      ['infobase_entries', 'upsert'],
      ['infobase_entries', 'upsert'],
    ]);
    // the edit sent only what changed
    expect(Object.keys(outbox[1].fields!).sort()).toEqual(['category', 'content', 'updated_at']);
    expect(await db.activity_events.count()).toBe(0);
    db.close();
  });

  it('follows a link to a missing title by creating that entry once, then finding it', async () => {
    const db = openIgnitionDb(`infobase-${Math.random()}`);
    const first = await entryForTitle('Starter', db);
    expect(await entryForTitle('  starter ', db)).toBe(first);
    expect((await db.infobase_entries.toArray()).map((e) => e.title)).toEqual(['Starter']);
    db.close();
  });

  it('deletes an entry (a delete in the outbox) and undo brings back an equal one under a fresh id', async () => {
    const db = openIgnitionDb(`infobase-${Math.random()}`);
    const id = await createEntry({ title: 'Bread', content: 'Body', category: 'Kitchen', tags: ['food'] }, db);
    const undo = await deleteEntry((await db.infobase_entries.get(id))!, db);
    expect(await db.infobase_entries.get(id)).toBeUndefined();
    expect((await db.outbox_changes.toArray()).at(-1)).toMatchObject({ row_id: id, op: 'delete' });
    const again = await undo();
    expect(again).not.toBe(id);
    expect(await db.infobase_entries.get(again)).toMatchObject({ title: 'Bread', content: 'Body', category: 'Kitchen', tags: ['food'] });
    db.close();
  });

  it('finds own things by id or by title for [[kind:ref]] links', async () => {
    const db = openIgnitionDb(`infobase-${Math.random()}`);
    await commit([
      { table: 'books', id: 'b1', fields: { title: 'Dune' } },
      { table: 'flashcard_decks', id: 'd1', fields: { title: 'Kanji' } },
    ], [], db);
    expect(await resolveThing('book', 'b1', db)).toEqual({ kind: 'book', ref: 'b1', id: 'b1', title: 'Dune', path: '/books' });
    expect(await resolveThing('deck', 'kanji', db)).toEqual({ kind: 'deck', ref: 'kanji', id: 'd1', title: 'Kanji', path: '/learn/decks/d1' });
    expect(await resolveThing('habit', 'Run', db)).toEqual({ kind: 'habit', ref: 'Run', id: null, title: null, path: '/habits' });
    db.close();
  });
});
