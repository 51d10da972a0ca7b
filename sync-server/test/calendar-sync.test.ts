import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';

let t: TestApp;
let a: string;
beforeEach(async () => {
  t = await createTestApp();
  a = await t.signIn('pat@example.com');
});
afterEach(() => t.close());

const series = (eventId: string, fields: Record<string, unknown> = {}) => ({
  table: 'calendar_events',
  id: eventId,
  op: 'upsert',
  fields: { title: 'Run', event_type: 'workout', start_time: '2026-03-02T07:00:00.000Z', end_time: '2026-03-02T08:00:00.000Z', recurrence: 'FREQ=DAILY', ...fields },
  hlc: hlc(),
});
const complete = (entity: string, occurrence_date?: unknown) => ({
  id: id(),
  event_type: 'planner_complete',
  entity_id: entity,
  metadata: occurrence_date === undefined ? {} : { occurrence_date },
  created_at: new Date().toISOString(),
  xp_earned: 999,
});

describe('planner_complete through sync', () => {
  it('rewards only occurrences the event row marks as done', async () => {
    const ev = id();
    const res = await pushOk(t, a, [series(ev, { completed_dates: ['2026-03-03'] })], [complete(ev, '2026-03-02'), complete(ev, '2026-03-03'), complete(ev, 'someday')]);
    expect(res.accepted).toHaveLength(1);
    expect(res.rejected.map((r: { code: string }) => r.code)).toEqual(['not_completed', 'not_completed']);
    expect(await progressOf(t, 'pat@example.com')).toMatchObject({ total_xp: 15, coins: 5 });
  });

  it('counts a moved occurrence under its series, so moving it after completing earns nothing more', async () => {
    const ev = id();
    await pushOk(t, a, [series(ev, { completed_dates: ['2026-03-04'] })], [complete(ev, '2026-03-04')]);
    const moved = id();
    const res = await pushOk(
      t,
      a,
      [
        {
          table: 'calendar_events',
          id: moved,
          op: 'upsert',
          fields: { title: 'Run', start_time: '2026-03-04T18:00:00.000Z', end_time: '2026-03-04T19:00:00.000Z', recurrence_parent_id: ev, original_start: '2026-03-04T07:00:00.000Z', completed: true },
          hlc: hlc(),
        },
      ],
      [complete(moved)],
    );
    expect(res.rejected.map((r: { code: string }) => r.code)).toEqual(['already_rewarded']);
    expect((await progressOf(t, 'pat@example.com')).total_xp).toBe(15);
    const rows = (await t.db.execute("SELECT entity_id FROM activity_events WHERE event_type = 'planner_complete'")).rows;
    expect(rows.map((r) => r.entity_id)).toEqual([ev]);
  });

  it('defaults a one-off event’s occurrence to its local start date', async () => {
    const ev = id();
    await pushOk(t, a, [series(ev, { recurrence: null, completed: true })], [complete(ev)]);
    const meta = (await t.db.execute("SELECT metadata FROM activity_events WHERE event_type = 'planner_complete'")).rows[0];
    expect(JSON.parse(String(meta.metadata)).occurrence_date).toBe('2026-03-02');
  });
});
