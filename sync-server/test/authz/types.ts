import type { TestApp } from '../test-app.ts';

/**
 * One entry per route the app registers (method + Hono path pattern as registered, e.g.
 * `/api/focus/:id/complete`). Each area keeps its entries in `sync-server/test/authz/<area>.entries.ts`
 * (default export `AuthzEntry[]`); the authorization matrix loads every such file and fails when
 * the app has a route without an entry.
 */
export interface AuthzEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** who may call it: anyone, any signed-in user (owner-checked), or admins only */
  access: 'public' | 'user' | 'admin';
  /**
   * For owner-checked routes that take a row id or change rows: create a row as user A
   * (cookie `a`, via `t.req` or a sync push) and return the concrete request user B will send.
   * The matrix sends it as B and expects a 4xx (404 or 403) with A's row unchanged and
   * A's data absent from the reply.
   */
  foreign?: (t: TestApp, a: string) => Promise<{ path: string; body?: unknown; rowTable: string; rowId: string }>;
  /** a valid body for calling it as an allowed user (for routes that need one) */
  body?: unknown;
}
