import { describe, expect, it } from 'vitest';
import { CardFileError, formatCardFile, parseCardFile } from './card-file.ts';

describe('parseCardFile', () => {
  it('reads a CSV with a header row', () => {
    const r = parseCardFile('front,back\nhola,hello\ngato,cat\n');
    expect(r).toEqual({ cards: [{ front: 'hola', back: 'hello' }, { front: 'gato', back: 'cat' }], delimiter: ',', header: true });
  });

  it('reads a CSV without a header row and with CRLF line ends and a BOM', () => {
    expect(parseCardFile('\uFEFFone,1\r\ntwo,2\r\n').cards).toEqual([{ front: 'one', back: '1' }, { front: 'two', back: '2' }]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const r = parseCardFile('"Paris, France","The ""City of Light""\nand capital"\nx,y');
    expect(r.cards).toEqual([{ front: 'Paris, France', back: 'The "City of Light"\nand capital' }, { front: 'x', back: 'y' }]);
  });

  it('reads TSV, detected from a tab in the first line', () => {
    const r = parseCardFile('front\tback\nuno\tone, with comma\n');
    expect(r.delimiter).toBe('\t');
    expect(r.cards).toEqual([{ front: 'uno', back: 'one, with comma' }]);
  });

  it('uses the file name to choose TSV', () => {
    expect(parseCardFile('a\tb', 'deck.tsv').cards).toEqual([{ front: 'a', back: 'b' }]);
  });

  it('skips blank lines and ignores empty trailing columns', () => {
    expect(parseCardFile('a,b\n\n\nc,d,,\n').cards).toEqual([{ front: 'a', back: 'b' }, { front: 'c', back: 'd' }]);
  });

  it.each([
    ['a,b\nc\n', 2, /expected 2 comma-separated columns/],
    ['a,b\nc,d,e\n', 2, /found 3/],
    ['a,b\n,d\n', 2, /front is empty/],
    ['a,b\nc,   \n', 2, /back is empty/],
    ['a,b\n"unclosed,d\ne,f\n', 2, /never closed/],
    ['a,b\n"x"y,d\n', 2, /after a closing quote/],
    ['"multi\nline",ok\nbad\n', 3, /expected 2/],
  ])('rejects %j with the line number', (text, line, message) => {
    try {
      parseCardFile(text);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(CardFileError);
      expect((e as CardFileError).line).toBe(line);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toMatch(new RegExp(`^Line ${line}:`));
    }
  });

  it('rejects an empty file and a header-only file', () => {
    expect(() => parseCardFile('')).toThrow(/no cards/);
    expect(() => parseCardFile('front,back\n')).toThrow(/no cards/);
  });

  it('round-trips awkward text through formatCardFile, as CSV and as TSV', () => {
    const cards = [
      { front: 'comma, here', back: 'quote " here' },
      { front: 'line\nbreak', back: '  spaces  ' },
      { front: 'tab\there', back: '**markdown** `code`' },
    ];
    expect(parseCardFile(formatCardFile(cards, ',')).cards).toEqual(cards);
    expect(parseCardFile(formatCardFile(cards, '\t'), 'x.tsv').cards).toEqual(cards);
  });
});
