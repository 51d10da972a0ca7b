import { constants } from 'node:buffer';
import { z } from 'zod';

const { MAX_STRING_LENGTH } = constants;

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const dbUrl = z.string().refine(
  (v) => v === ':memory:' || /^file:.+/.test(v) || /^(libsql|https?|wss?):\/\/[^\s/]+/.test(v),
  'must be file:<path>, :memory:, or libsql://host (or http(s)://host) for a libSQL server or Turso',
);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: dbUrl.default('file:./data/ignition.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** `client`: open a file: URL through @libsql/client, the remote code path (tests and the bench) */
  DATABASE_DRIVER: z.enum(['auto', 'client']).default('auto'),
  /** a fixed delay added to every database call, standing in for a network (tests and the bench only) */
  DB_CALL_DELAY_MS: z.coerce.number().min(0).max(1000).default(0),
  PUBLIC_URL: z.url().default('http://127.0.0.1:8787'),
  AUTH_DEV_LOGIN: bool.optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  MICROSOFT_ENTRA_TENANT: z.string().optional(),
  MICROSOFT_ENTRA_CLIENT_ID: z.string().optional(),
  MICROSOFT_ENTRA_CLIENT_SECRET: z.string().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  REQUIRE_APPROVAL: bool.default(false),
  /** behind a reverse proxy: trust the first X-Forwarded-For hop as the client's address */
  TRUST_PROXY: bool.default(false),
  TOS_VERSION: z.string().min(1).default('2026-11-01'),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  /**
   * Body limit of POST /api/admin/restore only. The backup is parsed in memory (about 6× its size
   * at the peak), and it must fit in one JavaScript string, so Node's MAX_STRING_LENGTH is a hard cap:
   * a larger limit would let through bodies that could only fail with a 500.
   */
  RESTORE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_STRING_LENGTH, `must be at most ${MAX_STRING_LENGTH} (the longest string Node can hold; the backup is parsed as one)`)
    .default(256 * 1024 * 1024),
  /** Web Push (VAPID) keys, base64url; both or neither. Without them the server makes a pair on first start and keeps it in the database. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a base64url P-256 public key (65 bytes)').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, 'must be a base64url P-256 private key (32 bytes)').optional(),
  /** who runs this server, for push services: a mailto: address or an https: URL */
  VAPID_SUBJECT: z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL').optional(),
  /** the reminder scheduler runs in this process (every instance may run it: reminders are claimed with a lease) */
  PUSH_SCHEDULER: bool.default(true),
  PUSH_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(15_000),
  PUSH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  /** how long a claimed reminder is held before another instance may retry it */
  PUSH_LEASE_MS: z.coerce.number().int().min(5000).max(3_600_000).default(120_000),
  /** accept plain-http push endpoints (tests and local push services only; real push services are https) */
  PUSH_ALLOW_HTTP_ENDPOINTS: bool.default(false),
});

export type Env = z.infer<typeof envSchema> & { AUTH_DEV_LOGIN: boolean };

export class EnvError extends Error {}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function oauthConfigured(e: Pick<Env, 'GOOGLE_CLIENT_ID' | 'MICROSOFT_ENTRA_CLIENT_ID' | 'OIDC_ISSUER'>): boolean {
  return !!(e.GOOGLE_CLIENT_ID || e.MICROSOFT_ENTRA_CLIENT_ID || e.OIDC_ISSUER);
}

/** Parses the environment; a bad value throws EnvError with one line naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new EnvError(`Invalid ${name}=${JSON.stringify(cleaned[name] ?? '')}: ${issue.message}`);
  }
  const env = parsed.data;
  const loopback = isLoopbackHost(env.HOST);
  const devLogin = env.AUTH_DEV_LOGIN ?? (env.NODE_ENV !== 'production' && loopback && !oauthConfigured(env));
  if (devLogin && (env.NODE_ENV === 'production' || !loopback)) {
    throw new EnvError(
      `Invalid AUTH_DEV_LOGIN: dev login is refused when NODE_ENV=production or HOST (${env.HOST}) is not a loopback address`,
    );
  }
  for (const [id, secret] of [
    ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
    ['MICROSOFT_ENTRA_CLIENT_ID', 'MICROSOFT_ENTRA_CLIENT_SECRET'],
    ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'],
  ] as const) {
    if (env[id] && !env[secret]) throw new EnvError(`Invalid ${secret}: required when ${id} is set`);
  }
  if (env.MICROSOFT_ENTRA_CLIENT_ID && !env.MICROSOFT_ENTRA_TENANT)
    throw new EnvError('Invalid MICROSOFT_ENTRA_TENANT: required when MICROSOFT_ENTRA_CLIENT_ID is set');
  if (!env.VAPID_PUBLIC_KEY !== !env.VAPID_PRIVATE_KEY)
    throw new EnvError(`Invalid ${env.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'}: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are given together`);
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) throw new EnvError('Invalid OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  return { ...env, AUTH_DEV_LOGIN: devLogin };
}
