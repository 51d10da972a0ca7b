import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { localDate } from '@ignition/shared/dates.ts';
import { ownedRowsSql, onceKey } from '../facts.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type PlacedEvent, type Rewarder, type RewardQuery, type Row } from './types.ts';

interface PlannerFacts {
  events: Map<string, Row>;
  /** once-only keys already granted under the series of the events' rows (a moved occurrence is rewarded under its series) */
  seriesKeys: Set<string>;
}

const eventIds = (q: RewardQuery) => entityIdsOf(q.events);

/** The occurrence a planner event names: its own `occurrence_date`, else its row's (original) start day there. */
export function occurrenceOf(e: Pick<PlacedEvent, 'metadata' | 'created_at'>, row: Row | undefined, timezone: string): string {
  return String(e.metadata?.occurrence_date ?? localDate(String(row?.original_start ?? row?.start_time ?? e.created_at), timezone));
}

/**
 * A done planner event: the occurrence must be a date the event's own row marks as done (rule 2:
 * the server's rows decide); paid once per occurrence, a moved occurrence (an override row) under
 * its series, at most PLANNER_DAILY_CAP a local day.
 */
export const plannerComplete: Rewarder<PlannerFacts> = {
  type: 'planner_complete',
  entityTable: 'calendar_events',
  oncePerEntity: true,
  tables: ['calendar_events'],
  reads(q) {
    const ids = eventIds(q);
    if (ids.length === 0) return [];
    // The series of the rows as stored, and as this push writes them: their rewards count too.
    const written = q.written.get('calendar_events');
    const writtenSeries = [...new Set(ids.flatMap((id) => (typeof written?.get(id)?.recurrence_parent_id === 'string' ? [written.get(id)!.recurrence_parent_id as string] : [])))];
    return [
      { sql: `${ownedRowsSql('calendar_events')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] },
      {
        sql: `SELECT event_type, entity_id, json_extract(metadata, '$.occurrence_date') AS occ FROM activity_events WHERE user_id = ? AND entity_id IN (SELECT recurrence_parent_id FROM calendar_events WHERE +user_id = ? AND id IN (${placeholders(ids.length)}) AND recurrence_parent_id IS NOT NULL UNION SELECT value FROM json_each(?))`,
        args: [q.userId, q.userId, ...ids, JSON.stringify(writtenSeries)],
      },
    ];
  },
  facts: (results, q) => ({
    // (the series' rewards are activity events, which no device deletes)
    events: overlayTable(q, 'calendar_events', rowsOf(results[0])),
    seriesKeys: new Set(rowsOf(results[1]).map((r) => onceKey(String(r.event_type), r.entity_id as string | null, r.occ as string | null))),
  }),
  entity: (f, id) => f.events.get(id),
  onceKeyOf: (e, row, timezone) => ({ entity: row?.recurrence_parent_id == null ? (e.entity_id ?? null) : String(row.recurrence_parent_id), occurrence: occurrenceOf(e, row, timezone) }),
  rewardedKeys: (f) => f.seriesKeys,
  reward(e, row, _f, ctx) {
    const occurrence = occurrenceOf(e, row, ctx.timezone ?? 'UTC');
    let doneDates: unknown = row!.completed_dates;
    try {
      if (typeof doneDates === 'string') doneDates = JSON.parse(doneDates);
    } catch {
      doneDates = [];
    }
    const done = Number(row!.completed) === 1 || (Array.isArray(doneDates) && doneDates.includes(occurrence));
    return {
      result: !/^\d{4}-\d{2}-\d{2}$/.test(occurrence)
        ? { rejected: 'not_completed', message: 'occurrence_date must be a date (YYYY-MM-DD)' }
        : done
          ? computeReward({ type: 'planner_complete', rewardedToday: ctx.today('planner_complete', e.local_date).count })
          : { rejected: 'not_completed', message: 'The event is not marked complete for that date' },
      meta: { occurrence_date: occurrence },
    };
  },
};
