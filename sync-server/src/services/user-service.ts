import type { Client } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import type { Env } from '../env.ts';

export interface NewUserProfile {
  email: string;
  name?: string | null;
  emailVerified?: boolean;
  image?: string | null;
  timezone?: string;
}

/** A user always has a non-empty name: the email's local part when the provider gives none. */
export function displayNameFor(profile: NewUserProfile): string {
  const name = profile.name?.trim();
  return name && name.length > 0 ? name.slice(0, 100) : profile.email.split('@')[0];
}

/**
 * Finds the user with this email or creates one with the seed's account flags:
 * ADMIN_EMAILS become approved admins with the terms accepted; REQUIRE_APPROVAL leaves others pending.
 */
export async function findOrCreateUser(
  db: Client,
  env: Env,
  profile: NewUserProfile,
  now: Date,
  opts: { acceptTos?: boolean } = {},
): Promise<{ id: string; created: boolean }> {
  const email = profile.email.trim().toLowerCase();
  const existing = await db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] });
  if (existing.rows[0]) return { id: String(existing.rows[0].id), created: false };
  const id = uuidv7();
  const isAdmin = env.ADMIN_EMAILS.includes(email);
  const approved = isAdmin || !env.REQUIRE_APPROVAL ? 1 : 0;
  const tos = isAdmin || opts.acceptTos;
  const ts = now.toISOString();
  await db.batch(
    [
      {
        sql: `INSERT INTO users (id, name, email, emailVerified, image, role, approved, tos_accepted, tos_accepted_at, tos_version, timezone, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING`,
        args: [
          id,
          displayNameFor(profile),
          email,
          profile.emailVerified ? ts : null,
          profile.image ?? null,
          isAdmin ? 'admin' : 'user',
          approved,
          tos ? 1 : 0,
          tos ? ts : null,
          tos ? env.TOS_VERSION : null,
          profile.timezone ?? 'UTC',
          ts,
          ts,
        ],
      },
    ],
    'write',
  );
  const row = await db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] });
  const finalId = String(row.rows[0].id);
  return { id: finalId, created: finalId === id };
}
