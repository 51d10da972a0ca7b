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

export interface AppDeps {
  db: Client;
  env: Env;
  /** the server's clock; tests may pass a fixed one */
  now?: () => Date;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    user: SessionUser | null;
    sessionId: string | null;
  };
};
