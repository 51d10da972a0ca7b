import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { FOCUS_OVERLAP_TOLERANCE_MS, focusSpanOf, LONGEST_FOCUS_MS, placedFocusSpan, sharedFocusMs, sqliteCompare, withFocusDefaults, type FocusSpan } from '../focus-overlap.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import { entityIdsOf, CLOCK_SKEW_MS, overlay, placeholders, rowsOf, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface FocusFacts {
  sessions: Map<string, Row>;
  /** the range the read covered (see RANGE_CTE), null when the sessions' times gave none */
  range: { lo: string; hi: string; dlo: string; dhi: string } | null;
  /** rewarded sessions in that range: `a` found by their start, `b` moved by a fast clock, found by their reward's day */
  near: Row[];
  /** the entities of the push's new events (collected by `place`) */
  fresh: Set<string>;
  /** where each new event's session was placed, once */
  placed?: Map<string, ReturnType<typeof placedFocusSpan>>;
  /** the rewarded spans the sessions are checked against: read ones, then the push's own as they are paid */
  spans?: FocusSpan[];
}

const sessionIds = (q: RewardQuery) => entityIdsOf(q.events);

/**
 * The range of rewarded sessions to read, worked out by the database from the push's sessions'
 * times as stored and as the push claims them (whichever wins the merge): from the earliest
 * start, less the most a fast clock can move a session back and a day, to the latest end and a
 * day; and the days a UTC day either side. It holds the range the interactive push reads
 * (`loadRewardedFocusSpans`); `rewardedSpans` checks that it does, else the push goes the
 * interactive way.
 */
const RANGE_CTE =
  'WITH cand(s, c) AS (SELECT started_at, completed_at FROM focus_sessions WHERE +user_id = ?1 AND id IN (SELECT value FROM json_each(?2)) ' +
  "UNION ALL SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?3)), " +
  'jd AS (SELECT MIN(julianday(s)) AS s0, MAX(julianday(c)) AS c1 FROM cand), ' +
  "b AS (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', s0 - MAX(0, c1 - julianday(?4)) - 1) AS lo, strftime('%Y-%m-%dT%H:%M:%fZ', c1 + 1) AS hi FROM jd), " +
  "r AS (SELECT lo, hi, date(lo, '-2 days') AS dlo, date(hi, '+2 days') AS dhi FROM b WHERE lo IS NOT NULL AND hi IS NOT NULL) ";

const COLUMNS = "f.id AS fid, e.id AS eid, f.started_at, f.completed_at, f.paused_total, json_extract(e.metadata, '$.clock_shift_ms') AS shift";
/**
 * REWARDED_FOCUS_SQL (focus-overlap.ts) over the wider range, each row marked with the half that
 * found it; and (`w`) the rewarded sessions among those the push writes, whose times it may move
 * into the range (the interactive push reads after its writes).
 */
export const NEAR_SQL =
  `${RANGE_CTE}SELECT 'a' AS half, NULL AS local_date, ${COLUMNS} FROM focus_sessions f JOIN activity_events e INDEXED BY idx_activity_events_entity ` +
  "ON e.user_id = f.user_id AND e.entity_id = f.id AND e.event_type = 'focus_complete' AND e.xp_earned > 0 " +
  'WHERE f.user_id = ?1 AND f.started_at >= (SELECT lo FROM r) AND f.started_at <= (SELECT hi FROM r) ' +
  `UNION ALL SELECT 'b', e.local_date, ${COLUMNS} FROM activity_events e INDEXED BY idx_activity_events_user_date JOIN focus_sessions f ON f.id = e.entity_id ` +
  "WHERE e.user_id = ?1 AND e.local_date BETWEEN (SELECT dlo FROM r) AND (SELECT dhi FROM r) AND e.xp_earned > 0 AND e.event_type = 'focus_complete' AND json_extract(e.metadata, '$.clock_shift_ms') IS NOT NULL " +
  `UNION ALL SELECT 'w', NULL, ${COLUMNS} FROM focus_sessions f JOIN activity_events e INDEXED BY idx_activity_events_entity ` +
  "ON e.user_id = f.user_id AND e.entity_id = f.id AND e.event_type = 'focus_complete' AND e.xp_earned > 0 " +
  'WHERE f.user_id = ?1 AND f.id IN (SELECT value FROM json_each(?5))';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const within = (v: unknown, lo: string, hi: string) => typeof v === 'string' && sqliteCompare(v, lo) >= 0 && sqliteCompare(v, hi) <= 0;

/**
 * The rewarded spans the interactive push reads (`loadRewardedFocusSpans` over the push's new
 * sessions), taken from the wider read: the same range, the same halves, in memory.
 */
function rewardedSpans(f: FocusFacts, near: FocusSpan[]): FocusSpan[] {
  if (near.length === 0) return [];
  const from = Math.min(...near.map((s) => s.start)) - LONGEST_FOCUS_MS;
  const to = Math.max(...near.map((s) => s.end));
  const [fromIso, toIso, dayLo, dayHi] = [new Date(from).toISOString(), new Date(to).toISOString(), day(from - 86_400_000), day(to + 86_400_000)];
  const r = f.range;
  if (!r || sqliteCompare(r.lo, fromIso) > 0 || sqliteCompare(r.hi, toIso) < 0 || sqliteCompare(r.dlo, dayLo) > 0 || sqliteCompare(r.dhi, dayHi) < 0)
    throw new NeedsInteractivePush('focus sessions whose times the read range did not cover');
  const spans: FocusSpan[] = [];
  // The first half once per reward (found by its start, or as a session the push writes), by the session's times as the push leaves them.
  const byStart = new Map(f.near.filter((r) => r.half !== 'b').map((r) => [String(r.eid), r]));
  for (const row of [...byStart.values(), ...f.near.filter((r) => r.half === 'b')]) {
    if (row.half !== 'b' ? !within(row.started_at, fromIso, toIso) : !within(row.local_date, dayLo, dayHi)) continue;
    const span = focusSpanOf(row);
    if (!span) continue;
    // Where the session was placed when it was rewarded (a fast device clock moves it back).
    const shift = Number(row.shift ?? 0) || 0;
    spans.push({ start: span.start - shift, end: span.end - shift, pausedMs: span.pausedMs });
  }
  return spans;
}

/**
 * A finished focus session: paid once per session for its focused minutes (its span where the
 * server places it, less its pauses), and refused when it shares focused time with a session
 * already rewarded (rule 2: one person cannot focus twice at once, on two devices or by a forged
 * session laid over a real one).
 */
export const focusComplete: Rewarder<FocusFacts> = {
  type: 'focus_complete',
  entityTable: 'focus_sessions',
  oncePerEntity: true,
  tables: ['focus_sessions'],
  reads(q) {
    const ids = sessionIds(q);
    if (ids.length === 0) return [];
    const claimed = [...(q.written.get('focus_sessions') ?? [])].filter(([id]) => ids.includes(id)).map(([, w]) => [w.started_at ?? null, w.completed_at ?? null]);
    const writes = JSON.stringify([...(q.written.get('focus_sessions')?.keys() ?? [])]);
    const args = [q.userId, JSON.stringify(ids), JSON.stringify(claimed), new Date(q.nowMs ?? Date.now()).toISOString()];
    return [
      { sql: `${ownedRowsSql('focus_sessions')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      { sql: `${RANGE_CTE}SELECT lo, hi, dlo, dhi FROM r`, args },
      { sql: NEAR_SQL, args: [...args, writes] },
    ];
  },
  facts(results, q) {
    const range = rowsOf(results[1])[0];
    const stored = rowsOf(results[0]);
    const storedIds = new Set(stored.map((r) => String(r.id)));
    const ids = new Set(sessionIds(q));
    // The sessions the push deleted are gone, as a read after the push applied would find (`q.deleted`).
    const gone = q.deleted?.get('focus_sessions');
    const written = withFocusDefaults(new Map([...(q.written.get('focus_sessions') ?? [])].filter(([id]) => ids.has(id))), storedIds);
    // A new session the push gave no start takes the database's clock, which only a read after the write can tell.
    if ([...written].some(([id, w]) => !storedIds.has(id) && w.started_at === undefined)) throw new NeedsInteractivePush('a new focus session without started_at');
    return {
      sessions: overlay(stored, written, undefined, gone),
      range: range ? { lo: String(range.lo), hi: String(range.hi), dlo: String(range.dlo), dhi: String(range.dhi) } : null,
      // with the push's written fields laid over the sessions it writes
      near: rowsOf(results[2])
        .filter((r) => !gone?.has(String(r.fid)))
        .map((r) => ({ ...r, ...q.written.get('focus_sessions')?.get(String(r.fid)) })),
      fresh: new Set(),
    };
  },
  entity: (f, id) => f.sessions.get(id),
  place(e, f) {
    if (e.entity_id) f.fresh.add(e.entity_id);
  },
  reward(e, row, f, ctx) {
    // Where each of the push's new sessions was, once (its times must make sense: no span, no focused time).
    f.placed ??= new Map([...f.fresh].flatMap((id) => (f.sessions.has(id) ? [[id, placedFocusSpan(f.sessions.get(id)!, ctx.nowMs ?? Date.now(), CLOCK_SKEW_MS)] as const] : [])));
    const placed = f.placed.get(String(e.entity_id)) ?? null;
    const focusedSeconds = placed ? Math.floor((placed.span.end - placed.span.start) / 1000) - Number(row!.paused_total ?? 0) : 0;
    let result: ReturnType<typeof computeReward> = computeReward({
      type: 'focus_complete',
      mode: String(row!.mode),
      status: String(row!.status),
      focusedSeconds,
      plannedSeconds: Number(row!.duration ?? 0),
      rewardedToday: ctx.today('focus_complete', e.local_date).count,
    });
    const meta: Record<string, unknown> = { focused_minutes: Math.floor(Math.max(0, focusedSeconds) / 60) };
    if (placed && !('rejected' in result)) {
      const { span, shiftMs } = placed;
      if (shiftMs) meta.clock_shift_ms = shiftMs;
      // The rewarded sessions near all of this push's new sessions, once.
      f.spans ??= rewardedSpans(f, [...f.placed.values()].flatMap((p) => (p ? [p.span] : [])));
      if (f.spans.some((p) => sharedFocusMs(p, span) > FOCUS_OVERLAP_TOLERANCE_MS)) {
        result = { rejected: 'focus_overlap', message: 'This focus session overlaps another one that was already rewarded' };
      } else f.spans.push(span);
    }
    return { result, meta };
  },
};
