import type { TestApp } from '../test-app.ts';
import type { AuthzEntry } from './types.ts';

const questBody = { title: 'Matrix quest', type: 'daily', event_type: 'journal_entry', target: 1 };

async function questOf(t: TestApp, a: string): Promise<string> {
  const res = await t.req('/api/quests', { cookie: a, body: questBody });
  return ((await res.json()) as { quest: { id: string } }).quest.id;
}

/** A purchase of A's, made with coins granted directly so the buy succeeds. */
async function purchaseOf(t: TestApp, a: string): Promise<string> {
  const me = (await (await t.req('/api/auth/me', { cookie: a })).json()) as { user: { id: string } };
  await t.db.execute({
    sql: "INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, 500) ON CONFLICT(id) DO UPDATE SET coins = 500",
    args: [`up_${me.user.id}`, me.user.id],
  });
  const res = await t.req('/api/market', { cookie: a, body: { action: 'buy', reward_id: 'r_snack_run' } });
  return ((await res.json()) as { purchase: { id: string } }).purchase.id;
}

/** Progress, quests and market (issue 5): all owner-checked; another user's quest or purchase is a 404. */
const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/progress', access: 'user' },
  {
    method: 'POST',
    path: '/api/progress',
    access: 'user',
    body: { events: [{ id: 'matrix-ev-1', event_type: 'review_complete', created_at: '2026-01-01T10:00:00.000Z', metadata: { card_ids: [] } }] },
  },
  { method: 'GET', path: '/api/quests', access: 'user' },
  { method: 'POST', path: '/api/quests', access: 'user', body: questBody },
  {
    method: 'PUT',
    path: '/api/quests/:id',
    access: 'user',
    body: { title: 'Renamed' },
    foreign: async (t, a) => {
      const id = await questOf(t, a);
      return { path: `/api/quests/${id}`, body: { title: 'Taken over' }, rowTable: 'quests', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/quests/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await questOf(t, a);
      return { path: `/api/quests/${id}`, rowTable: 'quests', rowId: id };
    },
  },
  { method: 'GET', path: '/api/market', access: 'user' },
  {
    method: 'POST',
    path: '/api/market',
    access: 'user',
    body: { action: 'buy', reward_id: 'r_power_nap' },
    foreign: async (t, a) => {
      const id = await purchaseOf(t, a);
      return { path: '/api/market', body: { action: 'redeem', purchase_id: id }, rowTable: 'reward_purchases', rowId: id };
    },
  },
];

export default entries;
