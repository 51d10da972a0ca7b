import type { AuthzEntry } from './types.ts';

const content = (kind: string, body: unknown): AuthzEntry[] => [
  { method: 'GET', path: `/api/admin/${kind}`, access: 'admin' },
  { method: 'GET', path: `/api/admin/${kind}/:id`, access: 'admin' },
  { method: 'POST', path: `/api/admin/${kind}`, access: 'admin', body },
  { method: 'PATCH', path: `/api/admin/${kind}/:id`, access: 'admin', body: { description: 'x' } },
  { method: 'DELETE', path: `/api/admin/${kind}/:id`, access: 'admin' },
];

/** The admin API: every route is admins only (checked before validation). */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/admin/users', access: 'admin' },
  { method: 'PATCH', path: '/api/admin/users/:id', access: 'admin', body: { approved: true } },
  { method: 'GET', path: '/api/admin/feedback', access: 'admin' },
  { method: 'PATCH', path: '/api/admin/feedback/:id', access: 'admin', body: { status: 'closed' } },
  { method: 'GET', path: '/api/admin/stats', access: 'admin' },
  { method: 'GET', path: '/api/admin/audit', access: 'admin' },
  { method: 'GET', path: '/api/admin/openapi.json', access: 'admin' },
  { method: 'POST', path: '/api/admin/backup', access: 'admin' },
  { method: 'POST', path: '/api/admin/restore', access: 'admin', body: { version: 1, tables: {} } },
  ...content('quests', { title: 'Matrix quest', type: 'daily', event_type: 'focus_complete', target: 1, xp_reward: 1, coin_reward: 1 }),
  ...content('skills', { name: 'Matrix', max_level: 5, xp_scaling_base: 100, xp_scaling_multiplier: 1.5 }),
  ...content('rewards', { name: 'Matrix treat', cost: 10 }),
  ...content('exercises', { name: 'Matrix lift', category: 'strength', muscle_groups: ['back'] }),
  ...content('courses', { title: 'Matrix course' }),
  ...content('lessons', { course_id: 'missing', title: 'Matrix lesson', order_index: 1 }),
];

export default entries;
