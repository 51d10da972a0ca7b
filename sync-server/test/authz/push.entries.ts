import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

/** Keys shaped like a browser's (65-byte P-256 point, 16-byte auth secret); nothing is sent to the endpoint by these calls. */
const KEYS = { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) };
let n = 0;
const endpoint = (who: string) => `https://push.example/${who}-owner-endpoint-${++n}`;

async function subscriptionOf(t: TestApp, a: string) {
  const res = await t.req('/api/push/subscriptions', { cookie: a, body: { endpoint: endpoint('a'), keys: KEYS, device_label: 'Owner phone' } });
  return ((await res.json()) as { subscription: { id: string; endpoint: string } }).subscription;
}

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/push/vapid-public-key', access: 'user' },
  { method: 'GET', path: '/api/push/subscriptions', access: 'user' },
  { method: 'POST', path: '/api/push/subscriptions', access: 'user', body: { endpoint: 'https://push.example/matrix-endpoint', keys: KEYS, device_label: 'Matrix phone' } },
  {
    method: 'PATCH',
    path: '/api/push/subscriptions/:id',
    access: 'user',
    body: { enabled: false },
    foreign: async (t, a) => {
      const s = await subscriptionOf(t, a);
      return { path: `/api/push/subscriptions/${s.id}`, body: { enabled: false, device_label: 'Taken over' }, rowTable: 'push_subscriptions', rowId: s.id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/push/subscriptions/:id',
    access: 'user',
    foreign: async (t, a) => {
      const s = await subscriptionOf(t, a);
      return { path: `/api/push/subscriptions/${s.id}`, rowTable: 'push_subscriptions', rowId: s.id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/push/subscriptions',
    access: 'user',
    foreign: async (t, a) => {
      const s = await subscriptionOf(t, a);
      return { path: `/api/push/subscriptions?endpoint=${encodeURIComponent(s.endpoint)}`, rowTable: 'push_subscriptions', rowId: s.id };
    },
  },
  { method: 'GET', path: '/api/push/settings', access: 'user' },
  { method: 'PUT', path: '/api/push/settings', access: 'user', body: { habits_time: '08:30' } },
  { method: 'POST', path: '/api/push/test', access: 'user', body: {} },
  { method: 'POST', path: '/api/push/snooze', access: 'user', body: { minutes: 10, notification: { kind: 'habit', title: 'Matrix habit', body: 'x', url: '/habits', tag: 'habit-x' } } },
  { method: 'PUT', path: '/api/push/timers/:tag', access: 'user', body: { fire_at: new Date(Date.now() + 3_600_000).toISOString(), notification: { title: 'Matrix timer', url: '/recipes' } } },
  { method: 'DELETE', path: '/api/push/timers/:tag', access: 'user' },
];

export default entries;
