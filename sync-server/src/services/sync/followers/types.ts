import type { InStatement, ResultSet } from '@libsql/client';
import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import type { Db } from '../sql.ts';
import type { WrittenRows } from '../rewarders/types.ts';
import type { LogRow } from '../apply-changes.ts';

/** What a follower is asked to read for: the push's row changes (unchecked, as the client sent them). */
export interface FollowQuery {
  userId: string;
  changes: readonly RowChange[];
}

/** What the push's changes did, once applied (in memory on the planned push). */
export interface Applied {
  /** the fields each accepted upsert wrote, by table and id */
  written: WrittenRows;
  /** rows the push deleted (with their descendants), by table: the change log's tombstones among the rows it wrote or named */
  deleted: ReadonlyMap<string, ReadonlySet<string>>;
  /** the change log's entries of the rows the push wrote or named, as it leaves them (`table:id`) */
  log: ReadonlyMap<string, LogRow>;
  /** the planned push: `follow` gets a write sink, and must not read */
  planned: boolean;
}

/**
 * A table whose changes bring follow-up writes computed from other rows: a deck's card count, one
 * active focus session per person, a habit's streak. Like a rewarder (rewarders/types.ts) it works
 * in three steps that never interleave: the statements to read BEFORE the changes apply (they join
 * the planned push's one read batch; the interactive push runs them through its transaction),
 * facts built from their results, and `follow`, which computes from the facts and what the push
 * applied (laying the written rows over the stored ones) and only writes, through `sink`.
 * Both push paths run the same follower code. A follower may extend this (optional members).
 */
export interface ChangeFollower<F> {
  readonly name: string;
  /** whether the push's changes concern this follower at all (no reads otherwise) */
  wants(q: FollowQuery): boolean;
  reads(q: FollowQuery): InStatement[];
  facts(results: ResultSet[], q: FollowQuery): F;
  /** may answer the fields it wrote by table and id (the rewarders then see them, as they would on the interactive push) */
  follow(sink: Db, facts: F, applied: Applied, q: FollowQuery): Promise<WrittenRows | void>;
}
