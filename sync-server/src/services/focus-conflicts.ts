import type { RowChange } from '@ignition/shared/sync/protocol.ts';
import { applyChanges } from './sync/apply-changes.ts';
import type { Db } from './sync/sql.ts';
import { serverHlc } from './server-clock.ts';

/**
 * One active focus session per user across devices. Two devices may start at once (or one
 * offline for a while): after their rows are applied, the session started last wins and the
 * others are abandoned through the sync path, so every device pulls the same answer.
 * Runs inside the push transaction, which serialises pushes of the same user.
 */
export async function resolveActiveFocus(tx: Db, userId: string, changes: readonly Pick<RowChange, 'table'>[]): Promise<string[]> {
  if (!changes.some((c) => c.table === 'focus_sessions')) return [];
  const rs = await tx.execute({
    sql: "SELECT id FROM focus_sessions WHERE user_id = ? AND status = 'active' ORDER BY started_at DESC, id DESC",
    args: [userId],
  });
  const losers = rs.rows.slice(1).map((r) => String(r.id));
  if (losers.length === 0) return [];
  await applyChanges(
    tx,
    userId,
    losers.map((id) => ({ table: 'focus_sessions', id, op: 'upsert' as const, fields: { status: 'abandoned', paused_at: null }, hlc: serverHlc() })),
  );
  return losers;
}
