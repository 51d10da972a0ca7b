import type { Client } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import type { Env } from '../env.ts';
import type { ErrorCode } from '@ignition/shared/errors.ts';
import { and, eq } from 'drizzle-orm';
import { accounts, users } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

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
  const existing = await userIdByEmail(db, email);
  if (existing) return { id: existing, created: false };
  const id = uuidv7();
  const isAdmin = env.ADMIN_EMAILS.includes(email);
  const approved = isAdmin || !env.REQUIRE_APPROVAL ? 1 : 0;
  const tos = isAdmin || opts.acceptTos;
  const ts = now.toISOString();
  await orm(db)
    .insert(users)
    .values({
      id,
      name: displayNameFor(profile),
      email,
      emailVerified: profile.emailVerified ? ts : null,
      image: profile.image ?? null,
      role: isAdmin ? 'admin' : 'user',
      approved,
      tos_accepted: tos ? 1 : 0,
      tos_accepted_at: tos ? ts : null,
      tos_version: tos ? env.TOS_VERSION : null,
      timezone: profile.timezone ?? 'UTC',
      created_at: ts,
      updated_at: ts,
    })
    .onConflictDoNothing({ target: users.email });
  const finalId = (await userIdByEmail(db, email))!;
  return { id: finalId, created: finalId === id };
}

export interface ProviderProfile {
  provider: string;
  providerAccountId: string;
  email: string | undefined;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
}

/** A sign-in the app refuses on purpose; the message is shown to the person as is. */
export class SignInRefused extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'no_email' | 'email_unverified'>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The user behind a provider sign-in: the linked account if there is one; else the user with the
 * same *verified* email (so a second provider links to the same person); else a new user.
 * An unverified email never takes over an existing user.
 */
export async function userForProviderSignIn(db: Client, env: Env, p: ProviderProfile, now: Date): Promise<{ id: string; created: boolean }> {
  const [linked] = await orm(db)
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, p.provider), eq(accounts.providerAccountId, p.providerAccountId)));
  if (linked) return { id: linked.userId, created: false };
  const email = p.email?.trim().toLowerCase();
  if (!email || !email.includes('@'))
    throw new SignInRefused('no_email', 'Your sign-in provider did not share an email address. Ignition needs one to create your account — allow the email permission or use another provider.');
  if ((await userIdByEmail(db, email)) && !p.emailVerified)
    throw new SignInRefused('email_unverified', `An account for ${email} already exists, and this provider has not verified that the address is yours. Sign in the way you did before, or verify the address with your provider first.`);
  const user = await findOrCreateUser(db, env, { email, name: p.name, emailVerified: p.emailVerified, image: p.image }, now);
  await orm(db)
    .insert(accounts)
    .values({ id: uuidv7(), userId: user.id, type: 'oidc', provider: p.provider, providerAccountId: p.providerAccountId })
    .onConflictDoNothing({ target: [accounts.provider, accounts.providerAccountId] });
  return user;
}

async function userIdByEmail(db: Client, email: string): Promise<string | undefined> {
  const [row] = await orm(db).select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied';
export const approvalStatus = (u: { approved: number; denial_reason: string | null }): ApprovalStatus =>
  u.approved ? 'approved' : u.denial_reason ? 'denied' : 'pending';

export const MINIMUM_AGE = 16;

/** Whole years between a YYYY-MM-DD birth date and today's UTC date. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** The person confirmed their birth date (already checked to be of age). */
export async function recordAgeVerified(db: Client, userId: string, birthDate: string, now: Date) {
  const ts = now.toISOString();
  await orm(db).update(users).set({ age_verified: 1, age_verified_at: ts, birth_date: birthDate, updated_at: ts }).where(eq(users.id, userId));
}

/** The person accepted a version of the terms (already checked to be the current one). */
export async function recordTosAccepted(db: Client, userId: string, version: string, now: Date) {
  const ts = now.toISOString();
  await orm(db).update(users).set({ tos_accepted: 1, tos_accepted_at: ts, tos_version: version, updated_at: ts }).where(eq(users.id, userId));
}
