import { addDays } from '../../../../shared-schema/src/dates.ts';
import type { Db } from './sql.ts';

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

/** The span of a completed focus session row, or null when its times do not parse. */
export function focusSpanOf(row: Record<string, unknown>): FocusSpan | null {
  const start = Date.parse(String(row.started_at ?? ''));
  const end = Date.parse(String(row.completed_at ?? ''));
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return { start, end, pausedMs: Math.max(0, Number(row.paused_total ?? 0)) * 1000 };
}

/**
 * Spans of the focus sessions already rewarded, where they were placed (see `clock_shift_ms`), around the given local dates. Two sessions can
 * only share focused time when they end within a session's length (at most 125 focused minutes)
 * of each other, so a day either side of each date finds every one that could.
 * By the (user, date) index, so the read is a few rows, not the person's history.
 */
export async function loadRewardedFocusSpans(tx: Db, userId: string, dates: string[]): Promise<FocusSpan[]> {
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  const rs = await tx.execute({
    sql:
      "SELECT f.started_at, f.completed_at, f.paused_total, json_extract(e.metadata, '$.clock_shift_ms') AS shift FROM activity_events e INDEXED BY idx_activity_events_user_date " +
      "JOIN focus_sessions f ON f.id = e.entity_id WHERE e.user_id = ? AND e.local_date BETWEEN ? AND ? AND e.xp_earned > 0 AND e.event_type = 'focus_complete'",
    args: [userId, addDays(sorted[0], -1), addDays(sorted[sorted.length - 1], 1)],
  });
  const spans: FocusSpan[] = [];
  for (const r of rs.rows) {
    const span = focusSpanOf(r);
    if (!span) continue;
    // Where the session was placed when it was rewarded (a fast device clock moves it back).
    const shift = Number(r.shift ?? 0) || 0;
    spans.push({ start: span.start - shift, end: span.end - shift, pausedMs: span.pausedMs });
  }
  return spans;
}
