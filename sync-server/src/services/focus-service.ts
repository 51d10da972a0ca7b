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
} from '../../../shared-schema/src/rules/focus.ts';
import { newRowId, ownedRow, rewardOf, writeThroughSync, type RestEvent, type RestOp } from './rest-write.ts';

type Session = Record<string, any> & FocusSessionLike & { id: string };

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
export const FOCUS_RANGE_SQL = 'SELECT * FROM focus_sessions WHERE user_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC LIMIT ?';

export async function listFocusSessions(deps: AppDeps, userId: string, q: { from?: string; to?: string; limit?: number }) {
  const rs = await deps.db.execute({
    sql: FOCUS_RANGE_SQL,
    args: [userId, q.from ?? '0000', q.to ?? '9999', q.limit ?? 100],
  });
  const now = nowOf(deps);
  return rs.rows.map((r) => withTimer({ ...r } as unknown as Session, now));
}

/**
 * The active session, settled first: one whose end passed while nobody watched is completed at
 * its scheduled end (with its reward); one left paused past its expiry is abandoned.
 */
export async function activeFocusSession(deps: AppDeps, userId: string) {
  const rs = await deps.db.execute({ sql: "SELECT * FROM focus_sessions WHERE user_id = ? AND status = 'active' ORDER BY started_at DESC LIMIT 1", args: [userId] });
  const s = rs.rows[0] ? ({ ...rs.rows[0] } as unknown as Session) : null;
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
  const col = mode === 'focus' ? 'focus_minutes' : mode === 'short_break' ? 'short_break_minutes' : 'long_break_minutes';
  const row = (await deps.db.execute({ sql: `SELECT ${col} AS m FROM user_settings WHERE user_id = ? LIMIT 1`, args: [userId] })).rows[0];
  return Number(row?.m ?? FOCUS_DEFAULTS[mode]);
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
  const active = await deps.db.execute({ sql: "SELECT * FROM focus_sessions WHERE user_id = ? AND status = 'active'", args: [userId] });
  for (const r of active.rows) {
    const s = { ...r } as unknown as Session;
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
  return withTimer((await ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session')) as Session, now);
}

async function activeOwned(deps: AppDeps, userId: string, id: string) {
  const s = (await ownedRow(deps.db, 'focus_sessions', id, userId, 'Focus session')) as Session;
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
