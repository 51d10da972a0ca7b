import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { ownedRowsSql } from '../facts.ts';
import { entityIdsOf, overlayTable, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

const isDay = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);

/**
 * A journal entry: paid once per entry and once per local day, on the entry's own date (one entry
 * cannot be paid on five days); a date ahead of today there counts today. Only the id and date
 * are read: an entry's text can run to pages.
 */
export const journalEntry: Rewarder<Map<string, Row>> = {
  type: 'journal_entry',
  entityTable: 'journal_entries',
  tables: ['journal_entries'],
  oncePerEntity: true,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length ? [{ sql: `${ownedRowsSql('journal_entries', 'id, date')} (${placeholders(ids.length)})`, args: [q.userId, ...ids] }] : [];
  },
  dates(q) {
    const written = q.written.get('journal_entries');
    return entityIdsOf(q.events).flatMap((id) => {
      const d = written?.get(id)?.date;
      return isDay(d) ? [d] : [];
    });
  },
  facts(results, q) {
    return overlayTable(q, 'journal_entries', rowsOf(results[0]));
  },
  entity: (entries, id) => entries.get(id),
  place(e, entries, { todayThere, earliestDay }) {
    if (e.tooOld) return;
    const date = entries.get(e.entity_id ?? '')?.date;
    if (!isDay(date)) return;
    if (date < earliestDay) e.tooOld = true;
    else e.local_date = date <= todayThere ? date : todayThere;
  },
  reward(e, _row, _entries, ctx) {
    return { result: computeReward({ type: 'journal_entry', alreadyToday: ctx.today('journal_entry', e.local_date).count > 0 }) };
  },
};
