import type { Client, InStatement, ResultSet } from '@libsql/client';
import type { PushEvent, PushResponse, RowChange } from '@ignition/shared/sync/protocol.ts';
import { CLIENT_EVENT_TYPES } from '@ignition/shared/rules/economy-limits.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { applyChanges, descendantReads, logKeysOf, type Descendants, type LogRow } from './apply-changes.ts';
import { EconomyLedger, type LedgerFacts } from './ledger.ts';
import { questFactsFrom, questReads } from './quest-progress.ts';
import { earliestPaidDay, streakFactsFrom, streakReads } from './daily-streak.ts';
import { answeredFrom, answeredSql, reconcileEvents, type PrefetchedEventFacts } from './reconcile-events.ts';
import { DAILY_TOTALS_SQL, onceKey } from './facts.ts';
import { REWARDERS } from './rewarders/registry.ts';
import { entityIdsOf, rowsOf, type Row, type RewardQuery, type WrittenRows } from './rewarders/types.ts';
import { NeedsInteractivePush, writeSink } from './write-sink.ts';
import { placeholders } from './sql.ts';
import { followerFacts, followerReads, runFollowers, tombstones } from './followers/registry.ts';
import { habitLogWritesFrom, habitStreakFacts, habitStreakReads } from './habit-streaks.ts';

/**
 * The planned push: a constant number of database round trips whatever the push holds (issue 20).
 *
 *   1. one read batch of everything the push needs, derived from its body (the change log's
 *      entries of the rows it writes and names, its rewarders' rows, the user's progress, quests,
 *      streak and the day counts behind the daily caps, over every local date its events can
 *      land on), with the user's `sync_version`;
 *   2. the same code as the interactive push (applyChanges, reconcileEvents, the ledger), run in
 *      memory over those facts with its writes collected rather than run (write-sink.ts);
 *   3. one write batch that opens by moving `sync_version` on by one from the value read: if
 *      another push of the user committed in between, migration 0031's trigger aborts the whole
 *      batch and the push starts again from the read.
 *
 * No round trip happens while the database's write lock is held except the write batch itself.
 * A push this plan does not cover answers `null` (before any write) and the caller runs the
 * interactive push: a delete together with events whose rewarder does not drop deleted rows (no
 * `tables`); or, found after the read, a case the read did not fetch.
 * Every client event type has a rewarder (rewarders/registry.ts), and the tables with follow-up
 * writes have followers (followers/registry.ts) or, for habit streaks, reads of their own
 * (habit-streaks.ts).
 */

const CLIENT_TYPES = new Set<string>(CLIENT_EVENT_TYPES);
const MAX_ATTEMPTS = 6;

/** A change or event the plan has no code for: an unknown op, or a client event type without a rewarder (none today). */
const unplannedChange = (c: RowChange) => c.op !== 'upsert' && c.op !== 'delete';
const unplannedEvent = (e: PushEvent) => !REWARDERS[e.event_type] && CLIENT_TYPES.has(e.event_type);

function unplannedWhy(body: { changes: RowChange[]; events: PushEvent[] }): string {
  const ch = body.changes.find(unplannedChange);
  return ch ? `a ${ch.op} of ${ch.table}` : `a ${body.events.find(unplannedEvent)?.event_type} event without a rewarder`;
}

/**
 * Whether the plan covers the push: every upsert, every delete (its descendants are read up front,
 * and the followers, habit streaks and rewarders drop the rows it deleted), every event type. What
 * the one read cannot foresee shows up after it (NeedsInteractivePush).
 */
export function plannable(body: { changes: RowChange[]; events: PushEvent[] }): boolean {
  return !body.changes.some(unplannedChange) && !body.events.some(unplannedEvent);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every local date the push's events can be counted on: their own, their time's day in any zone, today in any zone, and their rewarders' dates. */
function candidateDates(events: PushEvent[], nowMs: number, rewarderDates: string[]): string[] {
  const out = new Set<string>(rewarderDates);
  const around = (ms: number) => {
    const d = utcDay(ms);
    out.add(addDays(d, -1)).add(d).add(addDays(d, 1));
  };
  around(nowMs);
  for (const e of events) {
    if (typeof e.local_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.local_date)) out.add(e.local_date);
    const t = Date.parse(e.created_at);
    if (Number.isFinite(t) && t <= nowMs) around(t);
  }
  return [...out];
}

/** The fields the push's upserts carry, by table and id: a superset of what they write, for choosing what to read. */
function claimedRows(changes: RowChange[]): WrittenRows {
  const out = new Map<string, Map<string, Row>>();
  for (const c of changes) {
    if (c.op !== 'upsert') continue;
    if (!out.has(c.table)) out.set(c.table, new Map());
    const fields: Row = {};
    for (const [k, v] of Object.entries(c.fields ?? {})) if (v === null || typeof v === 'string' || typeof v === 'number') fields[k] = v;
    out.get(c.table)!.set(c.id, { ...out.get(c.table)!.get(c.id), ...fields });
  }
  return out;
}

interface ReadPlan {
  stmts: InStatement[];
  take(results: ResultSet[]): {
    version: number | null;
    user: Row | undefined;
    progress: Row | undefined;
    skills: Row[];
    log: Map<string, LogRow>;
    descendants: Descendants;
    facts: LedgerFacts;
    events: Omit<PrefetchedEventFacts, 'rewarded'>;
    rewarderResults: Map<string, ResultSet[]>;
    followed: ReturnType<typeof followerFacts>;
    habitResults: ResultSet[];
  };
}

function planReads(userId: string, body: { changes: RowChange[]; events: PushEvent[] }, nowMs: number): ReadPlan {
  const stmts: InStatement[] = [];
  const slot = (s: InStatement) => stmts.push(s) - 1;
  const userAt = slot({ sql: 'SELECT sync_version, timezone, created_at FROM users WHERE id = ?', args: [userId] });
  const progressAt = slot({ sql: 'SELECT * FROM user_progress WHERE user_id = ?', args: [userId] });
  const skillsAt = slot({ sql: 'SELECT * FROM skill_definitions', args: [] });
  const logAt: number[] = [];
  for (const [table, ids] of logKeysOf(body.changes)) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      logAt.push(slot({ sql: `SELECT table_name, row_id, user_id, clocks, deleted FROM sync_rows WHERE table_name = ? AND row_id IN (${placeholders(chunk.length)})`, args: [table, ...chunk] }));
    }
  }
  // The rows under the rows the push deletes, every level in one go (apply-changes.ts).
  const deletes = descendantReads(body.changes.filter((c) => c.op === 'delete'));
  const deletesAt = deletes.stmts.map(slot);
  const events = body.events;
  const answeredAt = events.length ? answeredSql(events.map((e) => e.id)).map(slot) : [];
  const claimed = claimedRows(body.changes);
  const rewarderAt = new Map<string, number[]>();
  const rewarderDates: string[] = [];
  for (const rw of Object.values(REWARDERS)) {
    const mine = events.filter((e) => e.event_type === rw.type);
    if (mine.length === 0) continue;
    const q: RewardQuery = { userId, events: mine, written: claimed, nowMs };
    rewarderAt.set(rw.type, rw.reads(q).map(slot));
    rewarderDates.push(...(rw.dates?.(q) ?? []));
  }
  const dates = events.length ? candidateDates(events, nowMs, rewarderDates) : [];
  const datesJson = JSON.stringify(dates);
  const entityIds = entityIdsOf(events);
  const eventReads = events.length > 0;
  const at = eventReads
    ? {
        daily: slot({ sql: `${DAILY_TOTALS_SQL} (SELECT value FROM json_each(?)) GROUP BY event_type, local_date`, args: [userId, datesJson] }),
        once: entityIds.length
          ? slot({
              sql: `SELECT event_type, entity_id, json_extract(metadata, '$.occurrence_date') AS occ FROM activity_events WHERE user_id = ? AND entity_id IN (${placeholders(entityIds.length)})`,
              args: [userId, ...entityIds],
            })
          : -1,
      }
    : null;
  // Quests and the daily streak (quest-progress.ts, daily-streak.ts): the walk of every day only when it may be needed.
  const questTypes = new Set(events.map((e) => e.event_type));
  const questAt = eventReads ? questReads(userId, dates, [...questTypes]).map(slot) : [];
  const streakAt = eventReads ? streakReads(userId, { earliestDay: earliestPaidDay(events, nowMs, rewarderDates), purchase: events.some((e) => e.event_type === 'reward_purchase') }).map(slot) : [];
  const habitAt = habitStreakReads({ userId, changes: body.changes, events }).map(slot);
  const dailyRowAt = slot({ sql: "SELECT * FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [userId] });
  const follow = followerReads({ userId, changes: body.changes });
  const followAt = follow.stmts.map(slot);

  return {
    stmts,
    take(rs) {
      const user = rowsOf(rs[userAt])[0];
      const log = new Map<string, LogRow>();
      for (const i of logAt) for (const r of rowsOf(rs[i]) as unknown as LogRow[]) log.set(`${r.table_name}:${r.row_id}`, r);
      const done = answeredAt.length
        ? answeredFrom(rowsOf(rs[answeredAt[0]]) as unknown as Array<{ id: string; user_id: string }>, rowsOf(rs[answeredAt[1]]) as unknown as Array<{ id: string; user_id: string; code: string; message: string }>, userId)
        : new Map();
      const dailyTotals = new Map<string, { count: number; xp: number }>();
      const onceKeys = new Set<string>();
      const facts: LedgerFacts = {
        dates: new Set(dates),
        questTypes,
        ...(at ? questFactsFrom(questAt.map((i) => rs[i])) : { quests: [], activeDays: new Set<string>(), questProgress: new Map() }),
        ...(at ? streakFactsFrom(streakAt.map((i) => rs[i])) : { storedDaily: undefined, activeAfterStored: 0, latestShield: null, strays: [] }),
        dailyRow: rowsOf(rs[dailyRowAt])[0],
      };
      if (at) {
        for (const r of rowsOf(rs[at.daily])) dailyTotals.set(`${r.event_type}|${r.local_date}`, { count: Number(r.n), xp: Number(r.xp) });
        if (at.once >= 0) for (const r of rowsOf(rs[at.once])) onceKeys.add(onceKey(String(r.event_type), r.entity_id as string | null, r.occ as string | null));
      }
      const rewarderResults = new Map([...rewarderAt].map(([type, idx]) => [type, idx.map((i) => rs[i])]));
      return {
        version: user ? Number(user.sync_version ?? 0) : null,
        user,
        progress: rowsOf(rs[progressAt])[0],
        skills: rowsOf(rs[skillsAt]),
        log,
        descendants: deletes.take(deletesAt.map((i) => rs[i])),
        facts,
        events: { done, daily: dailyTotals, onceKeys },
        rewarderResults,
        followed: followerFacts(follow.asks, followAt.map((i) => rs[i]), { userId, changes: body.changes }),
        habitResults: habitAt.map((i) => rs[i]),
      };
    },
  };
}

/**
 * Why the last pushes fell back to the interactive push (for tests and the bench). With
 * PUSH_PLAN_STRICT=1 a fallback throws instead, so a suite run that way shows every push the plan
 * does not cover (a constraint the database refuses still falls back: that is by design).
 */
export const fallbacks: string[] = []; // the last 100
function fellBack(why: string, uncovered = true): null {
  if (fallbacks.push(why) > 100) fallbacks.shift();
  if (uncovered && process.env.PUSH_PLAN_STRICT === '1') throw new Error(`planned push fell back: ${why}`);
  return null;
}

const isConflict = (e: unknown) => /sync_version_conflict/.test(String((e as Error)?.message ?? ''));
const isBusy = (e: unknown) => /SQLITE_BUSY|database is locked|TRANSACTION_ACTIVE/i.test(String((e as Error)?.message ?? ''));

/**
 * Runs a push as planned: the reply, or null when the interactive push must make it (nothing was
 * written). `attempts` counts the tries, for tests of the version guard.
 */
export async function plannedPush(
  db: Client,
  userId: string,
  body: { changes: RowChange[]; events: PushEvent[] },
  now: () => Date,
  opts: { rollbackIf?: (r: PushResponse) => boolean; onAttempt?: (attempt: number) => Promise<void> | void } = {},
): Promise<PushResponse | null> {
  if (!plannable(body)) return fellBack(unplannedWhy(body));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const at = now();
    const plan = planReads(userId, body, at.getTime());
    let results: ResultSet[];
    try {
      results = await db.batch(plan.stmts, 'read');
    } catch (e) {
      // Every connection of a local pool busy (the embedded driver's): read again shortly.
      if (!isBusy(e) || attempt === MAX_ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      continue;
    }
    const read = plan.take(results);
    if (read.version === null) return null; // no such user: the interactive push answers
    const writes: InStatement[] = [{ sql: 'UPDATE users SET sync_version = ? WHERE id = ?', args: [read.version + 1, userId] }];
    const sink = writeSink(writes);
    let result: PushResponse;
    try {
      // The rewarders read the rows as they were before the push, and drop the rows it deleted
      // (`q.deleted`); one that does not say it does (no `tables`) leaves a push that deletes to the interactive way.
      if (body.changes.some((c) => c.op === 'delete') && body.events.some((e) => !read.events.done.has(e.id) && REWARDERS[e.event_type] && !REWARDERS[e.event_type].tables))
        throw new NeedsInteractivePush('a delete and events in one push');
      const { errors, written, log } = await applyChanges(sink, userId, body.changes, { log: read.log, descendants: read.descendants });
      const deleted = tombstones(log);
      await runFollowers(sink, read.followed, { written, log, planned: true }, { userId, changes: body.changes }, written);
      const habitQuery = { userId, changes: body.changes, events: body.events };
      const habits = habitLogWritesFrom(read.habitResults.length ? habitStreakFacts(read.habitResults, habitQuery) : null, body.changes, written, deleted);
      const ledger = EconomyLedger.fromFacts(userId, at, read.user, read.progress, read.skills, read.facts, habits);
      const rewarded = new Map<string, unknown>();
      for (const [type, results] of read.rewarderResults) {
        const rw = REWARDERS[type];
        rewarded.set(type, rw.facts(results, { userId, events: body.events.filter((e) => e.event_type === type), written, deleted, log, nowMs: at.getTime() }));
      }
      const { accepted, rejected } = await reconcileEvents(sink, ledger, body.events, { ...read.events, rewarded });
      const { progress, streaks } = await ledger.finish(sink);
      result = { accepted, rejected, changeErrors: errors, progress, streaks, cursor: '0', serverTime: new Date().toISOString() };
    } catch (e) {
      if (e instanceof NeedsInteractivePush) return fellBack(e.message);
      throw e;
    }
    if (opts.rollbackIf?.(result)) return result;
    // Nothing to write (every change refused, no event): no version to move on either.
    if (writes.length === 1) writes.shift();
    writes.push({ sql: 'SELECT COALESCE(MAX(seq), 0) AS s FROM sync_rows', args: [] });
    await opts.onAttempt?.(attempt);
    try {
      const out = await db.batch(writes, 'write');
      result.cursor = String(out[out.length - 1].rows[0]?.s ?? 0);
      return result;
    } catch (e) {
      if (isConflict(e) || isBusy(e)) {
        // Another push of this user (or another instance's write) came first: read again.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        continue;
      }
      // A constraint the plan could not foresee (an id someone else holds, a row a CHECK refuses):
      // the interactive push refuses exactly the bad rows.
      if (/SQLITE_CONSTRAINT|constraint failed/i.test(String((e as { code?: string })?.code ?? '') + String((e as Error)?.message ?? ''))) return null;
      throw e;
    }
  }
  return fellBack(`version conflicts in ${MAX_ATTEMPTS} attempts`, false);
}

