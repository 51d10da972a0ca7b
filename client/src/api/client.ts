import { hc } from 'hono/client';
import type { AppType } from '../../../sync-server/src/app.ts';

/**
 * The typed API client: paths, inputs and replies come from the server's own route types
 * (`import type` only — no server code reaches the bundle).
 */
export const api = hc<AppType>(typeof location === 'undefined' ? 'http://127.0.0.1:8787' : location.origin, {
  init: { credentials: 'include' },
});
