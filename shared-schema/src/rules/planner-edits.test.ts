import { describe, expect, it } from 'vitest';
import { completeOps, deleteOps, editOps } from './planner-edits.ts';
import { zonedToUtc } from './recurrence.ts';

const TZ = 'America/New_York';
const series = {
  id: 's1',
  title: 'Gym',
  event_type: 'workout',
  color: null,
  all_day: false,
  linked_workout_id: 'w1',
  start_time: zonedToUtc('2026-03-02', '18:00', TZ),
  end_time: zonedToUtc('2026-03-02', '19:00', TZ),
  recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE',
  exdates: ['2026-03-04'],
  completed_dates: ['2026-03-09'],
};
const occ = (date: string) => ({ rowId: 's1', occurrenceDate: date, start: zonedToUtc(date, '18:00', TZ), end: zonedToUtc(date, '19:00', TZ), override: false });
const ctx = { newId: () => 'new1', now: '2026-03-01T00:00:00.000Z', tz: TZ };

describe('planner edit operations', () => {
  it('makes an override that copies the series and excludes its date from the series', () => {
    const ops = editOps('one', occ('2026-03-09'), series, { start_time: zonedToUtc('2026-03-09', '20:00', TZ) }, ctx);
    expect(ops).toHaveLength(2);
    expect(ops[0]).toMatchObject({
      id: 'new1',
      fields: { title: 'Gym', linked_workout_id: 'w1', recurrence: null, recurrence_parent_id: 's1', original_start: occ('2026-03-09').start, completed: true },
    });
    expect(ops[1]).toMatchObject({ id: 's1', fields: { exdates: ['2026-03-04', '2026-03-09'] } });
  });

  it('moves every occurrence, weekdays included, when a Monday is dragged to Tuesday for all', () => {
    const [op] = editOps('all', occ('2026-03-16'), series, { start_time: zonedToUtc('2026-03-17', '07:30', TZ), end_time: zonedToUtc('2026-03-17', '08:30', TZ) }, ctx);
    expect(op).toMatchObject({ id: 's1', fields: { start_time: zonedToUtc('2026-03-03', '07:30', TZ), recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH' } });
    expect(Date.parse(String((op as { fields: Record<string, unknown> }).fields.end_time)) - Date.parse(zonedToUtc('2026-03-03', '07:30', TZ))).toBe(3_600_000);
  });

  it('deletes one occurrence as an exception date and all of them with their overrides', () => {
    expect(deleteOps('one', occ('2026-03-11'), series, [], ctx.now)).toEqual([{ table: 'calendar_events', id: 's1', fields: { exdates: ['2026-03-04', '2026-03-11'], updated_at: ctx.now } }]);
    expect(deleteOps('all', occ('2026-03-11'), series, [{ id: 'o1' }], ctx.now).map((o) => [o.id, o.delete])).toEqual([
      ['o1', true],
      ['s1', true],
    ]);
  });

  it('names the series and the occurrence date in the completion event, and sends none when un-marking', () => {
    const done = completeOps(true, { rowId: 'o1', occurrenceDate: '2026-03-16', override: true }, series, ctx.now);
    expect(done.event).toEqual({ event_type: 'planner_complete', entity_id: 's1', skill_id: 'proficiency', metadata: { occurrence_date: '2026-03-16' } });
    expect(done.ops.map((o) => o.id)).toEqual(['s1', 'o1']);
    expect(completeOps(false, occ('2026-03-09'), series, ctx.now)).toMatchObject({ event: null, ops: [{ fields: { completed_dates: [] } }] });
  });
});
