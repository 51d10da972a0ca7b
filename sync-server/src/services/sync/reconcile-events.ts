import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { localDate } from '@ignition/shared/dates.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { CLIENT_EVENT_TYPES as CLIENT_TYPES, earliestEventMs, EVENT_DATE_FLOOR } from '@ignition/shared/rules/economy-limits.ts';
import { loadDailyTotals, loadRewardedKeys, onceKey } from './facts.ts';
import type { Db } from './sql.ts';
import type { EconomyLedger } from './ledger.ts';
import { REWARDERS } from './rewarders/registry.ts';
import { CLOCK_SKEW_MS, type RewardOutcome, type WrittenRows } from './rewarders/types.ts';
import { NeedsInteractivePush } from './write-sink.ts';

export interface Rejection {
  id: string;
  code: string;
  message: string;
}

const CLIENT_EVENT_TYPES = new Set<string>(CLIENT_TYPES);
/** Rewards granted once per entity (per occurrence for planner events): every rewarder that says so. */
const ONCE_PER_ENTITY = new Set(Object.values(REWARDERS).flatMap((rw) => (rw.oncePerEntity ? [rw.type] : [])));


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
    // Every client event type has its rewarder (rewarders/registry.ts).
    const rw = REWARDERS[e.event_type];
    if (!rw) {
      reject('unknown_event_type', `Event type ${e.event_type} is not known`);
      continue;
    }
    const facts = rewarded.get(e.event_type);
    const table = rw.entityTable;
    const row = table && entity ? rw.entity(facts, entity) : undefined;
    if (table && !row) {
      reject('unknown_entity', `${table} ${entity ?? '(none)'} does not exist for this account`);
      continue;
    }
    const once = rw.onceKeyOf?.(e, row, ledger.timezone) ?? { entity, occurrence: null };
    const keyEntity = once.entity;
    const key = onceKey(e.event_type, keyEntity, once.occurrence);
    if (rw.oncePerEntity && onceKeys.has(key)) {
      reject('already_rewarded', 'This was already counted');
      continue;
    }
    if (rw.spends) await ledger.readyForPurchase(tx);
    const ctx = { userId, today, timezone: ledger.timezone, ledger, nowMs, habits: ledger.habits, db: tx };
    await rw.prepare?.(e, row, facts, ctx);
    const outcome: RewardOutcome = rw.reward(e, row, facts, ctx);
    const result = outcome.result as ReturnType<typeof computeReward>;
    const extraMeta: Record<string, unknown> = { ...outcome.meta };
    if (rw.removesRefused && 'rejected' in result) ledger.undoPurchase(String(row!.id));
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
    if (outcome.follow) {
      ledger.personalRecords.push(...outcome.follow.records);
      for (const ev of outcome.follow.events) ledger.acceptEvent(ev);
    }
  }
  return { accepted, rejected };
}

/** (Moved with the habit_complete rewarder; habits.test.ts checks its plan.) */
export { HABIT_PAID_IN_PERIOD_SQL } from './rewarders/habit-complete.ts';
