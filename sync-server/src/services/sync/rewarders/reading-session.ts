import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { entityIdsOf, dropCascaded, overlayTable, placeholders, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface ReadingFacts {
  sessions: Map<string, Row>;
  /** the person's books the sessions name (stored, or written by this push) */
  books: Map<string, Row>;
}

const sessionIds = (q: RewardQuery) => entityIdsOf(q.events);

/**
 * A reading session: paid once per session by its pages, as the server's row says; the farthest
 * page it claims must fit its book (the person's own, as stored with this push laid over).
 */
export const readingSession: Rewarder<ReadingFacts> = {
  type: 'reading_session',
  entityTable: 'reading_sessions',
  tables: ['reading_sessions', 'books'],
  oncePerEntity: true,
  reads(q) {
    const ids = sessionIds(q);
    if (ids.length === 0) return [];
    // The books of the sessions as stored, and of the sessions as this push writes them.
    const written = q.written.get('reading_sessions');
    const writtenBooks = [...new Set(ids.flatMap((id) => (typeof written?.get(id)?.book_id === 'string' ? [written.get(id)!.book_id as string] : [])))];
    return [
      { sql: `${ownedRowsSql('reading_sessions')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      {
        sql: `SELECT * FROM books WHERE +user_id = ? AND id IN (SELECT book_id FROM reading_sessions WHERE +user_id = ? AND id IN (${placeholders(ids.length)}) UNION SELECT value FROM json_each(?))`,
        args: [q.userId, q.userId, ...ids, JSON.stringify(writtenBooks)],
      },
    ];
  },
  facts: (results, q) => ({ sessions: dropCascaded(overlayTable(q, 'reading_sessions', rowsOf(results[0])), q, 'book_id', 'books'), books: overlayTable(q, 'books', rowsOf(results[1])) }),
  entity: (f, id) => f.sessions.get(id),
  reward(_e, row, f) {
    const book = f.books.get(String(row!.book_id));
    const pages = Number(row!.pages_read ?? 0);
    return {
      result: computeReward({
        type: 'reading_session',
        pages,
        // The farthest page the session claims (its end page, or its page count) must fit the book too.
        currentPage: Math.max(Number(book?.current_page ?? 0), Number(row!.end_page ?? 0), pages),
        totalPages: book?.total_pages == null ? null : Number(book.total_pages),
      }),
      meta: { pages },
    };
  },
};
