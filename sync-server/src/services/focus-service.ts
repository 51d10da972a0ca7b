import { clockOf, type AppDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  FOCUS_DEFAULTS,
  completeFields,
  expiresAt,
  focusState,
  pauseFields,
  resumeFields,
  settleFocus,
  type FocusMode,
  type FocusSessionLike,
} from '@ignition/shared/rules/focus.ts';
import { newRowId, ownedRow, rewardOf, writeThroughSync, type RestEvent, type RestOp } from './rest-write.ts';
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { focusSessions, userSettings } from '@ignition/shared/server/tables.ts';
import { orm, type Orm } from '../db/orm.ts';

type Session = typeof focusSessions.$inferSelect & FocusSessionLike;

const nowOf = (deps: AppDeps) => clockOf(deps).getTime();

/** The reply shape: the row plus what the timer says right now (computed from timestamps). */
export function withTimer(s: Session, nowMs: number) {
  const st = focusState(s, nowMs);
  return { ...s, remaining_ms: s.status === 'active' ? st.remainingMs : 0, is_paused: st.isPaused };
}

function completion(s: Session, fields: Record<string, unknown>): { ops: RestOp[]; events: RestEvent[] } {
  return {
    ops: [{ table: 'focus_sessions', id: s.id, fields }],
    events: s.mode === 'focus' && fields.status === 'completed' ? [{ event_type: 'focus_complete', entity_id: s.id }] : [],
  };
}

/** Focus history by date range: by the (user, started_at) index, not every session the person had. */
const focusRange = (db: Pick<Orm, 'select'>) =>
  db
    .select()
    .from(focusSessions)
    .where(and(eq(focusSessions.user_id, sql.placeholder('user')), gte(focusSessions.started_at, sql.placeholder('from')), lt(focusSessions.started_at, sql.placeholder('to'))))
    .orderBy(desc(focusSessions.started_at))
    .limit(sql.placeholder('limit'));

/** The range query's SQL (its arguments: user, from, to, limit), for the index test. */
export const FOCUS_RANGE_SQL = focusRange(drizzle.mock()).toSQL().sql;

export async function listFocusSessions(deps: AppDeps, userId: string, q: { from?: string; to?: string; limit?: number }) {
  const rows = await focusRange(orm(deps.db)).prepare().execute({ user: userId, from: q.from ?? '0000', to: q.to ?? '9999', limit: q.limit ?? 100 });
  const now = nowOf(deps);
  return rows.map((r) => withTimer(r, now));
}

/**
 * The active session, settled first: one whose end passed while nobody watched is completed at
 * its scheduled end (with its reward); one left paused past its expiry is abandoned.
 */
export async function activeFocusSession(deps: AppDeps, userId: string) {
  const [s] = await orm(deps.db)
    .select()
    .from(focusSessions)
    .where(and(eq(focusSessions.user_id, userId), eq(focusSessions.status, 'active')))
    .orderBy(desc(focusSessions.started_at))
    .limit(1);
  if (!s) return null;
  const now = nowOf(deps);
  const settle = settleFocus(s, now);
  if (settle) {
    const { ops, events } = completion(s, settle);
    await writeThroughSync(deps, userId, ops, events);
    return null;
  }
  return withTimer(s, now);
}

async function settingsMinutes(deps: AppDeps, userId: string, mode: FocusMode): Promise<number> {
  const col = mode === 'focus' ? userSettings.focus_minutes : mode === 'short_break' ? userSettings.short_break_minutes : userSettings.long_break_minutes;
  const [row] = await orm(deps.db).select({ m: col }).from(userSettings).where(eq(userSettings.user_id, userId)).limit(1);
  return row?.m ?? FOCUS_DEFAULTS[mode];
}

/** Starts a session; any session still active for this user (from any device) is settled or abandoned first. */
export async function startFocusSession(deps: AppDeps, userId: string, input: { mode: FocusMode; minutes?: number; started_at?: string }) {
  const now = nowOf(deps);
  const started = input.started_at ? Date.parse(input.started_at) : now;
  if (started > now + 60_000) throw new ApiError(422, 'invalid_start', 'A session cannot start in the future');
  const minutes = input.minutes ?? (await settingsMinutes(deps, userId, input.mode));
  const duration = minutes * 60;
  const ops: RestOp[] = [];
  const events: RestEvent[] = [];
  const active = await orm(deps.db)
    .select()
    .from(focusSessions)
    .where(and(eq(focusSessions.user_id, userId), eq(focusSessions.status, 'active')));
  for (const s of active) {
    const c = completion(s, settleFocus(s, now) ?? { status: 'abandoned', paused_at: null });
    ops.push(...c.ops);
    events.push(...c.events);
  }
  const id = newRowId();
  const startedIso = new Date(started).toISOString();
  ops.push({
    table: 'focus_sessions',
    id,
    fields: { mode: input.mode, duration, status: 'active', started_at: startedIso, expires_at: expiresAt(startedIso, duration), paused_total: 0, created_at: new Date(now).toISOString() },
  });
  await writeThroughSync(deps, userId, ops, events);
  return withTimer(await ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session'), now);
}

async function activeOwned(deps: AppDeps, userId: string, id: string) {
  const s = await ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session');
  if (s.status !== 'active') throw new ApiError(409, 'not_active', `This focus session is already ${s.status}`);
  return s;
}

export async function pauseFocusSession(deps: AppDeps, userId: string, id: string) {
  const s = await activeOwned(deps, userId, id);
  if (s.paused_at) throw new ApiError(409, 'already_paused', 'This focus session is already paused');
  const now = nowOf(deps);
  await writeThroughSync(deps, userId, [{ table: 'focus_sessions', id, fields: pauseFields(s, now) }]);
  return withTimer({ ...s, ...pauseFields(s, now) }, now);
}

export async function resumeFocusSession(deps: AppDeps, userId: string, id: string) {
  const s = await activeOwned(deps, userId, id);
  if (!s.paused_at) throw new ApiError(409, 'not_paused', 'This focus session is not paused');
  const now = nowOf(deps);
  const fields = resumeFields(s, now);
  await writeThroughSync(deps, userId, [{ table: 'focus_sessions', id, fields }]);
  return withTimer({ ...s, ...fields } as Session, now);
}

/** Completes now (never later than the scheduled end); a focus session's reward follows the rules. */
export async function completeFocusSession(deps: AppDeps, userId: string, id: string) {
  const s = await activeOwned(deps, userId, id);
  const now = nowOf(deps);
  const { ops, events } = completion(s, completeFields(s, now));
  const res = await writeThroughSync(deps, userId, ops, events);
  return { session: await ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session'), reward: await rewardOf(deps.db, res), progress: res.progress };
}

export async function abandonFocusSession(deps: AppDeps, userId: string, id: string) {
  await activeOwned(deps, userId, id);
  await writeThroughSync(deps, userId, [{ table: 'focus_sessions', id, fields: { status: 'abandoned', paused_at: null } }]);
  return ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session');
}
