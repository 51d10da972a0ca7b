import { uuidv7 } from 'uuidv7';
import type { TestApp } from './test-app.ts';

let counter = 0;
/** A valid HLC for test pushes; later calls sort after earlier ones. */
export function hlc(ms = Date.now()): string {
  counter++;
  return `${new Date(ms).toISOString()}-${(counter % 0xffff).toString(16).padStart(4, '0')}-00000000000000aa`;
}

export const id = () => uuidv7();

export function push(t: TestApp, cookie: string, changes: unknown[] = [], events: unknown[] = []) {
  return t.req('/api/sync/push', { cookie, body: { protocolVersion: 1, clientId: 'test-client', changes, events } });
}

export async function pushOk(t: TestApp, cookie: string, changes: unknown[] = [], events: unknown[] = []) {
  const res = await push(t, cookie, changes, events);
  if (res.status !== 200) throw new Error(`push failed ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A journal entry and its event: the simplest rewarded fact (10 XP, 5 coins, once a day). */
export function journal(date: string, createdAt = `${date}T12:00:00.000Z`) {
  const entryId = id();
  return {
    change: { table: 'journal_entries', id: entryId, op: 'upsert', fields: { date, content: `Dear diary, ${date}`, mood: 4 }, hlc: hlc() },
    event: { id: id(), event_type: 'journal_entry', entity_id: entryId, created_at: createdAt, local_date: date, xp_earned: 1_000_000_000, coins_earned: 1_000_000 },
  };
}

export async function progressOf(t: TestApp, email: string) {
  const rs = await t.db.execute({
    sql: 'SELECT p.* FROM user_progress p JOIN users u ON u.id = p.user_id WHERE u.email = ?',
    args: [email],
  });
  const r = rs.rows[0];
  return { total_xp: Number(r?.total_xp ?? 0), coins: Number(r?.coins ?? 0), level: Number(r?.level ?? 1) };
}
