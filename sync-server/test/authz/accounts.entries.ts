import type { AuthzEntry } from './types.ts';

const pushBody = { protocolVersion: 1, clientId: 'authz-matrix', changes: [], events: [] };

/** Health, sign-in, session, sync and the person's own data (export, delete). */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/health', access: 'public' },

  { method: 'POST', path: '/api/auth/dev-login', access: 'public', body: { email: 'matrix-anon@example.com' } },
  { method: 'GET', path: '/api/auth/me', access: 'public' },
  { method: 'GET', path: '/api/auth/providers', access: 'public' },
  { method: 'GET', path: '/api/auth/:provider/login', access: 'public' },
  { method: 'GET', path: '/api/auth/:provider/callback', access: 'public' },
  { method: 'POST', path: '/api/auth/logout', access: 'public' },
  { method: 'POST', path: '/api/auth/logout-all', access: 'user' },
  { method: 'GET', path: '/api/auth/approval-status', access: 'user' },
  { method: 'POST', path: '/api/auth/verify-age', access: 'user', body: { birth_date: '1990-05-17' } },
  { method: 'POST', path: '/api/auth/accept-tos', access: 'user', body: { version: '2026-11-01' } },

  { method: 'POST', path: '/api/sync/push', access: 'user', body: pushBody },
  { method: 'GET', path: '/api/sync/pull', access: 'user' },

  { method: 'GET', path: '/api/user/export', access: 'user' },
  { method: 'POST', path: '/api/user/delete', access: 'user', body: { confirm: 'DELETE' } },
];

export default entries;
