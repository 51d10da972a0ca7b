import { applyChanges, type LogRow } from '../apply-changes.ts';
import { serverHlc } from '../../server-clock.ts';
import { sqliteCompare, withFocusDefaults } from '../focus-overlap.ts';
import { NeedsInteractivePush } from '../write-sink.ts';
import { overlay, rowsOf, type Row } from '../rewarders/types.ts';
import type { ChangeFollower } from './types.ts';

interface FocusFacts {
  /** the person's active sessions and the push's sessions, as stored */
  sessions: Row[];
  /** the change-log entries of the stored active sessions */
  log: Map<string, LogRow>;
}

/**
 * One active focus session per person across devices. Two devices may start at once (or one
 * offline for a while): after their rows are applied, the session started last wins and the
 * others are abandoned through the sync path, so every device pulls the same answer.
 *
 * Read before the changes apply: the stored active sessions and the push's own; after, the
 * push's written fields laid over them say which are active, in the order
 * `ORDER BY started_at DESC, id DESC` would give.
 */
export const activeFocus: ChangeFollower<FocusFacts> = {
  name: 'one active focus session',
  wants: (q) => q.changes.some((c) => c.table === 'focus_sessions'),
  reads(q) {
    const ids = JSON.stringify([...new Set(q.changes.filter((c) => c.table === 'focus_sessions').map((c) => c.id))]);
    return [
      { sql: "SELECT id, status, started_at FROM focus_sessions WHERE user_id = ?1 AND (status = 'active' OR id IN (SELECT value FROM json_each(?2)))", args: [q.userId, ids] },
      {
        sql: "SELECT table_name, row_id, user_id, clocks, deleted FROM sync_rows WHERE table_name = 'focus_sessions' AND row_id IN (SELECT id FROM focus_sessions WHERE user_id = ?1 AND status = 'active')",
        args: [q.userId],
      },
    ];
  },
  facts: (results) => ({
    sessions: rowsOf(results[0]),
    log: new Map((rowsOf(results[1]) as unknown as LogRow[]).map((r) => [`${r.table_name}:${r.row_id}`, r])),
  }),
  async follow(sink, f, applied, q) {
    const gone = applied.deleted.get('focus_sessions');
    const rows = overlay(f.sessions, withFocusDefaults(applied.written.get('focus_sessions'), new Set(f.sessions.map((s) => String(s.id)))));
    // A new session the push gave no start takes the database's clock: read it (the planned push's sink refuses, and the push goes the interactive way).
    const unstarted = [...rows.values()].filter((s) => s.started_at === undefined && s.status === 'active').map((s) => String(s.id));
    if (unstarted.length) {
      const rs = await sink.execute({ sql: 'SELECT id, started_at FROM focus_sessions WHERE id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(unstarted)] });
      for (const r of rowsOf(rs)) rows.get(String(r.id))!.started_at = r.started_at;
    }
    const active = [...rows.values()]
      .filter((s) => s.status === 'active' && !gone?.has(String(s.id)))
      .sort((a, b) => sqliteCompare(b.started_at, a.started_at) || sqliteCompare(b.id, a.id));
    const losers = active.slice(1).map((s) => String(s.id));
    if (losers.length === 0) return;
    const changes = losers.map((id) => ({ table: 'focus_sessions', id, op: 'upsert' as const, fields: { status: 'abandoned', paused_at: null }, hlc: serverHlc() }));
    let planned: { log: Map<string, LogRow> } | undefined;
    if (applied.planned) {
      const log = new Map([...f.log, ...applied.log]);
      const unknown = losers.find((id) => !log.has(`focus_sessions:${id}`));
      if (unknown) throw new NeedsInteractivePush(`an active focus session without a change-log entry (${unknown})`);
      planned = { log };
    }
    return (await applyChanges(sink, q.userId, changes, planned)).written;
  },
};
