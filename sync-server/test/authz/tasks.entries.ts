import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

const json = async (res: Response) => {
  if (res.status >= 300) throw new Error(`setup failed ${res.status}: ${await res.text()}`);
  return res.json();
};
const taskOf = async (t: TestApp, a: string) =>
  (await json(await t.req('/api/tasks', { cookie: a, body: { title: 'Alice private errand', notes: 'Alice secret notes', due_date: '2026-11-24', subtasks: [{ title: 'Alice step one' }] } }))).task as { id: string };

/** To-dos (issue 23). Every route is owner-checked: another user's task is a 404. */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/tasks', access: 'user' },
  { method: 'POST', path: '/api/tasks', access: 'user', body: { quick: 'Buy chalk tomorrow !high' } },
  {
    method: 'PATCH',
    path: '/api/tasks/:id',
    access: 'user',
    body: { title: 'Renamed' },
    foreign: async (t, a) => {
      const task = await taskOf(t, a);
      return { path: `/api/tasks/${task.id}`, body: { completed: true, title: 'Taken' }, rowTable: 'tasks', rowId: task.id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/tasks/:id',
    access: 'user',
    foreign: async (t, a) => {
      const task = await taskOf(t, a);
      return { path: `/api/tasks/${task.id}`, rowTable: 'tasks', rowId: task.id };
    },
  },
];

export default entries;
