import type { Client } from '@libsql/client';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { clockOf, type AppDeps, type SessionUser } from '../context.ts';
import { ApiError, notFound, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { journalEntries } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

type Entry = typeof journalEntries.$inferSelect;

/**
 * The same id the app derives for a day's entry, so an entry written here and one written on a
 * device offline for the same date are one row after sync (see client journal-logic.ts).
 */
export const journalIdFor = (userId: string, date: string) => `journal:${userId}:${date}`;

const blank = (e: Entry | undefined) => !e || (!(e.content ?? '').trim() && e.mood == null);
const view = (e: Entry) => ({ id: e.id, date: e.date, content: e.content ?? '', mood: e.mood, created_at: e.created_at, updated_at: e.updated_at });

/** The day's row: the derived id if present, else any row of that date (e.g. from older data), latest edit first. */
async function entryOn(db: Client, userId: string, date: string): Promise<Entry | undefined> {
  const [row] = await orm(db)
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.user_id, userId), eq(journalEntries.date, date)))
    .orderBy(desc(eq(journalEntries.id, journalIdFor(userId, date))), desc(journalEntries.updated_at))
    .limit(1);
  return row;
}

export async function listEntries(db: Client, userId: string, q: { from?: string; to?: string; q?: string; limit: number }) {
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const rows = await orm(db)
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.user_id, userId),
        sql`(TRIM(COALESCE(${journalEntries.content}, '')) <> '' OR ${journalEntries.mood} IS NOT NULL)`,
        q.from ? gte(journalEntries.date, q.from) : undefined,
        q.to ? lte(journalEntries.date, q.to) : undefined,
        ...words.map((word) => sql`lower(${journalEntries.content}) LIKE ${`%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`),
      ),
    )
    .orderBy(desc(journalEntries.date), desc(journalEntries.updated_at))
    .limit(q.limit);
  // One per date even if older data holds two rows for a day.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.date) && !!seen.add(r.date)).map(view);
}

export async function getEntry(db: Client, userId: string, date: string) {
  const e = await entryOn(db, userId, date);
  if (blank(e)) throw notFound(`No journal entry on ${date}`);
  return view(e!);
}

/** Writes the day's entry; the first entry made on a local day earns the journal reward (the server decides). */
export async function writeEntry(deps: AppDeps, user: Pick<SessionUser, 'id'>, date: string, input: { content?: string; mood?: number | null }) {
  const existing = await entryOn(deps.db, user.id, date);
  const content = input.content !== undefined ? input.content : (existing?.content ?? '');
  const mood = input.mood !== undefined ? input.mood : (existing?.mood ?? null);
  if (!content.trim() && mood == null) throw new ApiError(422, 'empty_entry', 'Write something or give a mood');
  const id = existing ? existing.id : journalIdFor(user.id, date);
  const nowIso = clockOf(deps).toISOString();
  const fields: Record<string, unknown> = { date, content, mood, updated_at: nowIso, ...(existing ? {} : { created_at: nowIso }) };
  const events = blank(existing) ? [{ id: crypto.randomUUID(), event_type: 'journal_entry', entity_id: id, created_at: nowIso, metadata: { date } }] : [];
  const res = await pushForUser(deps, user, { changes: [{ table: 'journal_entries', id, op: 'upsert', fields, hlc: serverHlc() }], events });
  const err = res.changeErrors[0];
  if (err) throw new ApiError(err.code === 'forbidden' ? 404 : 422, refusalCode(err.code), err.message);
  const accepted = events.length > 0 && res.accepted.includes(events[0].id);
  const reward = accepted ? computeReward({ type: 'journal_entry', alreadyToday: false }) : null;
  return {
    entry: view((await entryOn(deps.db, user.id, date))!),
    created: blank(existing),
    reward: reward && !('rejected' in reward) ? { xp: reward.xp, coins: reward.coins } : null,
  };
}

/**
 * Removing an entry blanks it rather than deleting the row: a sync delete is final, and the day's
 * derived id must stay writable for a new entry on that date.
 */
export async function clearEntry(deps: AppDeps, user: Pick<SessionUser, 'id'>, date: string) {
  const existing = await entryOn(deps.db, user.id, date);
  if (blank(existing)) throw notFound(`No journal entry on ${date}`);
  const nowIso = clockOf(deps).toISOString();
  const res = await pushForUser(deps, user, {
    changes: [{ table: 'journal_entries', id: existing!.id, op: 'upsert', fields: { content: '', mood: null, updated_at: nowIso }, hlc: serverHlc() }],
    events: [],
  });
  const err = res.changeErrors[0];
  if (err) throw new ApiError(422, refusalCode(err.code), err.message);
}
