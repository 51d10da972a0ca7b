import type { InStatement, ResultSet, Transaction } from '@libsql/client';
import type { Db } from './sql.ts';

/**
 * Thrown by the planned push when the push needs something its one read did not fetch (a rare
 * case: a database default the plan cannot know, such as a new row's clock-filled date; an event
 * placed on a day the read did not cover): the push then runs the interactive way instead.
 */
export class NeedsInteractivePush extends Error {
  constructor(why: string) {
    super(`needs the interactive push: ${why}`);
  }
}

const EMPTY: ResultSet = { columns: [], columnTypes: [], rows: [], rowsAffected: 0, lastInsertRowid: undefined, toJSON: () => ({}) };

/**
 * A `Db` that keeps the writes it is given for the push's one write batch instead of running
 * them. It refuses reads: in the planned push every read was made up front, so a read reaching
 * here is a case the plan did not cover, and the push falls back to the interactive path.
 */
export function writeSink(into: InStatement[]): Db {
  const take = (stmt: InStatement) => {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    if (/^\s*(SELECT|WITH)\b/i.test(sql)) throw new NeedsInteractivePush(`a read during the write plan: ${sql.slice(0, 80)}`);
    into.push(stmt);
  };
  const sink = {
    async execute(stmt: InStatement) {
      take(stmt);
      return EMPTY;
    },
    async batch(stmts: InStatement[]) {
      for (const s of stmts) take(s);
      return stmts.map(() => EMPTY);
    },
  };
  return sink as unknown as Transaction;
}
