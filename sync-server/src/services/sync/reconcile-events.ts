import type { PushEvent } from '@ignition/shared/sync/protocol.ts';
import { localDate } from '@ignition/shared/dates.ts';
import { computeReward, rewardKind } from '@ignition/shared/rules/rewards.ts';
import { CLIENT_EVENT_TYPES as CLIENT_TYPES, earliestEventMs, EVENT_DATE_FLOOR } from '@ignition/shared/rules/economy-limits.ts';
import { loadByIds, loadDailyTotals, loadOwned, loadRewardedKeys, onceKey } from './facts.ts';
import { selectIn, type Db, type SqlValue } from './sql.ts';
import type { EconomyLedger } from './ledger.ts';
import { REWARDERS } from './rewarders/registry.ts';
import type { RewardOutcome, Row, WrittenRows } from './rewarders/types.ts';
import { NeedsInteractivePush } from './write-sink.ts';
import { FOCUS_OVERLAP_TOLERANCE_MS, loadRewardedFocusSpans, placedFocusSpan, sharedFocusMs, type FocusSpan } from './focus-overlap.ts';
import { recountCardReviews } from '../learn-reviews.ts';

export interface Rejection {
  id: string;
  code: string;
  message: string;
}

/** How far ahead of the server a client clock may be before an event's time is clamped. */
const CLOCK_SKEW_MS = 5 * 60_000;
const CLIENT_EVENT_TYPES = new Set<string>(CLIENT_TYPES);
/** Rewards granted once per entity (per occurrence for planner events): the switch's types, and every rewarder that says so. */
const ONCE_PER_ENTITY = new Set([
  'focus_complete',
  'reading_session',
  'goal_milestone',
  'planner_complete',
  'reward_purchase',
  'reward_redeem',
  ...Object.values(REWARDERS).flatMap((rw) => (rw.oncePerEntity ? [rw.type] : [])),
]);
/** The entity tables of the types still reconciled by the switch below (a rewarder names its own). */
const ENTITY_TABLE: Record<string, string> = {
  focus_complete: 'focus_sessions',
  reading_session: 'reading_sessions',
  planner_complete: 'calendar_events',
  reward_purchase: 'reward_purchases',
  reward_redeem: 'reward_purchases',
};

/** A row as the server reads it: column name to SQL value. */
type R = Row;
const textOrNull = (v: SqlValue | undefined): string | null => (v == null ? null : String(v));

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
      const q = { userId, events: mine, written };
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
  const milestoneRows = await selectIn<R & { id: string }>(
    tx,
    'SELECT m.*, g.skill_id AS goal_skill FROM goal_milestones m JOIN goals g ON g.id = m.goal_id WHERE g.user_id = ? AND m.id IN',
    idsOf('goal_milestone'),
    [userId],
  );
  const milestones = new Map(milestoneRows.map((m) => [String(m.id), m]));
  const readingBooks = await loadOwned<R & { id: string }>(tx, 'books', [...(owned.reading_session?.values() ?? [])].map((s) => String(s.book_id)), userId);
  const purchases = new Map([...(owned.reward_purchase ?? new Map()), ...(owned.reward_redeem ?? new Map())]);
  const rewards = await loadByIds<R & { id: string }>(tx, 'rewards', [...purchases.values()].map((p) => String(p.reward_id)));
  const reviewCardIds = fresh.flatMap((e) => (e.event_type === 'review_complete' && Array.isArray(e.metadata?.card_ids) ? (e.metadata!.card_ids as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 500) : []));
  const myCards = new Set(
    (await selectIn<{ id: string }>(tx, 'SELECT c.id FROM flashcards c JOIN flashcard_decks d ON d.id = c.deck_id WHERE d.user_id = ? AND c.id IN', reviewCardIds, [userId])).map((r) => String(r.id)),
  );
  // Reviews of one card on several devices all count (see learn-reviews.ts).
  await recountCardReviews(tx, userId, [...myCards]);
  const pushDates = [...new Set(fresh.map((e) => e.local_date))];
  // (Too old events are refused before any cap is counted: their floor date needs no counts.)
  const uncovered = pre ? fresh.filter((e) => !e.tooOld && !ledger.covers(e.local_date)).map((e) => e.local_date) : [];
  if (uncovered.length) throw new NeedsInteractivePush(`an event on a day the read did not cover (${uncovered[0]})`);
  const daily = pre ? new Map([...pre.daily].map(([k, v]) => [k, { ...v }])) : await loadDailyTotals(tx, userId, pushDates);
  // A moved occurrence (an override row) is rewarded under its series, so count the series' rewards too.
  const plannerSeriesIds = [...(owned.planner_complete?.values() ?? [])].map((r) => r.recurrence_parent_id).filter((x): x is string => !!x);
  const onceKeys = pre ? new Set(pre.onceKeys) : await loadRewardedKeys(tx, userId, [...fresh.filter((e) => ONCE_PER_ENTITY.has(e.event_type) && e.entity_id).map((e) => e.entity_id!), ...plannerSeriesIds]);
  const bump = (type: string, date: string, xp: number) => {
    const k = `${type}|${date}`;
    const cur = daily.get(k) ?? { count: 0, xp: 0 };
    daily.set(k, { count: cur.count + 1, xp: cur.xp + xp });
  };
  const today = (type: string, date: string) => daily.get(`${type}|${date}`) ?? { count: 0, xp: 0 };
  // Focus sessions already rewarded near this push's focus events (read once, on the first one).
  let focusSpans: FocusSpan[] | undefined;
  // Where each of the push's focus sessions was, once (its times must make sense: no span, no focused time).
  const focusPlaced = new Map([...(owned.focus_complete ?? new Map<string, R>())].map(([id, r]) => [id, placedFocusSpan(r, nowMs, CLOCK_SKEW_MS)]));

  for (const e of fresh) {
    const reject = (code: string, message: string) => {
      rejected.push({ id: e.id, code, message });
      ledger.rejectEvent(e.id, code, message);
    };
    if (e.tooOld) {
      // A refused purchase is removed everywhere, whatever refused it: a kept row would be a reward had for nothing.
      if (e.event_type === 'reward_purchase' && e.entity_id && owned.reward_purchase?.has(e.entity_id)) ledger.undoPurchase(e.entity_id);
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
    const occurrence =
      e.event_type === 'planner_complete' ? String(e.metadata?.occurrence_date ?? localDate(String(row?.original_start ?? row?.start_time ?? e.created_at), ledger.timezone)) : null;
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
      const ctx = { userId, today, habits: ledger.habits, db: tx };
      await rw.prepare?.(e, row, facts, ctx);
      outcome = rw.reward(e, row, facts, ctx);
      result = outcome.result as ReturnType<typeof computeReward>;
      Object.assign(extraMeta, outcome.meta);
    } else
    switch (e.event_type) {
      case 'focus_complete': {
        const placed = focusPlaced.get(entity!) ?? null;
        const focusedSeconds = placed ? Math.floor((placed.span.end - placed.span.start) / 1000) - Number(row!.paused_total ?? 0) : 0;
        result = computeReward({
          type: 'focus_complete',
          mode: String(row!.mode),
          status: String(row!.status),
          focusedSeconds,
          plannedSeconds: Number(row!.duration ?? 0),
          rewardedToday: today('focus_complete', e.local_date).count,
        });
        extraMeta.focused_minutes = Math.floor(Math.max(0, focusedSeconds) / 60);
        if (placed && !('rejected' in result)) {
          const { span, shiftMs } = placed;
          if (shiftMs) extraMeta.clock_shift_ms = shiftMs;
          // The rewarded sessions near all of this push's focus sessions, read once.
          focusSpans ??= await loadRewardedFocusSpans(tx, userId, [...focusPlaced.values()].flatMap((p) => (p ? [p.span] : [])));
          // Rule 2: one person cannot focus twice at once (two devices, or a forged session laid over a real one).
          if (focusSpans.some((p) => sharedFocusMs(p, span) > FOCUS_OVERLAP_TOLERANCE_MS)) {
            result = { rejected: 'focus_overlap', message: 'This focus session overlaps another one that was already rewarded' };
          } else focusSpans.push(span);
        }
        break;
      }
      case 'review_complete': {
        const cards = Array.isArray(e.metadata?.card_ids) ? new Set((e.metadata!.card_ids as unknown[]).filter((c): c is string => typeof c === 'string' && myCards.has(c))) : new Set<string>();
        result = computeReward({ type: 'review_complete', cardsReviewed: cards.size, xpToday: today('review_complete', e.local_date).xp });
        extraMeta.cards = cards.size;
        break;
      }
      case 'reading_session': {
        const book = readingBooks.get(String(row!.book_id));
        result = computeReward({
          type: 'reading_session',
          pages: Number(row!.pages_read ?? 0),
          // The farthest page the session claims (its end page, or its page count) must fit the book too.
          currentPage: Math.max(Number(book?.current_page ?? 0), Number(row!.end_page ?? 0), Number(row!.pages_read ?? 0)),
          totalPages: book?.total_pages == null ? null : Number(book.total_pages),
        });
        extraMeta.pages = Number(row!.pages_read ?? 0);
        break;
      }
      case 'goal_milestone': {
        const m = entity ? milestones.get(entity) : undefined;
        if (!m) {
          reject('unknown_entity', `Milestone ${entity ?? '(none)'} does not exist for this account`);
          continue;
        }
        result = m.completed ? computeReward({ type: 'goal_milestone', alreadyRewarded: false, skill: textOrNull(m.goal_skill) }) : { rejected: 'not_completed', message: 'The milestone is not completed' };
        break;
      }
      case 'planner_complete': {
        // The occurrence must be a date the event's own row marks as done (rule 2: the server's rows decide).
        let doneDates: unknown = row!.completed_dates;
        try {
          if (typeof doneDates === 'string') doneDates = JSON.parse(doneDates);
        } catch {
          doneDates = [];
        }
        const done = Number(row!.completed) === 1 || (Array.isArray(doneDates) && doneDates.includes(occurrence));
        result = !/^\d{4}-\d{2}-\d{2}$/.test(occurrence ?? '')
          ? { rejected: 'not_completed', message: 'occurrence_date must be a date (YYYY-MM-DD)' }
          : done
            ? computeReward({ type: 'planner_complete', rewardedToday: today('planner_complete', e.local_date).count })
            : { rejected: 'not_completed', message: 'The event is not marked complete for that date' };
        extraMeta.occurrence_date = occurrence;
        break;
      }
      case 'reward_purchase': {
        const reward = rewards.get(String(row!.reward_id));
        if (!reward || !(reward.user_id === userId || reward.user_id == null) || !reward.is_active) {
          reject('unknown_entity', 'That reward is not available');
          ledger.undoPurchase(String(row!.id));
          continue;
        }
        await ledger.settleQuests(tx);
        const global = reward.user_id == null;
        const kind = rewardKind({ kind: textOrNull(reward.kind), global });
        result = computeReward({
          type: 'reward_purchase',
          balance: ledger.coins,
          cost: Number(reward.cost),
          kind,
          global,
          shieldsHeld: kind === 'streak_shield' ? await ledger.shieldsHeldOn(tx, e.local_date) : 0,
        });
        if ('rejected' in result) {
          reject(result.rejected, result.rejected === 'insufficient_coins' ? `Not enough coins for ${reward.name}: it costs ${reward.cost}, the balance is ${ledger.coins}` : result.message);
          ledger.undoPurchase(String(row!.id));
          continue;
        }
        extraMeta.reward_name = reward.name;
        extraMeta.kind = kind;
        break;
      }
      case 'reward_redeem':
        result = { xp: 0, coins: 0, skill: null };
        break;
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

/** (Moved with the habit_complete rewarder; habits.test.ts checks its plan.) */
export { HABIT_PAID_IN_PERIOD_SQL } from './rewarders/habit-complete.ts';
