import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResultSet } from '@libsql/client';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, push } from './sync-helpers.ts';
import { fallbacks, plannable } from '../src/services/sync/planned-push.ts';
import { habitLogWritesFrom, habitStreakFacts, type HabitQuery } from '../src/services/sync/habit-streaks.ts';
import { habitComplete } from '../src/services/sync/rewarders/habit-complete.ts';
import { journalEntry } from '../src/services/sync/rewarders/journal-entry.ts';
import { readingSession } from '../src/services/sync/rewarders/reading-session.ts';
import { REWARDERS } from '../src/services/sync/rewarders/registry.ts';
import { overlay, overlayTable, type DeletedRows, type Row, type WrittenRows } from '../src/services/sync/rewarders/types.ts';

/**
 * Deletes on the planned push (issue 20): deletes of cards, decks, focus sessions, habits, habit
 * logs and skips, and a delete together with events, take the planned push and give exactly what
 * the interactive push gives. The push's deleted rows (with their descendants) are laid over what
 * the followers, the habit streaks and the rewarders read, as reading after applying would.
 */

const rs = (rows: Row[]) => ({ rows }) as unknown as ResultSet;
const written = (tables: Record<string, Record<string, Row>>): WrittenRows => new Map(Object.entries(tables).map(([t, rows]) => [t, new Map(Object.entries(rows))]));
const deleted = (tables: Record<string, string[]>): DeletedRows => new Map(Object.entries(tables).map(([t, ids]) => [t, new Set(ids)]));
const upsert = (table: string, rowId: string, fields: Record<string, unknown>) => ({ table, id: rowId, op: 'upsert' as const, fields, hlc: hlc() });
const del = (table: string, rowId: string) => ({ table, id: rowId, op: 'delete' as const, hlc: hlc() });

describe('overlay with the push’s deletes (no database)', () => {
  it('drops the rows the push deleted, also one it wrote first, and keeps the rest with their written fields', () => {
    const stored = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ];
    const out = overlay(stored, new Map([['b', { v: 3 }], ['c', { v: 4 }], ['d', { v: 5 }]]), undefined, new Set(['a', 'd', 'zz']));
    expect([...out]).toEqual([
      ['b', { id: 'b', v: 3 }],
      ['c', { id: 'c', v: 4 }],
    ]);
    // without deletes: as before
    expect([...overlay(stored, undefined).keys()]).toEqual(['a', 'b']);
  });

  it('takes one table’s written and deleted rows from the query', () => {
    const q = { written: written({ journal_entries: { j2: { date: '2026-03-02' } } }), deleted: deleted({ journal_entries: ['j1'], books: ['j2'] }) };
    expect([...overlayTable(q, 'journal_entries', [{ id: 'j1', date: '2026-03-01' }, { id: 'j2', date: '2026-03-01' }])]).toEqual([['j2', { id: 'j2', date: '2026-03-02' }]]);
  });

  it('lets the rewarders that say so find no deleted entity: a journal entry, a reading session under a deleted book', () => {
    const e = { id: 'e', event_type: 'journal_entry', entity_id: 'j1', created_at: '2026-03-01T10:00:00.000Z' };
    const j = journalEntry.facts([rs([{ id: 'j1', date: '2026-03-01' }])], { userId: 'u', events: [e], written: new Map(), deleted: deleted({ journal_entries: ['j1'] }) });
    expect(journalEntry.entity(j, 'j1')).toBeUndefined();
    const r = readingSession.facts([rs([{ id: 'r1', book_id: 'b1', pages_read: 5 }]), rs([{ id: 'b1', total_pages: 10 }])], {
      userId: 'u',
      events: [{ ...e, event_type: 'reading_session', entity_id: 'r1' }],
      written: new Map(),
      deleted: deleted({ books: ['b1'], reading_sessions: ['r1'] }),
    });
    expect(readingSession.entity(r, 'r1')).toBeUndefined();
    expect(r.books.size).toBe(0);
  });

  it('reads a deleted habit log as gone, and its paid event as joining no log (counted by its metadata only)', () => {
    const e = { id: 'e', event_type: 'habit_complete', entity_id: 'l1', created_at: '2026-03-01T10:00:00.000Z' };
    const window = rs([
      { lo: '2026-02-23', hi: '2026-03-07', hid: 'h', ld: null, mc: null, eid: 'l1', ldate: '2026-03-01', lcount: 2 },
      { lo: '2026-02-23', hi: '2026-03-07', hid: 'h', ld: '2026-03-01', mc: 1, eid: 'l0', ldate: '2026-03-01', lcount: 1 },
    ]);
    const f = habitComplete.facts([rs([{ id: 'l1', habit_id: 'h', date: '2026-03-01', count: 2 }]), window], { userId: 'u', events: [e], written: new Map(), deleted: deleted({ habit_logs: ['l1'] }) });
    expect(habitComplete.entity(f, 'l1')).toBeUndefined();
    expect(f.paid.map((p) => [p.rowDate, p.rowCount])).toEqual([
      [null, null],
      ['2026-03-01', 1],
    ]);
  });

  it('says which rewarders drop deleted rows from every table they read', () => {
    const dropping = Object.values(REWARDERS)
      .filter((rw) => rw.tables)
      .map((rw) => rw.type)
      .sort();
    expect(dropping).toEqual(['focus_complete', 'goal_complete', 'goal_milestone', 'habit_complete', 'journal_entry', 'lesson_complete', 'planner_complete', 'reading_session', 'recipe_complete', 'reward_purchase', 'reward_redeem', 'task_complete']);
  });
});

describe('the habit streaks with the push’s deletes (no database)', () => {
  const q = (changes: HabitQuery['changes'], events: HabitQuery['events'] = []): HabitQuery => ({ userId: 'u', changes, events });
  const habitRow = (over: Record<string, unknown> = {}) => ({ id: 'h', user_id: 'u', frequency: 'daily', target_count: 1, _history: null, _floor: '', _logs: null, _skips: null, ...over });
  const days = (w: ReturnType<typeof habitLogWritesFrom>, hid = 'h') =>
    w
      .known!.habits.get(hid)!
      .logs.map((l) => `${l.date}:${l.count}${l.skip ? 's' : ''}`)
      .sort();

  it('takes a deleted log and a deleted skip out of their habit’s days', () => {
    const changes = [del('habit_logs', 'l1'), del('habit_skips', 's1')];
    const facts = habitStreakFacts(
      [
        rs([
          { t: 'l', id: 'l1', habit_id: 'h', date: '2026-03-01', count: 1 },
          { t: 's', id: 's1', habit_id: 'h', date: '2026-03-02', count: null },
        ]),
        rs([habitRow({ _logs: '2026-03-01\x1f1\x1e2026-03-03\x1f1', _skips: '2026-03-02' })]),
      ],
      q(changes),
    );
    const w = habitLogWritesFrom(facts, changes, new Map(), deleted({ habit_logs: ['l1'], habit_skips: ['s1'] }));
    expect([...w.changed]).toEqual(['h']);
    expect(days(w)).toEqual(['2026-03-03:1']);
    // without the deleted rows: read after applying, as before
    expect(habitLogWritesFrom(facts, changes, new Map()).known).toBeUndefined();
  });

  it('puts no log back that the push wrote and then deleted, and knows a deleted habit is gone', () => {
    const changes = [upsert('habit_logs', 'n', { habit_id: 'h', date: '2026-03-05', count: 1 }), del('habit_logs', 'n'), del('habits', 'g')];
    const facts = habitStreakFacts([rs([]), rs([habitRow({ _logs: '2026-03-04\x1f1' }), habitRow({ id: 'g', _logs: '2026-03-04\x1f1' })])], q([...changes, upsert('habit_logs', 'x', { habit_id: 'g' })]));
    const w = habitLogWritesFrom(facts, changes, written({ habit_logs: { n: { habit_id: 'h', date: '2026-03-05', count: 1 } } }), deleted({ habit_logs: ['n'], habits: ['g'] }));
    expect(days(w)).toEqual(['2026-03-04:1']);
    expect(w.known!.asked.has('g')).toBe(true);
    expect(w.known!.habits.has('g')).toBe(false);
  });

  it('still reads after applying when a deleted log is not among the habit’s days it read', () => {
    const changes = [del('habit_logs', 'l1')];
    const facts = habitStreakFacts([rs([{ t: 'l', id: 'l1', habit_id: 'h', date: '2026-03-01', count: 1 }]), rs([habitRow({ _logs: '2026-03-03\x1f1' })])], q(changes));
    expect(habitLogWritesFrom(facts, changes, new Map(), deleted({ habit_logs: ['l1'] })).known).toBeUndefined();
  });
});

/**
 * The same pushes on two servers, one made the interactive way and one the planned way (strict:
 * a fallback is a 500): every reply and every row that counts must be the same.
 */
describe('deletes, planned and interactive', () => {
  let inter: TestApp;
  let planned: TestApp;
  const cookies = new Map<TestApp, string>();
  const NOW = new Date('2026-11-20T12:00:00.000Z');
  beforeAll(async () => {
    [inter, planned] = [await createTestApp(), await createTestApp()];
    for (const t of [inter, planned]) {
      t.setNow(NOW);
      cookies.set(t, await t.signIn('deletes@example.com'));
    }
  });
  afterAll(() => {
    inter?.close();
    planned?.close();
  });
  afterEach(() => vi.unstubAllEnvs());

  /** One push to both servers; the replies, less their cursor and time. `strict`: the planned push must not fall back. */
  async function both(changes: unknown[], events: unknown[] = [], strict = true) {
    const out = [];
    let fellBack: string[] = [];
    for (const t of [inter, planned]) {
      vi.stubEnv('PUSH_PATH', t === inter ? 'interactive' : 'planned');
      vi.stubEnv('PUSH_PLAN_STRICT', t === planned && strict ? '1' : '0');
      const before = fallbacks.length;
      const res = await push(t, cookies.get(t)!, changes, events);
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      if (t === planned) fellBack = fallbacks.slice(before);
      delete body.cursor;
      delete body.serverTime;
      out.push(body);
    }
    if (strict) expect(fellBack).toEqual([]);
    expect(out[1]).toEqual(out[0]);
    expect(await state(planned)).toEqual(await state(inter));
    return { reply: out[0], fellBack };
  }

  /** What a push leaves that counts: progress, streaks, paid and refused events, the rows and the change log (user ids left out; clocks by field). */
  async function state(t: TestApp) {
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'deletes@example.com'")).rows[0].id);
    const q = async (sql: string) => JSON.parse(JSON.stringify((await t.db.execute({ sql, args: [uid] })).rows.map((r) => ({ ...r }))).replaceAll(uid, 'U')) as Row[];
    const log = await q('SELECT table_name, row_id, deleted, clocks FROM sync_rows WHERE user_id = ? ORDER BY table_name, row_id');
    return {
      progress: await q('SELECT total_xp, level, coins, knowledge_xp, guts_xp, proficiency_xp, kindness_xp, charm_xp FROM user_progress WHERE user_id = ?'),
      streaks: await q('SELECT streak_type, current_streak, best_streak, shields, last_active_date, history FROM user_streaks WHERE user_id = ? ORDER BY streak_type'),
      events: await q('SELECT id, event_type, entity_id, xp_earned, coins_earned, skill_id, metadata, local_date FROM activity_events WHERE user_id = ? ORDER BY id'),
      rejected: await q('SELECT id, code, message FROM rejected_events WHERE user_id = ? ORDER BY id'),
      habits: await q('SELECT id, streak_current, streak_best FROM habits WHERE user_id = ? ORDER BY id'),
      logs: await q('SELECT id, habit_id, date, count FROM habit_logs WHERE user_id = ? ORDER BY id'),
      skips: await q('SELECT id, habit_id, date FROM habit_skips WHERE user_id = ? ORDER BY id'),
      decks: await q('SELECT id, card_count FROM flashcard_decks WHERE user_id = ? ORDER BY id'),
      cards: await q('SELECT c.id, c.deck_id FROM flashcards c JOIN flashcard_decks d ON d.id = c.deck_id WHERE d.user_id = ? ORDER BY c.id'),
      focus: await q('SELECT id, status FROM focus_sessions WHERE user_id = ? ORDER BY id'),
      journal: await q('SELECT id, date FROM journal_entries WHERE user_id = ? ORDER BY id'),
      books: await q('SELECT id FROM books WHERE user_id = ? ORDER BY id'),
      sessions: await q('SELECT id, book_id FROM reading_sessions WHERE user_id = ? ORDER BY id'),
      // The follow-ups stamp with the server's clock: the fields stamped must agree, not the stamps.
      log: log.map((r): Row => ({ ...r, clocks: Object.keys(JSON.parse(String(r.clocks))).sort().join(',') })),
    };
  }

  const at = (day: string, hour = 18) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

  it('deletes a card, a deck with its cards, and a card beside a move, recounting the decks alike', async () => {
    const [d1, d2, d3, c1, c2, c3, c4, c5] = Array.from({ length: 8 }, id);
    const card = (cid: string, deck: string) => upsert('flashcards', cid, { deck_id: deck, front: cid, back: 'b' });
    await both([upsert('flashcard_decks', d1, { title: 'One', card_count: 0 }), upsert('flashcard_decks', d2, { title: 'Two', card_count: 0 }), card(c1, d1), card(c2, d1), card(c3, d1), card(c4, d2), card(c5, d2)]);
    await both([del('flashcards', c1)]);
    await both([del('flashcard_decks', d2)]);
    await both([upsert('flashcard_decks', d3, { title: 'Three' }), del('flashcards', c2), card(c3, d3)]);
    const s = await state(planned);
    expect(Object.fromEntries(s.decks.map((d) => [d.id, d.card_count]))).toEqual({ [d1]: 0, [d3]: 1 });
    expect(s.cards.map((c) => c.id)).toEqual([c3]);
    expect(s.log.filter((r) => r.deleted === 1).map((r) => r.row_id).sort()).toEqual([d2, c1, c2, c4, c5].sort());
  });

  it('deletes focus sessions: an active one, a completed one, and the winner of two active ones beside a new start', async () => {
    const [f1, f2, f3, f4, f5] = Array.from({ length: 5 }, id);
    const row = (status: string, start: string, end?: string) => ({ mode: 'focus', duration: 1500, status, started_at: start, ...(end ? { completed_at: end } : {}), paused_total: 0 });
    await both([upsert('focus_sessions', f1, row('active', '2026-11-20T11:00:00.000Z')), upsert('focus_sessions', f2, row('completed', '2026-11-20T09:00:00.000Z', '2026-11-20T09:25:00.000Z'))]);
    await both([del('focus_sessions', f1)]);
    await both([del('focus_sessions', f2)]);
    await both([upsert('focus_sessions', f3, row('active', '2026-11-20T11:10:00.000Z')), upsert('focus_sessions', f4, row('active', '2026-11-20T11:20:00.000Z'))]);
    await both([del('focus_sessions', f4), upsert('focus_sessions', f5, row('active', '2026-11-20T11:05:00.000Z'))]);
    const focus = Object.fromEntries((await state(planned)).focus.map((f) => [f.id, f.status]));
    expect(focus).toEqual({ [f3]: 'abandoned', [f5]: 'active' });
  });

  it('deletes habit logs, skips and a habit with its logs; undoes a paid log and logs again (paid nothing more)', async () => {
    const [h1, h2, l1, l2, l3, l4, l5, s1, g1, g2] = Array.from({ length: 10 }, id);
    const habit = (hid: string) => upsert('habits', hid, { name: hid, xp_reward: 10, coin_reward: 5, skill_id: 'guts', created_at: '2026-10-01T00:00:00.000Z' });
    const log = (lid: string, hid: string, date: string) => upsert('habit_logs', lid, { habit_id: hid, date, count: 1, created_at: at(date) });
    const done = (lid: string, date: string) => ({ id: id(), event_type: 'habit_complete', entity_id: lid, created_at: at(date), local_date: date });
    const first = await both(
      [habit(h1), habit(h2), log(l1, h1, '2026-11-16'), log(l2, h1, '2026-11-17'), log(l3, h1, '2026-11-19'), upsert('habit_skips', s1, { habit_id: h1, date: '2026-11-18' }), log(g1, h2, '2026-11-18'), log(g2, h2, '2026-11-19')],
      [done(l1, '2026-11-16'), done(l2, '2026-11-17'), done(l3, '2026-11-19'), done(g1, '2026-11-18'), done(g2, '2026-11-19')],
    );
    expect(first.reply.accepted).toHaveLength(5);
    await both([del('habit_logs', l1)]);
    await both([del('habit_skips', s1)]);
    // undo of the paid log of the 19th, then logged again: nothing more is paid for that day
    await both([del('habit_logs', l3)]);
    const again = await both([log(l4, h1, '2026-11-19')], [done(l4, '2026-11-19')]);
    expect(again.reply.accepted).toHaveLength(0);
    expect(again.reply.rejected).toHaveLength(1);
    expect((await state(planned)).events.filter((e) => e.entity_id === l4)).toEqual([]);
    // a log written and deleted in one push
    await both([log(l5, h1, '2026-11-20'), del('habit_logs', l5)]);
    await both([del('habits', h2)]);
    const s = await state(planned);
    expect(s.logs.map((l) => l.id)).toEqual([l2, l4].sort());
    expect(s.streaks.map((r) => r.streak_type)).toContain(`habit:${h1}`);
  });

  it('answers events beside deletes: a deleted journal entry’s event, a deleted log’s habit_complete, a reading session under a deleted book, a new log undone and relogged with its event', async () => {
    const [j1, j2, j3, b1, r1, h, l1, l2, l3] = Array.from({ length: 9 }, id);
    const entry = (jid: string, date: string) => upsert('journal_entries', jid, { date, content: 'x', created_at: at(date) });
    const jev = (jid: string, date: string) => ({ id: id(), event_type: 'journal_entry', entity_id: jid, created_at: at(date), local_date: date });
    await both([entry(j1, '2026-11-18'), entry(j3, '2026-11-17')]);
    const journal = await both([del('journal_entries', j1), entry(j2, '2026-11-19')], [jev(j1, '2026-11-18'), jev(j2, '2026-11-19')]);
    expect(journal.reply.accepted).toHaveLength(1);
    expect(journal.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    // a journal entry's event beside a delete of something else entirely
    await both([del('journal_entries', j3)], [jev(j2, '2026-11-19')]);

    await both([upsert('books', b1, { title: 'Dune', total_pages: 300, current_page: 0, status: 'reading' }), upsert('reading_sessions', r1, { book_id: b1, pages_read: 20, end_page: 20, date: '2026-11-19' })]);
    const book = await both([del('books', b1)], [{ id: id(), event_type: 'reading_session', entity_id: r1, created_at: at('2026-11-19'), local_date: '2026-11-19' }]);
    expect(book.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);

    const habitRow = upsert('habits', h, { name: 'h', xp_reward: 10, coin_reward: 5, skill_id: 'guts', target_count: 2, created_at: '2026-10-01T00:00:00.000Z' });
    const log = (lid: string, date: string) => upsert('habit_logs', lid, { habit_id: h, date, count: 1, created_at: at(date) });
    const done = (lid: string, date: string) => ({ id: id(), event_type: 'habit_complete', entity_id: lid, created_at: at(date), local_date: date });
    await both([habitRow, log(l1, '2026-11-19')], [done(l1, '2026-11-19')]);
    // the log deleted and its event sent in one push: no such log
    const gone = await both([log(l2, '2026-11-19'), del('habit_logs', l2)], [done(l2, '2026-11-19')]);
    expect(gone.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    // the paid log undone and a new one logged with its event in one push: the day's target is 2, one was paid
    const relog = await both([del('habit_logs', l1), log(l3, '2026-11-19')], [done(l3, '2026-11-19')]);
    expect(relog.reply.accepted).toHaveLength(1);
    expect((await state(planned)).events.find((e) => e.entity_id === l3)!.xp_earned).toBeGreaterThan(0);
    // the habit deleted and an event sent for a log of it (the database takes the log with it, without a tombstone)
    const l4 = id();
    await both([log(l4, '2026-11-20')]);
    const habitGone = await both([del('habits', h)], [done(l4, '2026-11-20')]);
    expect(habitGone.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    expect((await state(planned)).logs.filter((l) => l.habit_id === h)).toEqual([]);
  });

  it('answers purchases and planner events beside deletes: a purchase of a reward the push deletes, a deleted purchase, a deleted event', async () => {
    const [r1, r2, p1, p2, p3, c1, c2, j] = Array.from({ length: 8 }, id);
    // coins to spend: journal entries on three days
    for (const day of ['2026-11-17', '2026-11-18', '2026-11-19']) {
      const jid = id();
      await both([upsert('journal_entries', jid, { date: day, content: 'x', created_at: at(day) })], [{ id: id(), event_type: 'journal_entry', entity_id: jid, created_at: at(day), local_date: day }]);
    }
    const reward = (rid: string) => upsert('rewards', rid, { name: rid, cost: 1, kind: 'reward', is_global: false, is_active: true });
    const purchase = (pid: string, rid: string) => upsert('reward_purchases', pid, { reward_id: rid, cost: 1, redeemed: false, purchased_at: at('2026-11-20', 11) });
    const buy = (pid: string) => ({ id: id(), event_type: 'reward_purchase', entity_id: pid, created_at: at('2026-11-20', 11), local_date: '2026-11-20' });
    await both([reward(r1), reward(r2), purchase(p2, r2)]);
    // the reward deleted while a purchase of it is made: its purchases go with it
    const gone = await both([purchase(p1, r1), del('rewards', r1)], [buy(p1)]);
    expect(gone.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    // a purchase deleted and its event sent; and one bought beside a delete of something else
    await both([del('reward_purchases', p2), upsert('journal_entries', j, { date: '2026-11-20', content: 'y' })], [buy(p2)]);
    const ok = await both([purchase(p3, r2), del('journal_entries', j)], [buy(p3)]);
    expect(ok.reply.accepted).toHaveLength(1);

    const cal = (cid: string) => upsert('calendar_events', cid, { title: cid, start_time: at('2026-11-20', 9), end_time: at('2026-11-20', 10), completed: true });
    const doneEv = (cid: string) => ({ id: id(), event_type: 'planner_complete', entity_id: cid, created_at: at('2026-11-20', 11), local_date: '2026-11-20', metadata: { occurrence_date: '2026-11-20' } });
    await both([cal(c1)]);
    const planner = await both([del('calendar_events', c1), cal(c2)], [doneEv(c1), doneEv(c2)]);
    expect(planner.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    expect(planner.reply.accepted).toHaveLength(1);
  });

  it('answers focus sessions beside deletes: a deleted session’s event, and a session laid over a rewarded one the push deletes', async () => {
    const [f1, f2, f3, f4] = Array.from({ length: 4 }, id);
    const done = (start: string, end: string) => ({ mode: 'focus', duration: 1500, status: 'completed', started_at: start, completed_at: end, paused_total: 0 });
    const ev = (fid: string, end: string) => ({ id: id(), event_type: 'focus_complete', entity_id: fid, created_at: end, local_date: '2026-11-20' });
    // a session made and deleted in one push, with its event: no such session
    const gone = await both([upsert('focus_sessions', f1, done('2026-11-20T06:00:00.000Z', '2026-11-20T06:25:00.000Z')), del('focus_sessions', f1)], [ev(f1, '2026-11-20T06:25:00.000Z')]);
    expect(gone.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['unknown_entity']);
    // a rewarded session, then one laid over it: refused while the first stands, paid once the same push deletes it
    await both([upsert('focus_sessions', f2, done('2026-11-20T07:00:00.000Z', '2026-11-20T07:25:00.000Z'))], [ev(f2, '2026-11-20T07:25:00.000Z')]);
    const over = await both([upsert('focus_sessions', f3, done('2026-11-20T07:05:00.000Z', '2026-11-20T07:30:00.000Z'))], [ev(f3, '2026-11-20T07:30:00.000Z')]);
    expect(over.reply.rejected.map((r: { code: string }) => r.code)).toEqual(['focus_overlap']);
    const freed = await both([del('focus_sessions', f2), upsert('focus_sessions', f4, done('2026-11-20T07:02:00.000Z', '2026-11-20T07:27:00.000Z'))], [ev(f4, '2026-11-20T07:27:00.000Z')]);
    expect(freed.reply.accepted).toHaveLength(1);
  });

  it('leaves a delete beside a review_complete event to the interactive push (its rewarder does not drop deleted rows), with the same answers', async () => {
    const [f, j] = [id(), id()];
    await both([upsert('journal_entries', j, { date: '2026-11-19', content: 'x' })]);
    const out = await both([del('journal_entries', j)], [{ id: id(), event_type: 'review_complete', entity_id: f, created_at: at('2026-11-20', 11), local_date: '2026-11-20', metadata: { card_ids: [] } }], false);
    expect(out.fellBack).toEqual(['needs the interactive push: a delete and events in one push']);
    expect(plannable({ changes: [del('habits', 'x'), del('flashcard_decks', 'y'), del('focus_sessions', 'z')], events: [] })).toBe(true);
  });
});
