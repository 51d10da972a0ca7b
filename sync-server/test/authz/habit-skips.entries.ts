import type { TestApp } from '../test-app.ts';
import type { AuthzEntry } from './types.ts';

/** A habit of user A with a skipped day, for the foreign calls. */
async function skippedHabitOf(t: TestApp, a: string) {
  const habit = (await (await t.req('/api/habits', { cookie: a, body: { name: 'A skipped habit', schedule: 'weekdays', schedule_days: 21 } })).json()).habit.id as string;
  const skip = (await (await t.req(`/api/habits/${habit}/skips`, { cookie: a, body: { date: '2026-11-04', reason: 'sick' } })).json()).skips[0].id as string;
  return { habit, skip };
}

/** Habit skips and vacations (issue 23). Every route is owner-checked: another user's habit or skip is a 404. */
const entries: AuthzEntry[] = [
  {
    method: 'GET',
    path: '/api/habits/:id/skips',
    access: 'user',
    foreign: async (t, a) => {
      const { habit } = await skippedHabitOf(t, a);
      return { path: `/api/habits/${habit}/skips`, rowTable: 'habits', rowId: habit };
    },
  },
  {
    method: 'POST',
    path: '/api/habits/:id/skips',
    access: 'user',
    body: { date: '2026-11-04' },
    foreign: async (t, a) => {
      const { habit } = await skippedHabitOf(t, a);
      return { path: `/api/habits/${habit}/skips`, body: { from: '2026-11-05', to: '2026-11-09' }, rowTable: 'habits', rowId: habit };
    },
  },
  {
    method: 'DELETE',
    path: '/api/habits/:id/skips',
    access: 'user',
    foreign: async (t, a) => {
      const { habit, skip } = await skippedHabitOf(t, a);
      return { path: `/api/habits/${habit}/skips?date=2026-11-04`, rowTable: 'habit_skips', rowId: skip };
    },
  },
  {
    method: 'DELETE',
    path: '/api/habits/:id/skips/:skipId',
    access: 'user',
    foreign: async (t, a) => {
      const { habit, skip } = await skippedHabitOf(t, a);
      return { path: `/api/habits/${habit}/skips/${skip}`, rowTable: 'habit_skips', rowId: skip };
    },
  },
];

export default entries;
