import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

const json = async (res: Response) => {
  if (res.status >= 300) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return res.json();
};
const focusOf = async (t: TestApp, a: string) => (await json(await t.req('/api/focus', { cookie: a, body: { mode: 'focus', minutes: 25 } }))).session.id as string;
const habitOf = async (t: TestApp, a: string) => (await json(await t.req('/api/habits', { cookie: a, body: { name: 'A habit' } }))).habit.id as string;
const goalOf = async (t: TestApp, a: string) => (await json(await t.req('/api/goals', { cookie: a, body: { title: 'A goal', milestones: [{ title: 'Step' }] } }))).goal as { id: string; milestones: Array<{ id: string }> };

const focusAction = (action: string): AuthzEntry => ({
  method: 'POST',
  path: `/api/focus/:id/${action}`,
  access: 'user',
  foreign: async (t, a) => {
    const id = await focusOf(t, a);
    return { path: `/api/focus/${id}/${action}`, rowTable: 'focus_sessions', rowId: id };
  },
});

/** Focus, habits and goals (issue 6). Every route is owner-checked: another user's id is a 404. */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/focus', access: 'user' },
  { method: 'POST', path: '/api/focus', access: 'user', body: { mode: 'focus', minutes: 25 } },
  { method: 'GET', path: '/api/focus/active', access: 'user' },
  focusAction('pause'),
  focusAction('resume'),
  focusAction('complete'),
  focusAction('abandon'),

  { method: 'GET', path: '/api/habits', access: 'user' },
  { method: 'POST', path: '/api/habits', access: 'user', body: { name: 'Stretch' } },
  {
    method: 'PATCH',
    path: '/api/habits/:id',
    access: 'user',
    body: { name: 'Renamed' },
    foreign: async (t, a) => {
      const id = await habitOf(t, a);
      return { path: `/api/habits/${id}`, body: { name: 'Taken' }, rowTable: 'habits', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/habits/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await habitOf(t, a);
      return { path: `/api/habits/${id}`, rowTable: 'habits', rowId: id };
    },
  },
  {
    method: 'GET',
    path: '/api/habits/:id/logs',
    access: 'user',
    foreign: async (t, a) => {
      const id = await habitOf(t, a);
      return { path: `/api/habits/${id}/logs`, rowTable: 'habits', rowId: id };
    },
  },
  {
    method: 'POST',
    path: '/api/habits/:id/logs',
    access: 'user',
    body: {},
    foreign: async (t, a) => {
      const id = await habitOf(t, a);
      return { path: `/api/habits/${id}/logs`, body: {}, rowTable: 'habits', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/habits/:id/logs/:logId',
    access: 'user',
    foreign: async (t, a) => {
      const id = await habitOf(t, a);
      const log = (await json(await t.req(`/api/habits/${id}/logs`, { cookie: a, body: {} }))).log.id as string;
      return { path: `/api/habits/${id}/logs/${log}`, rowTable: 'habit_logs', rowId: log };
    },
  },

  { method: 'GET', path: '/api/goals', access: 'user' },
  { method: 'POST', path: '/api/goals', access: 'user', body: { title: 'Run a 10k' } },
  {
    method: 'GET',
    path: '/api/goals/:id',
    access: 'user',
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      return { path: `/api/goals/${g.id}`, rowTable: 'goals', rowId: g.id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/goals/:id',
    access: 'user',
    body: { title: 'Renamed' },
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      return { path: `/api/goals/${g.id}`, body: { status: 'completed' }, rowTable: 'goals', rowId: g.id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/goals/:id',
    access: 'user',
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      return { path: `/api/goals/${g.id}`, rowTable: 'goals', rowId: g.id };
    },
  },
  {
    method: 'POST',
    path: '/api/goals/:id/milestones',
    access: 'user',
    body: { title: 'Step' },
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      return { path: `/api/goals/${g.id}/milestones`, body: { title: 'Mine' }, rowTable: 'goals', rowId: g.id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/goals/:id/milestones/:milestoneId',
    access: 'user',
    body: { completed: true },
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      const m = g.milestones[0].id;
      return { path: `/api/goals/${g.id}/milestones/${m}`, body: { completed: true }, rowTable: 'goal_milestones', rowId: m };
    },
  },
  {
    method: 'DELETE',
    path: '/api/goals/:id/milestones/:milestoneId',
    access: 'user',
    foreign: async (t, a) => {
      const g = await goalOf(t, a);
      const m = g.milestones[0].id;
      return { path: `/api/goals/${g.id}/milestones/${m}`, rowTable: 'goal_milestones', rowId: m };
    },
  },
];
export default entries;
