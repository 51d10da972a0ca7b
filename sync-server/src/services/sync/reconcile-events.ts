import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { localDate, addDays, weekStart } from '@ignition/shared/dates.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { CLIENT_EVENT_TYPES as CLIENT_TYPES, earliestEventMs, EVENT_DATE_FLOOR } from '@ignition/shared/rules/economy-limits.ts';
import { frequencyOf, habitStreakAround } from './habit-streaks.ts';
import { loadDailyTotals, loadOwned, loadRewardedKeys, onceKey } from './facts.ts';
import type { Db, SqlValue } from './sql.ts';
import type { EconomyLedger } from './ledger.ts';
import { REWARDERS } from './rewarders/registry.ts';
import { occurrenceOf } from './rewarders/planner-complete.ts';
import { CLOCK_SKEW_MS, type RewardOutcome, type Row, type WrittenRows } from './rewarders/types.ts';
import { NeedsInteractivePush } from './write-sink.ts';

export interface Rejection {
  id: string;
  code: string;
  message: string;
}

const CLIENT_EVENT_TYPES = new Set<string>(CLIENT_TYPES);
/** Rewards granted once per entity (per occurrence for planner events): the switch's types, and every rewarder that says so. */
const ONCE_PER_ENTITY = new Set([
  'habit_complete',
  ...Object.values(REWARDERS).flatMap((rw) => (rw.oncePerEntity ? [rw.type] : [])),
]);
/** The entity tables of the types still reconciled by the switch below (a rewarder names its own). */
const ENTITY_TABLE: Record<string, string> = {
  habit_complete: 'habit_logs',
};

/** A row as the server reads it: column name to SQL value. */
type R = Row;
const textOrNull = (v: SqlValue | undefined): string | null => (v == null ? null : String(v));
const numberOrNull = (v: SqlValue | undefined): number | null => (v == null ? null : Number(v));

/** The reads of `reconcileEvents`, made up front by the planned push (its one read batch). */
export interface PrefetchedEventFacts {
  /** answers already given to the push's event ids (rule 1) */
  done: Map<string, { ok: true } | Rejection>;
  /** rewarded events per `type|local date` over the ledger's covered dates */
  daily: Map<string, { count: number; xp: number }>;
  /** once-only rewards already granted for the push's entities (see `onceKey`) */
  onceKeys: Set<string>;
  /** each rewarder's facts, by event type */
  rewarded: Map<string, unknown>;
}

/** The two reads behind idempotency: answers already given to these ids. */
export function answeredSql(ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const marks = unique.map(() => '?').join(', ');
  return [
    { sql: `SELECT id, user_id FROM activity_events WHERE id IN (${marks})`, args: unique },
    { sql: `SELECT id, user_id, code, message FROM rejected_events WHERE id IN (${marks})`, args: unique },
  ];
}

export function answeredFrom(known: Array<{ id: string; user_id: string }>, knownRejected: Array<{ id: string; user_id: string; code: string; message: string }>, userId: string) {
  const done = new Map<string, { ok: true } | Rejection>();
  for (const k of known) done.set(k.id, k.user_id === userId ? { ok: true } : { id: k.id, code: 'conflict', message: 'This event id is already used' });
  for (const k of knownRejected) done.set(k.id, k.user_id === userId ? { id: k.id, code: k.code, message: k.message } : { id: k.id, code: 'conflict', message: 'This event id is already used' });
  return done;
}

/**
 * Turns pushed events into accepted or rejected ones. Every reward is recomputed from the
 * server's rows with the shared rules (rule 2); what the client claimed is ignored. Events are
 * taken in time order, so daily caps and balances are checked the way living through them would.
 */
export async function reconcileEvents(tx: Db, ledger: EconomyLedger, events: PushEvent[], pre?: PrefetchedEventFacts): Promise<{ accepted: string[]; rejected: Rejection[] }> {
  const userId = ledger.userId;
  const accepted: string[] = [];
  const rejected: Rejection[] = [];
  if (events.length === 0) return { accepted, rejected };

  // Idempotency (rule 1): an event id already answered gets the same answer and no effect.
  // Both answers in one round trip (pushes carry at most MAX_PUSH_EVENTS ids, well under SQLite's parameter limit).
  let done = pre?.done;
  if (!done) {
    const [knownRs, rejectedRs] = await tx.batch(answeredSql(events.map((e) => e.id)));
    done = answeredFrom(knownRs.rows as unknown as Array<{ id: string; user_id: string }>, rejectedRs.rows as unknown as Array<{ id: string; user_id: string; code: string; message: string }>, userId);
  }

  const nowMs = ledger.now.getTime();
  // Rule 5 and GAME-RULES "Dates and clocks": nothing is paid on a day before the floor, or long
  // before the account existed (a long local-only stretch before sign-in still counts).
  const earliestMs = earliestEventMs(ledger.accountCreated);
  const fresh: Array<PushEvent & { created_at: string; local_date: string; tooOld?: boolean }> = [];
  const seen = new Set<string>();
  let todayThere: string | undefined;
  for (const e of events) {
    const prior = done.get(e.id);
    if (prior) {
      if ('ok' in prior) accepted.push(e.id);
      else rejected.push(prior);
      continue;
    }
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    // Rule 5: clocks are not trusted beyond reason. A future time is clamped to now, and the
    // local date follows from it, so a clock 3 days ahead cannot extend a streak.
    let created = Date.parse(e.created_at);
    if (!Number.isFinite(created) || created > nowMs + CLOCK_SKEW_MS) created = nowMs;
    if (created < earliestMs) {
      fresh.push({ ...e, created_at: new Date(created).toISOString(), local_date: EVENT_DATE_FLOOR, tooOld: true });
      continue;
    }
    const createdIso = new Date(created).toISOString();
    const serverDate = localDate(createdIso, ledger.timezone);
    const claimed = e.local_date;
    // The client's own date is kept when it is within a day of the server's reading (travel, zones).
    const local = claimed && claimed <= (todayThere ??= localDate(new Date(nowMs), ledger.timezone)) && Math.abs(Date.parse(claimed) - Date.parse(serverDate)) <= 86_400_000 ? claimed : serverDate;
    fresh.push({ ...e, created_at: createdIso, local_date: local });
  }
  fresh.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));

  // Facts, loaded in bulk per table.
  const idsOf = (type: string) => fresh.filter((e) => e.event_type === type && e.entity_id).map((e) => e.entity_id!);
  const owned: Record<string, Map<string, R>> = {};
  for (const [type, table] of Object.entries(ENTITY_TABLE)) {
    const list = idsOf(type);
    if (list.length) owned[type] = await loadOwned<R & { id: string }>(tx, table, list, userId, type === 'journal_entry' ? 'id, date' : '*');
  }
  // The types with a rewarder read what they need in one round trip (the planned push read it already).
  let rewarded = pre?.rewarded;
  if (!rewarded) {
    rewarded = new Map();
    const written: WrittenRows = new Map();
    const asks = Object.values(REWARDERS).flatMap((rw) => {
      const mine = fresh.filter((e) => e.event_type === rw.type);
      if (mine.length === 0) return [];
      const q = { userId, events: mine, written, nowMs };
      return [{ rw, q, reads: rw.reads(q) }];
    });
    const results = asks.some((a) => a.reads.length) ? await tx.batch(asks.flatMap((a) => a.reads)) : [];
    let at = 0;
    for (const { rw, q, reads } of asks) {
      rewarded.set(rw.type, rw.facts(results.slice(at, at + reads.length), q));
      at += reads.length;
    }
  }
  // A rewarder may move an event's day (a journal entry is paid on its own date, whatever day its
  // event names: one entry cannot be paid on five days; a date ahead of today there counts today).
  todayThere ??= localDate(new Date(nowMs), ledger.timezone);
  const earliestDay = localDate(new Date(earliestMs), ledger.timezone);
  for (const e of fresh) REWARDERS[e.event_type]?.place?.(e, rewarded.get(e.event_type), { todayThere, earliestDay });
  const habitLogs = owned.habit_complete ?? new Map();
  const habits = await loadOwned<R & { id: string }>(tx, 'habits', [...habitLogs.values()].map((l) => String(l.habit_id)), userId);
  // Writes that follow a type's new events as a whole (a review session's card recounts).
  for (const [type, facts] of rewarded) await REWARDERS[type]?.settle?.(tx, facts, { userId });
  const pushDates = [...new Set(fresh.map((e) => e.local_date))];
  // (Too old events are refused before any cap is counted: their floor date needs no counts.)
  const uncovered = pre ? fresh.filter((e) => !e.tooOld && !ledger.covers(e.local_date)).map((e) => e.local_date) : [];
  if (uncovered.length) throw new NeedsInteractivePush(`an event on a day the read did not cover (${uncovered[0]})`);
  const daily = pre ? new Map([...pre.daily].map(([k, v]) => [k, { ...v }])) : await loadDailyTotals(tx, userId, pushDates);
  const onceKeys = pre ? new Set(pre.onceKeys) : await loadRewardedKeys(tx, userId, fresh.filter((e) => ONCE_PER_ENTITY.has(e.event_type) && e.entity_id).map((e) => e.entity_id!));
  // Keys a rewarder's own reads found (a moved planner occurrence is rewarded under its series).
  for (const [type, f] of rewarded) for (const k of REWARDERS[type]?.rewardedKeys?.(f) ?? []) onceKeys.add(k);
  const bump = (type: string, date: string, xp: number) => {
    const k = `${type}|${date}`;
    const cur = daily.get(k) ?? { count: 0, xp: 0 };
    daily.set(k, { count: cur.count + 1, xp: cur.xp + xp });
  };
  const today = (type: string, date: string) => daily.get(`${type}|${date}`) ?? { count: 0, xp: 0 };
  const habitCountsThisPush = new Map<string, number>();

  for (const e of fresh) {
    const reject = (code: string, message: string) => {
      rejected.push({ id: e.id, code, message });
      ledger.rejectEvent(e.id, code, message);
    };
    if (e.tooOld) {
      // A refused purchase is removed everywhere, whatever refused it: a kept row would be a reward had for nothing.
      const rwOld = REWARDERS[e.event_type];
      if (rwOld?.removesRefused && e.entity_id && rwOld.entity(rewarded.get(e.event_type), e.entity_id)) ledger.undoPurchase(e.entity_id);
      reject('too_old', `Events dated before ${new Date(earliestMs).toISOString().slice(0, 10)} are not counted (before ${EVENT_DATE_FLOOR}, or long before this account was made)`);
      continue;
    }
    if (!CLIENT_EVENT_TYPES.has(e.event_type)) {
      reject(e.event_type === 'quest_complete' || e.event_type === 'personal_record' ? 'server_only' : 'unknown_event_type', `Event type ${e.event_type} cannot be sent by a client`);
      continue;
    }
    const entity = e.entity_id ?? null;
    const rw = REWARDERS[e.event_type];
    const facts = rw ? rewarded.get(e.event_type) : undefined;
    const table = rw ? rw.entityTable : ENTITY_TABLE[e.event_type];
    const row = table && entity ? (rw ? rw.entity(facts, entity) : owned[e.event_type]?.get(entity)) : undefined;
    if (table && !row) {
      reject('unknown_entity', `${table} ${entity ?? '(none)'} does not exist for this account`);
      continue;
    }
    const occurrence = e.event_type === 'planner_complete' ? occurrenceOf(e, row, ledger.timezone) : null;
    // A moved occurrence counts (and is recorded) under its series, so moving it cannot earn twice.
    const keyEntity: string | null = e.event_type === 'planner_complete' ? (textOrNull(row?.recurrence_parent_id) ?? entity) : entity;
    const key = onceKey(e.event_type, keyEntity, occurrence);
    if ((rw ? rw.oncePerEntity : ONCE_PER_ENTITY.has(e.event_type)) && onceKeys.has(key)) {
      reject('already_rewarded', 'This was already counted');
      continue;
    }
    const extraMeta: R = {};
    let result: ReturnType<typeof computeReward>;
    let outcome: RewardOutcome | undefined;
    if (rw) {
      if (rw.spends) await ledger.readyForPurchase(tx);
      outcome = rw.reward(e, row, facts, { userId, today, timezone: ledger.timezone, ledger, nowMs });
      result = outcome.result as ReturnType<typeof computeReward>;
      Object.assign(extraMeta, outcome.meta);
      if (rw.removesRefused && 'rejected' in result) ledger.undoPurchase(String(row!.id));
    } else
    switch (e.event_type) {
      case 'habit_complete': {
        const habit = habits.get(String(row!.habit_id));
        if (!habit) {
          reject('unknown_entity', 'The habit of this log does not exist');
          continue;
        }
        // The log's own date places it in its period (a log for yesterday counts for yesterday).
        const logDate = /^\d{4}-\d{2}-\d{2}$/.test(String(row!.date ?? '')) ? String(row!.date) : e.local_date;
        const streak = await habitStreakWith(tx, ledger, habit, logDate);
        const periodKey = `${habit.id}|${habit.frequency === 'weekly' ? weekStart(logDate) : logDate}`;
        const countBefore = streak.countInPeriodBefore + (habitCountsThisPush.get(periodKey) ?? 0);
        result = computeReward({
          type: 'habit_complete',
          habit: { xp_reward: numberOrNull(habit.xp_reward), coin_reward: numberOrNull(habit.coin_reward), skill_id: textOrNull(habit.skill_id) },
          countInPeriodBefore: countBefore,
          count: Number(row!.count ?? 1),
          target_count: Number(habit.target_count ?? 1),
          streakBefore: streak.before,
          streakAfter: streak.after,
        });
        ledger.habits.touch(habit);
        if (!('rejected' in result)) habitCountsThisPush.set(periodKey, (habitCountsThisPush.get(periodKey) ?? 0) + Number(row!.count ?? 1));
        extraMeta.habit_id = habit.id;
        // The paid log's date and count, so an undone (deleted) log still counts toward its period.
        extraMeta.log_date = logDate;
        extraMeta.count = Number(row!.count ?? 1);
        break;
      }
      default:
        reject('unknown_event_type', `Event type ${e.event_type} is not known`);
        continue;
    }
    if ('rejected' in result) {
      reject(result.rejected, result.message);
      continue;
    }
    onceKeys.add(key);
    bump(e.event_type, e.local_date, result.xp);
    ledger.acceptEvent({
      id: e.id,
      event_type: e.event_type,
      entity_id: keyEntity,
      xp: result.xp,
      coins: result.coins,
      skill: result.skill ?? null,
      metadata: { ...(e.metadata ?? {}), ...extraMeta },
      created_at: e.created_at,
      local_date: e.local_date,
    });
    accepted.push(e.id);
    if (outcome?.follow) {
      ledger.personalRecords.push(...outcome.follow.records);
      for (const ev of outcome.follow.events) ledger.acceptEvent(ev);
    }
  }
  return { accepted, rejected };
}

/**
 * What was already paid for a habit in a period: the counts of its rewarded logs dated in it (a
 * log undone since still counts, from the event's metadata). Events from before `log_date` was
 * recorded are placed by their log row. By the (user, habit, log date) index of migration 24, so
 * the read is the period's few events, not every habit reward the person ever had.
 */
export const HABIT_PAID_IN_PERIOD_SQL = `SELECT COALESCE(SUM(n), 0) AS n FROM (
  SELECT COALESCE(json_extract(a.metadata, '$.count'), l.count, 1) AS n
    FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
    WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') = ?2 AND json_extract(a.metadata, '$.log_date') BETWEEN ?3 AND ?4
  UNION ALL
  SELECT COALESCE(json_extract(a.metadata, '$.count'), l.count, 1)
    FROM activity_events a LEFT JOIN habit_logs l ON l.id = a.entity_id AND l.user_id = a.user_id
    WHERE a.user_id = ?1 AND a.event_type = 'habit_complete' AND json_valid(a.metadata) AND json_extract(a.metadata, '$.habit_id') = ?2 AND json_extract(a.metadata, '$.log_date') IS NULL AND l.date BETWEEN ?3 AND ?4)`;

/** The habit's streak without and with the log's date, and how much was logged in its period before. */
async function habitStreakWith(tx: Db, ledger: EconomyLedger, habit: R, date: string) {
  const userId = ledger.userId;
  const { prefix, logs } = await ledger.habits.view(tx, habit, date);
  const freq = frequencyOf(habit);
  // "Up to target_count per period" counts the counts of already rewarded logs in the log's period (day or ISO week),
  // read from the rewarded events themselves so that undoing a paid log and logging again is not paid twice.
  // Events from before log_date/count were recorded fall back to their log row.
  const from = freq === 'weekly' ? weekStart(date) : date;
  const rewardedBefore = await tx.execute({ sql: HABIT_PAID_IN_PERIOD_SQL, args: [userId, habit.id, from, freq === 'weekly' ? addDays(from, 6) : date] });
  return { ...habitStreakAround({ prefix, logs }, habit, date), countInPeriodBefore: Number(rewardedBefore.rows[0]?.n ?? 0) };
}
