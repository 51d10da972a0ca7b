import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, progressOf, pushOk } from './sync-helpers.ts';

let t: TestApp;
let a: string;
let b: string;
beforeEach(async () => {
  t = await createTestApp();
  a = await t.signIn('ann@example.com');
  b = await t.signIn('bob@example.com');
});
afterEach(() => t.close());

const weekly = { title: 'Team sync', event_type: 'meeting', start_time: '2026-03-02T09:00:00.000Z', end_time: '2026-03-02T10:00:00.000Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' };
const count = async () => Number((await t.db.execute('SELECT COUNT(*) AS n FROM calendar_events')).rows[0].n);
const create = async (cookie: string, body: unknown = weekly) => {
  const res = await t.req('/api/calendar', { cookie, body });
  expect(res.status).toBe(201);
  return (await res.json()).event as Record<string, any>;
};

describe('GET/POST /api/calendar', () => {
  it('creates an event and lists it, with recurring occurrences expanded for a date range', async () => {
    const ev = await create(a);
    expect(ev).toMatchObject({ title: 'Team sync', recurrence: 'FREQ=WEEKLY;BYDAY=MO', all_day: false, exdates: [], completed_dates: [] });
    expect(ev.user_id).toBeUndefined();
    const list = await (await t.req('/api/calendar', { cookie: a })).json();
    expect(list.events.map((e: any) => e.id)).toEqual([ev.id]);
    const ranged = await (await t.req('/api/calendar?from=2026-03-01&to=2026-03-22', { cookie: a })).json();
    expect(ranged.occurrences.map((o: any) => o.start)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z']);
    expect((await (await t.req(`/api/calendar/${ev.id}`, { cookie: a })).json()).event.id).toBe(ev.id);
  });

  it.each([
    ['a missing title', { ...weekly, title: '' }],
    ['an end before the start', { ...weekly, end_time: '2026-03-02T08:00:00.000Z' }],
    ['an unknown event type', { ...weekly, event_type: 'party' }],
    ['a recurrence that is not an RRULE', { ...weekly, recurrence: 'every monday' }],
    ['an unknown field', { ...weekly, user_id: 'someone' }],
    ['a colour that is not a colour', { ...weekly, color: 'red' }],
    ['a workout that does not exist', { ...weekly, linked_workout_id: 'nope' }],
  ])('refuses %s with a 4xx and writes nothing', async (_name, body) => {
    const res = await t.req('/api/calendar', { cookie: a, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await res.json()).error.code).toBeTruthy();
    expect(await count()).toBe(0);
  });

  it('refuses a bad date range and requires a session', async () => {
    expect((await t.req('/api/calendar?from=2026-03-10&to=2026-03-01', { cookie: a })).status).toBe(422);
    expect((await t.req('/api/calendar')).status).toBe(401);
  });

  it("links an event to one of the user's workouts but not to another user's", async () => {
    const w = id();
    await pushOk(t, b, [{ table: 'workouts', id: w, op: 'upsert', fields: { name: 'Legs' }, hlc: hlc() }]);
    expect((await t.req('/api/calendar', { cookie: a, body: { ...weekly, linked_workout_id: w } })).status).toBe(422);
    const ev = await create(b, { ...weekly, event_type: 'workout', linked_workout_id: w });
    expect(ev.linked_workout_id).toBe(w);
  });
});

describe('PUT/DELETE /api/calendar/:id', () => {
  it('moves one occurrence into an override and leaves the rest of the series', async () => {
    const ev = await create(a);
    const res = await t.req(`/api/calendar/${ev.id}`, {
      cookie: a,
      method: 'PUT',
      body: { scope: 'one', occurrence_date: '2026-03-09', start_time: '2026-03-10T14:00:00Z', end_time: '2026-03-10T15:00:00Z' },
    });
    expect(res.status).toBe(200);
    const override = (await res.json()).event;
    expect(override).toMatchObject({ recurrence_parent_id: ev.id, original_start: '2026-03-09T09:00:00.000Z', start_time: '2026-03-10T14:00:00.000Z', title: 'Team sync' });
    expect((await (await t.req(`/api/calendar/${ev.id}`, { cookie: a })).json()).event.exdates).toEqual(['2026-03-09']);
    const ranged = await (await t.req('/api/calendar?from=2026-03-01&to=2026-03-22', { cookie: a })).json();
    expect(ranged.occurrences.map((o: any) => [o.start, o.occurrenceDate])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02'],
      ['2026-03-10T14:00:00.000Z', '2026-03-09'],
      ['2026-03-16T09:00:00.000Z', '2026-03-16'],
    ]);
  });

  it('edits the whole series, and refuses bad edits without writing', async () => {
    const ev = await create(a);
    const ok = await t.req(`/api/calendar/${ev.id}`, { cookie: a, method: 'PUT', body: { title: 'Weekly sync', color: '#ef4444' } });
    expect((await ok.json()).event).toMatchObject({ title: 'Weekly sync', color: '#ef4444', start_time: ev.start_time });
    for (const body of [{ title: '' }, { end_time: '2026-03-01T00:00:00Z', start_time: '2026-03-02T00:00:00Z' }, { scope: 'one', title: 'x' }, { scope: 'one', occurrence_date: '2026-03-03', title: 'x' }, {}]) {
      const res = await t.req(`/api/calendar/${ev.id}`, { cookie: a, method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(await count()).toBe(1);
    expect((await (await t.req(`/api/calendar/${ev.id}`, { cookie: a })).json()).event.title).toBe('Weekly sync');
  });

  it('deletes one occurrence as an exception date, then the whole series with its overrides', async () => {
    const ev = await create(a);
    await t.req(`/api/calendar/${ev.id}`, { cookie: a, method: 'PUT', body: { scope: 'one', occurrence_date: '2026-03-16', title: 'Moved' } });
    expect(await count()).toBe(2);
    expect((await t.req(`/api/calendar/${ev.id}?scope=one&occurrence_date=2026-03-09`, { cookie: a, method: 'DELETE' })).status).toBe(200);
    expect((await (await t.req(`/api/calendar/${ev.id}`, { cookie: a })).json()).event.exdates.sort()).toEqual(['2026-03-09', '2026-03-16']);
    expect((await t.req(`/api/calendar/${ev.id}?scope=sometimes`, { cookie: a, method: 'DELETE' })).status).toBe(422);
    expect((await t.req(`/api/calendar/${ev.id}`, { cookie: a, method: 'DELETE' })).status).toBe(200);
    expect(await count()).toBe(0);
    expect((await t.req(`/api/calendar/${ev.id}`, { cookie: a })).status).toBe(404);
  });

  it("answers 404 for another user's event on every route and leaves it unchanged", async () => {
    const ev = await create(a);
    const tries: Array<[string, { method?: string; body?: unknown }]> = [
      [`/api/calendar/${ev.id}`, {}],
      [`/api/calendar/${ev.id}`, { method: 'PUT', body: { title: 'Mine now' } }],
      [`/api/calendar/${ev.id}?scope=all`, { method: 'DELETE' }],
      [`/api/calendar/${ev.id}/complete`, { body: { occurrence_date: '2026-03-02' } }],
    ];
    for (const [path, init] of tries) {
      const res = await t.req(path, { cookie: b, ...init });
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('Team sync');
    }
    const after = (await (await t.req(`/api/calendar/${ev.id}`, { cookie: a })).json()).event;
    expect(after).toMatchObject({ title: 'Team sync', completed_dates: [] });
    expect((await (await t.req('/api/calendar', { cookie: b })).json()).events).toEqual([]);
  });
});

describe('POST /api/calendar/:id/complete', () => {
  it('rewards each occurrence once (15 XP, 5 coins) and names its date in the event', async () => {
    const ev = await create(a);
    const first = await (await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: { occurrence_date: '2026-03-02' } })).json();
    expect(first.reward).toEqual({ accepted: true, xp: 15, coins: 5 });
    expect(first.series.completed_dates).toEqual(['2026-03-02']);
    const again = await (await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: { occurrence_date: '2026-03-02' } })).json();
    expect(again.reward).toMatchObject({ accepted: false, code: 'already_rewarded' });
    const other = await (await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: { occurrence_date: '2026-03-09' } })).json();
    expect(other.reward.xp).toBe(15);
    expect(await progressOf(t, 'ann@example.com')).toMatchObject({ total_xp: 30, coins: 10 });
    const meta = (await t.db.execute("SELECT metadata FROM activity_events WHERE event_type = 'planner_complete' ORDER BY metadata")).rows.map((r) => JSON.parse(String(r.metadata)).occurrence_date);
    expect(meta).toEqual(['2026-03-02', '2026-03-09']);
    expect((await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: { occurrence_date: '2026-03-03' } })).status).toBe(422);
    expect((await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: {} })).status).toBe(422);
  });

  it('stops rewarding after ten completions in one local day', async () => {
    const daily = await create(a, { ...weekly, recurrence: 'FREQ=DAILY' });
    const xp: number[] = [];
    for (let d = 1; d <= 11; d++) {
      const r = await (await t.req(`/api/calendar/${daily.id}/complete`, { cookie: a, body: { occurrence_date: `2026-03-${String(d + 1).padStart(2, '0')}` } })).json();
      xp.push(r.reward.xp);
    }
    expect(xp).toEqual([...Array(10).fill(15), 0]);
  });

  it('makes REST writes visible to sync pulls', async () => {
    const ev = await create(a, { ...weekly, recurrence: null });
    await t.req(`/api/calendar/${ev.id}/complete`, { cookie: a, body: {} });
    const pull = await (await t.req('/api/sync/pull', { cookie: a })).json();
    const row = pull.changes.find((c: any) => c.table === 'calendar_events' && c.id === ev.id);
    expect(row.row).toMatchObject({ completed: true, title: 'Team sync' });
  });
});
