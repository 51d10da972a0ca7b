import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { loadEnv } from '../src/env.ts';
import type { RoundTripClient } from '../src/db/round-trips.ts';
import { hlc, id, journal } from './sync-helpers.ts';

/**
 * Database calls per request through @libsql/client, each a network round trip on a libSQL
 * server or Turso: a first pull, a later pull, an empty push, a journal entry and its event, and
 * a finished workout (session, 5 sets, workout_complete). Used by round-trips.test.ts and the bench.
 */
export interface RoundTripFigures {
  firstPull: number;
  pull: number;
  empty: number;
  journal: number;
  workout: number;
  /** the other kinds of push a day brings, each on its own (see `mixedPushes`) */
  mixed: Record<string, number>;
}

const ORIGIN = 'http://127.0.0.1:8787';

export async function measureRoundTrips(opts: { log?: boolean } = {}): Promise<{ figures: RoundTripFigures; db: RoundTripClient; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-trips-'));
  const url = `file:${join(dir, 'trips.db')}`;
  const db = (await openDatabase(url, undefined, { driver: 'client' })) as RoundTripClient;
  await migrate(db);
  await seedSharedContent(db);
  const app = createApp({ db, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: url }) });
  const login = await app.request('/api/auth/dev-login', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'trips@example.com' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const callsFor = async (path: string, body?: unknown) => {
    const before = db.counter.calls;
    if (opts.log) db.counter.log = [];
    const res = await app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { origin: ORIGIN, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
    if (db.counter.log) console.log(path, db.counter.log.join('\n  '));
    const calls = db.counter.calls - before;
    // Every event of these pushes is one a person earns: a refused one would make a cheap figure.
    const refused = path.endsWith('/push') ? [...((JSON.parse(text) as { rejected?: unknown[] }).rejected ?? []), ...((JSON.parse(text) as { changeErrors?: unknown[] }).changeErrors ?? [])] : [];
    if (refused.length) throw new Error(`${path} refused ${JSON.stringify(refused).slice(0, 300)}`);
    return calls;
  };
  const push = (changes: unknown[], events: unknown[]) => callsFor('/api/sync/push', { protocolVersion: 1, clientId: 'trips', changes, events });
  const firstPull = await callsFor('/api/sync/pull');
  const pull = await callsFor('/api/sync/pull');
  const empty = await push([], []);
  const j = journal(new Date().toISOString().slice(0, 10), new Date(Date.now() - 60_000).toISOString());
  const journalCalls = await push([j.change], [j.event]);
  const session = id();
  const sets = Array.from({ length: 5 }, (_, i) => ({ table: 'workout_sets', id: id(), op: 'upsert', hlc: hlc(), fields: { session_id: session, exercise_id: 'ex_Barbell_Squat', set_number: i + 1, weight: 100, reps: 5, is_warmup: false } }));
  const workout = await push(
    [{ table: 'workout_sessions', id: session, op: 'upsert', hlc: hlc(), fields: { name: 'Legs', started_at: new Date(Date.now() - 3_600_000).toISOString(), completed_at: new Date().toISOString() } }, ...sets],
    [{ id: id(), event_type: 'workout_complete', entity_id: session, created_at: new Date().toISOString(), local_date: new Date().toISOString().slice(0, 10) }],
  );
  const mixed: Record<string, number> = {};
  for (const [name, body] of mixedPushes()) mixed[name] = await push(body.changes, body.events);
  return {
    figures: { firstPull, pull, empty, journal: journalCalls, workout, mixed },
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One push of each other kind a person's day brings, in order (later ones refer to earlier rows):
 * a habit and its log, a focus session, a deck with cards and a review, a book and a reading
 * session, a planner event done, a goal milestone, a purchase, a delete, and an undo.
 */
function mixedPushes(): Array<[string, { changes: unknown[]; events: unknown[] }]> {
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const ago = (min: number) => new Date(now.getTime() - min * 60_000).toISOString();
  const up = (table: string, rowId: string, fields: Record<string, unknown>) => ({ table, id: rowId, op: 'upsert', hlc: hlc(), fields });
  const ev = (event_type: string, entity_id: string, metadata?: Record<string, unknown>) => ({ id: id(), event_type, entity_id, created_at: ago(1), local_date: today, ...(metadata ? { metadata } : {}) });
  const [habit, log, focus, deck, card, review, book, reading, cal, goal, milestone, purchase, note] = Array.from({ length: 13 }, id);
  return [
    ['habit', { changes: [up('habits', habit, { name: 'Stretch', frequency: 'daily', target_count: 1 }), up('habit_logs', log, { habit_id: habit, date: today, count: 1 })], events: [ev('habit_complete', log)] }],
    ['focus', { changes: [up('focus_sessions', focus, { mode: 'focus', duration: 1500, status: 'completed', started_at: ago(30), completed_at: ago(4), paused_total: 0 })], events: [ev('focus_complete', focus)] }],
    [
      'review',
      {
        changes: [up('flashcard_decks', deck, { title: 'Kanji', card_count: 1 }), up('flashcards', card, { deck_id: deck, front: '火', back: 'fire' }), up('flashcard_reviews', review, { card_id: card, rating: 'good', reviewed_at: ago(2) })],
        events: [ev('review_complete', deck, { card_ids: [card] })],
      },
    ],
    ['reading', { changes: [up('books', book, { title: 'Dune', total_pages: 600, current_page: 20 }), up('reading_sessions', reading, { book_id: book, pages_read: 20, date: today })], events: [ev('reading_session', reading)] }],
    ['planner', { changes: [up('calendar_events', cal, { title: 'Call', start_time: ago(60), end_time: ago(30), completed: true })], events: [ev('planner_complete', cal, { occurrence_date: today })] }],
    ['milestone', { changes: [up('goals', goal, { title: 'Run 10k', status: 'active' }), up('goal_milestones', milestone, { goal_id: goal, title: '5k', completed: true })], events: [ev('goal_milestone', milestone)] }],
    ['purchase', { changes: [up('reward_purchases', purchase, { reward_id: 'r_snack_run', cost: 30, redeemed: false, purchased_at: ago(1) })], events: [ev('reward_purchase', purchase)] }],
    ['delete', { changes: [up('infobase_entries', note, { title: 'Scratch', content: 'x' }), { table: 'books', id: book, op: 'delete', hlc: hlc() }], events: [] }],
    // undoing a habit log and a card: the streak and the deck's count follow
    ['undo', { changes: [{ table: 'habit_logs', id: log, op: 'delete', hlc: hlc() }, { table: 'flashcards', id: card, op: 'delete', hlc: hlc() }], events: [] }],
  ];
}
