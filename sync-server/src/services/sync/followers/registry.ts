import type { InStatement, ResultSet } from '@libsql/client';
import type { LogRow } from '../apply-changes.ts';
import type { Db, SqlValue } from '../sql.ts';
import type { WrittenRows } from '../rewarders/types.ts';
import type { Applied, ChangeFollower, FollowQuery } from './types.ts';
import { deckCounts } from './decks.ts';
import { activeFocus } from './focus.ts';

/** The tables whose changes bring follow-up writes, in the order they run. One line per follower. */
export const FOLLOWERS: ReadonlyArray<ChangeFollower<unknown>> = [deckCounts as ChangeFollower<unknown>, activeFocus as ChangeFollower<unknown>];

/** The followers a push concerns, with the statements each reads before the changes apply (the planned push adds them to its read batch). */
export function followerReads(q: FollowQuery) {
  const asks = FOLLOWERS.filter((f) => f.wants(q)).map((f) => ({ f, reads: f.reads(q) }));
  return { asks, stmts: asks.flatMap((a) => a.reads) };
}

export type FollowerAsks = ReturnType<typeof followerReads>['asks'];

/** Each follower's facts from the results of its reads (in the order `followerReads` gave them). */
export function followerFacts(asks: FollowerAsks, results: ResultSet[], q: FollowQuery) {
  let at = 0;
  return asks.map(({ f, reads }) => {
    const facts = f.facts(results.slice(at, at + reads.length), q);
    at += reads.length;
    return { f, facts };
  });
}

/** The rows the change log holds as tombstones once the changes applied (deleted by the push, with their descendants). */
export function tombstones(log: ReadonlyMap<string, LogRow>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of log.values()) {
    if (!Number(r.deleted)) continue;
    if (!out.has(r.table_name)) out.set(r.table_name, new Set());
    out.get(r.table_name)!.add(r.row_id);
  }
  return out;
}

/**
 * Runs the followers after the changes applied, through `sink` (the interactive transaction, or
 * the planned push's write sink), and lays what they wrote over `written`, so the rewarders see
 * the rows as the interactive push would read them.
 */
export async function runFollowers(
  sink: Db,
  followed: ReturnType<typeof followerFacts>,
  applied: Omit<Applied, 'deleted'>,
  q: FollowQuery,
  written: Map<string, Map<string, Record<string, SqlValue>>>,
): Promise<void> {
  const full: Applied = { ...applied, deleted: tombstones(applied.log) };
  for (const { f, facts } of followed) {
    const more: WrittenRows | void = await f.follow(sink, facts, full, q);
    for (const [table, rows] of more ?? []) {
      if (!written.has(table)) written.set(table, new Map());
      for (const [id, fields] of rows) written.get(table)!.set(id, { ...written.get(table)!.get(id), ...fields });
    }
  }
}

/** The interactive push's followers: their reads through the transaction, before the changes apply. */
export async function readFollowers(tx: Db, q: FollowQuery) {
  const { asks, stmts } = followerReads(q);
  const results: ResultSet[] = stmts.length ? await tx.batch(stmts as InStatement[]) : [];
  return followerFacts(asks, results, q);
}
