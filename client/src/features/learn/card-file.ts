/**
 * Flashcards as CSV or TSV with two columns, front and back (RFC 4180 quoting: fields with the
 * delimiter, quotes or line breaks are wrapped in double quotes, quotes doubled). An optional
 * header row "front,back" is recognised. A bad file is rejected whole with the line number, so an
 * import never half-happens.
 */
export interface CardText {
  front: string;
  back: string;
}

export type Delimiter = ',' | '\t';
export const MAX_IMPORT_CARDS = 2000;
export const MAX_CARD_TEXT = 10_000;

export class CardFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(line === null ? message : `Line ${line}: ${message}`);
  }
}

interface RecordAt {
  line: number;
  fields: string[];
}

/** Splits text into records, honouring quotes (which may hold delimiters and line breaks). */
function records(text: string, delim: Delimiter): RecordAt[] {
  const out: RecordAt[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let wasQuoted = false;
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '' && !wasQuoted) {
      field = '';
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else if (ch === '"' && wasQuoted) {
      throw new CardFileError('unexpected quote after a quoted field', line);
    } else if (ch === delim) {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (wasQuoted) {
      if (ch !== ' ' && ch !== '\t') throw new CardFileError('text after a closing quote; put the whole field in quotes', line);
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CardFileError('a quoted field is never closed (missing ")', quoteLine);
  endRecord();
  return out;
}

/** Tab-separated when the first line has a tab (or the file name says .tsv), else comma-separated. */
export function detectDelimiter(text: string, fileName = ''): Delimiter {
  if (/\.tsv$/i.test(fileName)) return '\t';
  if (/\.csv$/i.test(fileName)) return ',';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') ? '\t' : ',';
}

export function parseCardFile(raw: string, fileName = ''): { cards: CardText[]; delimiter: Delimiter; header: boolean } {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new CardFileError('this looks like a binary file, not CSV or TSV text', null);
  const delimiter = detectDelimiter(text, fileName);
  const recs = records(text, delimiter);
  let header = false;
  if (recs.length && recs[0].fields.length >= 2 && recs[0].fields[0].toLowerCase() === 'front' && recs[0].fields[1].toLowerCase() === 'back') {
    recs.shift();
    header = true;
  }
  if (recs.length === 0) throw new CardFileError('the file has no cards (expected two columns: front, back)', null);
  if (recs.length > MAX_IMPORT_CARDS) throw new CardFileError(`the file has ${recs.length} cards; import at most ${MAX_IMPORT_CARDS} at a time`, null);
  const cards: CardText[] = [];
  const name = delimiter === '\t' ? 'tab-separated' : 'comma-separated';
  for (const r of recs) {
    const fields = [...r.fields];
    while (fields.length > 2 && fields[fields.length - 1] === '') fields.pop();
    if (fields.length !== 2) {
      throw new CardFileError(
        fields.length < 2
          ? `expected 2 ${name} columns (front, back) but found 1${delimiter === ',' ? ' — is it a TSV file?' : ''}`
          : `expected 2 ${name} columns (front, back) but found ${fields.length}; put text with ${delimiter === ',' ? 'commas' : 'tabs'} in "quotes"`,
        r.line,
      );
    }
    const [front, back] = fields;
    if (!front.trim()) throw new CardFileError('the front is empty', r.line);
    if (!back.trim()) throw new CardFileError('the back is empty', r.line);
    if (front.length > MAX_CARD_TEXT || back.length > MAX_CARD_TEXT) throw new CardFileError(`a side is longer than ${MAX_CARD_TEXT.toLocaleString('en')} characters`, r.line);
    cards.push({ front, back });
  }
  return { cards, delimiter, header };
}

function quote(field: string, delim: Delimiter): string {
  return /["\r\n]/.test(field) || field.includes(delim) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The cards as a file this parser reads back identically (header row included). */
export function formatCardFile(cards: CardText[], delimiter: Delimiter = ','): string {
  const lines = [['front', 'back'], ...cards.map((c) => [c.front, c.back])].map((f) => f.map((x) => quote(x, delimiter)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}
