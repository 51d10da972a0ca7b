import { describe, expect, it } from 'vitest';
import { backlinksOf, entriesByTitle, infobaseFieldError, parseLinks, parseTags, rewriteLinks, tagsOf, titleKey, type InfobaseLink } from './infobase.ts';

describe('parseLinks', () => {
  it.each<[string, string, InfobaseLink[]]>([
    ['no links', 'Plain text with [a markdown](link)', []],
    ['one entry link', 'See [[Sourdough]] today', [{ kind: 'entry', title: 'Sourdough', label: 'Sourdough' }]],
    ['a link with shown words', 'See [[Sourdough|my bread notes]]', [{ kind: 'entry', title: 'Sourdough', label: 'my bread notes' }]],
    ['spaces inside are trimmed and collapsed', '[[  Rye   bread ]]', [{ kind: 'entry', title: 'Rye bread', label: 'Rye bread' }]],
    ['several, in order, repeats kept', '[[A]] then [[B]] and [[A]]', [
      { kind: 'entry', title: 'A', label: 'A' },
      { kind: 'entry', title: 'B', label: 'B' },
      { kind: 'entry', title: 'A', label: 'A' },
    ]],
    ['a link to a book by id', 'Reading [[book:0190a8c4-0000-7000-8000-000000000001]]', [{ kind: 'book', ref: '0190a8c4-0000-7000-8000-000000000001', label: null }]],
    ['a link to a habit by name with words', '[[Habit:Morning run|my run]]', [{ kind: 'habit', ref: 'Morning run', label: 'my run' }]],
    ['goal, lesson and deck kinds', '[[goal:g1]] [[lesson:l1]] [[deck:d1]]', [
      { kind: 'goal', ref: 'g1', label: null },
      { kind: 'lesson', ref: 'l1', label: null },
      { kind: 'deck', ref: 'd1', label: null },
    ]],
    ['an unknown kind is an entry title', '[[recipe:Bread]]', [{ kind: 'entry', title: 'recipe:Bread', label: 'recipe:Bread' }]],
    ['inline code is not a link', 'Type `[[Title]]` to link', []],
    ['a fenced block is not a link', '```\n[[Inside]]\n```\n[[Outside]]', [{ kind: 'entry', title: 'Outside', label: 'Outside' }]],
    ['an unclosed fence hides the rest', '```\n[[Inside]]', []],
    ['empty brackets are no link', '[[]] and [[   ]]', []],
    ['a line break ends the chance of a link', '[[Two\nlines]]', []],
    ['nested brackets are no link', '[[a[b]]]', []],
    ['a title longer than 200 characters is no link', `[[${'x'.repeat(201)}]]`, []],
  ])('%s', (_name, md, links) => {
    expect(parseLinks(md)).toEqual(links);
  });
});

describe('rewriteLinks', () => {
  it('rewrites links and leaves code and other text as it is', () => {
    const out = rewriteLinks('A [[B|bee]] `[[C]]` [[book:x]]', (l) => (l.kind === 'entry' ? `<${l.title}:${l.label}>` : `{${l.kind}:${l.ref}}`));
    expect(out).toBe('A <B:bee> `[[C]]` {book:x}');
  });
});

describe('titleKey', () => {
  it.each([
    ['Sourdough', 'sourdough'],
    ['  Rye   Bread ', 'rye bread'],
    ['ÉCOLE', 'école'],
    ['', ''],
  ])('%j compares as %j', (title, key) => expect(titleKey(title)).toBe(key));
});

const e = (id: string, title: string | null, content: string | null) => ({ id, title, content });

describe('backlinksOf', () => {
  const all = [
    e('1', 'Bread', 'Start with [[Starter]] and [[Flour]]'),
    e('2', 'Starter', 'Feed daily. Used in [[bread]].'),
    e('3', 'Flour', 'Rye or wheat'),
    e('4', 'Code', '`[[Starter]]` is how you write a link'),
    e('5', 'Self', 'I link to [[Self]]'),
    e('6', '', 'Untitled, links to [[Bread|the loaf]]'),
    e('7', 'Nothing', null),
  ];
  it.each<[string, string, string[]]>([
    ['an entry linked by two others, case-insensitively', '1', ['2', '6']],
    ['an entry linked once (code does not count)', '2', ['1']],
    ['an entry nobody links to', '7', []],
    ['an entry linking to itself is not its own backlink', '5', []],
    ['an entry without a title has no backlinks', '6', []],
  ])('%s', (_name, id, ids) => {
    const entry = all.find((x) => x.id === id)!;
    expect(backlinksOf(entry, all).map((x) => x.id)).toEqual(ids);
  });
});

describe('entriesByTitle', () => {
  it('finds an entry by any spelling of its title; the oldest id wins a shared title', () => {
    const map = entriesByTitle([e('b', 'Bread', ''), e('a', 'bread ', ''), e('c', '', 'x')]);
    expect(map.get(titleKey('BREAD'))?.id).toBe('a');
    expect(map.size).toBe(1);
  });
});

describe('the infobase row rule', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['a good row', { title: 'Bread', tags: ['food', 'baking'] }, null],
    ['tags as JSON text', { tags: '["a"]' }, null],
    ['a partial change without title or tags', { pinned: true }, null],
    ['an empty title', { title: '   ' }, 'an entry needs a title'],
    ['a title with brackets', { title: 'a [b]' }, 'a title cannot hold [ ] | or a line break (they would break [[links]])'],
    ['a title with a pipe', { title: 'a|b' }, 'a title cannot hold [ ] | or a line break (they would break [[links]])'],
    ['tags that are not a list', { tags: 'food' }, 'tags must be a list of text'],
    ['an empty tag', { tags: [''] }, 'a tag must be text of 1 to 40 characters'],
    ['a tag that is a number', { tags: [3] }, 'a tag must be text of 1 to 40 characters'],
    ['too many tags', { tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, 'an entry has at most 30 tags'],
  ])('%s', (_name, fields, problem) => expect(infobaseFieldError(fields)).toBe(problem));
});

describe('tags', () => {
  it.each<[string, string[]]>([
    ['work, ideas', ['work', 'ideas']],
    [' Work ,work,, IDEAS ', ['Work', 'IDEAS']],
    ['', []],
  ])('%j parses to %j', (text, tags) => expect(parseTags(text)).toEqual(tags));

  it.each<[unknown, string[]]>([
    [['a', 'b'], ['a', 'b']],
    ['["a"]', ['a']],
    [null, []],
    ['not json', []],
    [['a', 3], ['a']],
  ])('%j reads as %j', (v, tags) => expect(tagsOf(v)).toEqual(tags));
});
