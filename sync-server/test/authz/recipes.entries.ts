import type { TestApp } from '../test-app.ts';
import type { AuthzEntry } from './types.ts';

/** A personal recipe of user A, made through REST. */
async function recipeOf(t: TestApp, a: string) {
  const res = await t.req('/api/learn/recipes', { cookie: a, body: { title: 'Owner recipe', steps: [{ text: 'Owner step', timer_s: 60 }] } });
  return ((await res.json()) as { recipe: { id: string } }).recipe.id;
}

const mine = (method: AuthzEntry['method'], suffix: string, body?: unknown): AuthzEntry => ({
  method,
  path: `/api/learn/recipes/:id${suffix}`,
  access: 'user',
  ...(body === undefined ? {} : { body }),
  foreign: async (t, a) => {
    const id = await recipeOf(t, a);
    return { path: `/api/learn/recipes/${id}${suffix}`, ...(body === undefined ? {} : { body }), rowTable: 'recipes', rowId: id };
  },
});

/** Recipes (issue 21): personal ones are owner-checked; global ones are the admin's content. */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/learn/recipes', access: 'user' },
  { method: 'POST', path: '/api/learn/recipes', access: 'user', body: { title: 'Matrix recipe', steps: [{ text: 'Step' }] } },
  mine('GET', ''),
  mine('PATCH', '', { title: 'Taken over' }),
  mine('DELETE', ''),
  mine('PUT', '/mark', { favorite: true }),
  mine('POST', '/complete'),
  { method: 'GET', path: '/api/admin/recipes', access: 'admin' },
  { method: 'GET', path: '/api/admin/recipes/:id', access: 'admin' },
  { method: 'POST', path: '/api/admin/recipes', access: 'admin', body: { title: 'Matrix global recipe', steps: [{ text: 'Step' }] } },
  { method: 'PATCH', path: '/api/admin/recipes/:id', access: 'admin', body: { description: 'x' } },
  { method: 'DELETE', path: '/api/admin/recipes/:id', access: 'admin' },
];

export default entries;
