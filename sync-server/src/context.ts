import type { Client } from '@libsql/client';
import type { Env } from './env.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'user' | 'admin';
  approved: number;
  denial_reason: string | null;
  tos_version: string | null;
  tos_accepted: number;
  age_verified: number;
  timezone: string;
  last_activity_at: string | null;
}

/**
 * Who is asking, as the session carries them: the user's id and IANA time zone (read with the
 * session on every request, so a service never queries `users.timezone` again).
 */
export type Asker = Pick<SessionUser, 'id' | 'timezone'>;

export interface AppDeps {
  db: Client;
  env: Env;
  /** the server's clock; tests may pass a fixed one */
  now?: () => Date;
}

/** The server's clock: the `now` a test passed in, else the wall clock. */
export const clockOf = (deps: Pick<AppDeps, 'now'>): Date => deps.now?.() ?? new Date();

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    user: SessionUser | null;
    sessionId: string | null;
  };
};
