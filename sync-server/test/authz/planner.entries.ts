import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

const event = { title: 'Matrix standup', event_type: 'meeting', start_time: '2026-03-02T09:00:00.000Z', end_time: '2026-03-02T09:30:00.000Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' };

/** User A's recurring event; B names it by id. */
async function ownersEvent(t: TestApp, a: string): Promise<string> {
  const res = await t.req('/api/calendar', { cookie: a, body: event });
  return ((await res.json()) as { event: { id: string } }).event.id;
}
const foreign = (suffix: string, body?: unknown) => async (t: TestApp, a: string) => {
  const rowId = await ownersEvent(t, a);
  return { path: `/api/calendar/${rowId}${suffix}`, body, rowTable: 'calendar_events', rowId };
};

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/calendar', access: 'user' },
  { method: 'POST', path: '/api/calendar', access: 'user', body: event },
  { method: 'GET', path: '/api/calendar/:id', access: 'user', foreign: foreign('') },
  { method: 'PUT', path: '/api/calendar/:id', access: 'user', body: { title: 'Renamed' }, foreign: foreign('', { title: 'Taken over' }) },
  { method: 'DELETE', path: '/api/calendar/:id', access: 'user', foreign: foreign('?scope=all') },
  { method: 'POST', path: '/api/calendar/:id/complete', access: 'user', body: { occurrence_date: '2026-03-02' }, foreign: foreign('/complete', { occurrence_date: '2026-03-02' }) },
];

export default entries;
