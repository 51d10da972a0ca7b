/** A focus session's wall-clock span (ms since the epoch) and the paused time inside it. */
export interface FocusSpan {
  start: number;
  end: number;
  pausedMs: number;
}

/** Clocks of two devices disagree a little: this much shared focus is let through. */
export const FOCUS_OVERLAP_TOLERANCE_MS = 60_000;

/**
 * Focused time two sessions would have to share: their common wall time less both sessions'
 * pauses. A pause can sit anywhere in its span, so subtracting it whole never refuses a real
 * switch (pause on the phone, focus on the laptop, resume on the phone).
 */
export function sharedFocusMs(a: FocusSpan, b: FocusSpan): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start) - a.pausedMs - b.pausedMs;
}

/** Times a session can have: from 1970 to a day short of the end of JavaScript's dates. */
const LATEST_MS = 8.64e15 - 86_400_000;

/** The span of a completed focus session row, or null when its times do not parse or make no sense. */
export function focusSpanOf(row: Record<string, unknown>): FocusSpan | null {
  const start = Date.parse(String(row.started_at ?? ''));
  const end = Date.parse(String(row.completed_at ?? ''));
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start || start < 0 || end > LATEST_MS) return null;
  return { start, end, pausedMs: Math.max(0, Number(row.paused_total ?? 0)) * 1000 };
}

/** The most focused time one session can have (120 planned + 5 minutes), in ms. */
export const LONGEST_FOCUS_MS = 125 * 60_000;

const COLUMNS = "f.started_at, f.completed_at, f.paused_total, json_extract(e.metadata, '$.clock_shift_ms') AS shift";
/**
 * The rewarded focus sessions that started in a time range, by the (user, started_at) index, each
 * joined to its reward by the (user, entity) index (SQLite preferred the (user, type) index there,
 * which reads every focus reward the person has); and, by the (user, date) index, the sessions a
 * fast clock moved (their rows keep the device's times) rewarded on the days around.
 *
 * Arguments: the user, the range of starts (ISO times) and of days. The sessions read are those
 * that could share focused time with the push's: to share more than its pauses with a span, a
 * session must start at most one session's focused length (LONGEST_FOCUS_MS) before that span
 * starts, and before it ends. The focus rewarder (rewarders/focus-complete.ts) reads the same
 * shape over a range the database works out, and keeps this range's rows in memory.
 */
export const REWARDED_FOCUS_SQL =
  `SELECT ${COLUMNS} FROM focus_sessions f JOIN activity_events e INDEXED BY idx_activity_events_entity ` +
  "ON e.user_id = f.user_id AND e.entity_id = f.id AND e.event_type = 'focus_complete' AND e.xp_earned > 0 " +
  'WHERE f.user_id = ?1 AND f.started_at >= ?2 AND f.started_at <= ?3 ' +
  `UNION ALL SELECT ${COLUMNS} FROM activity_events e INDEXED BY idx_activity_events_user_date JOIN focus_sessions f ON f.id = e.entity_id ` +
  "WHERE e.user_id = ?1 AND e.local_date BETWEEN ?4 AND ?5 AND e.xp_earned > 0 AND e.event_type = 'focus_complete' AND json_extract(e.metadata, '$.clock_shift_ms') IS NOT NULL";

/** A focus session's span where the server places it: a clock ahead of the server's (beyond the skew) puts it as if it had just ended (rule 5). */
export function placedFocusSpan(row: Record<string, unknown>, nowMs: number, skewMs: number): { span: FocusSpan; shiftMs: number } | null {
  const span = focusSpanOf(row);
  if (!span) return null;
  const ahead = span.end - nowMs;
  if (ahead <= skewMs) return { span, shiftMs: 0 };
  return { span: { start: span.start - ahead, end: span.end - ahead, pausedMs: span.pausedMs }, shiftMs: ahead };
}

/**
 * SQLite's order of two values under the BINARY collation (NULL, then numbers, then text by its
 * UTF-8 bytes), so an order or a range worked out in memory is the one the database would give.
 */
export function sqliteCompare(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v == null ? 0 : typeof v === 'number' || typeof v === 'bigint' ? 1 : typeof v === 'string' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return Number(a) - Number(b);
  if (ra === 2) return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string));
  return 0;
}

/** What a new focus_sessions row holds in the columns a push leaves out (the table's defaults; started_at defaults to the database's clock, which only a read can tell). */
const FOCUS_DEFAULTS = { mode: 'focus', duration: 1500, status: 'active', paused_total: 0 } as const;

/** The push's written focus sessions, with the table's defaults under the new ones (those `stored` does not hold). */
export function withFocusDefaults<R extends Record<string, unknown>>(written: ReadonlyMap<string, R> | undefined, stored: ReadonlySet<string>): Map<string, R> {
  return new Map([...(written ?? [])].map(([id, w]) => [id, stored.has(id) ? w : ({ ...FOCUS_DEFAULTS, ...w } as R)]));
}
