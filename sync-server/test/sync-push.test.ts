import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, progressOf, push, pushOk } from './sync-helpers.ts';
import { writeThroughSync } from '../src/services/rest-write.ts';
import { ApiError } from '../src/errors.ts';

let t: TestApp;
let cookie: string;
const EMAIL = 'push@example.com';
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-11-24T18:00:00.000Z'));
  cookie = await t.signIn(EMAIL);
});
afterEach(() => t.close());

describe('push is idempotent', () => {
  it('applies the same push sent five times in a row once', async () => {
    const j = journal('2026-11-24');
    const first = await pushOk(t, cookie, [j.change], [j.event]);
    expect(first.accepted).toEqual([j.event.id]);
    for (let i = 0; i < 4; i++) {
      const again = await pushOk(t, cookie, [j.change], [j.event]);
      expect(again.accepted).toEqual([j.event.id]);
      expect(again.progress.total_xp).toBe(10);
    }
    expect(await progressOf(t, EMAIL)).toMatchObject({ total_xp: 10, coins: 5 });
    const n = await t.db.execute("SELECT COUNT(*) AS n FROM activity_events WHERE event_type = 'journal_entry'");
    expect(Number(n.rows[0].n)).toBe(1);
  });

  it('applies the same push sent five times at once once', async () => {
    const j = journal('2026-11-24');
    const replies = await Promise.all(Array.from({ length: 5 }, () => push(t, cookie, [j.change], [j.event])));
    for (const r of replies) expect(r.status).toBe(200);
    expect(await progressOf(t, EMAIL)).toMatchObject({ total_xp: 10, coins: 5 });
  });
});

describe('the server is the authority', () => {
  it('ignores the XP and coins a client claims', async () => {
    const j = journal('2026-11-24');
    const r = await pushOk(t, cookie, [j.change], [j.event]);
    expect(r.progress).toMatchObject({ total_xp: 10, coins: 5, level: 1 });
  });

  it('rejects a purchase beyond the balance with insufficient_coins', async () => {
    const reward = (await t.db.execute("SELECT id FROM rewards WHERE name = 'Order Takeout'")).rows[0];
    const purchaseId = id();
    const r = await pushOk(
      t,
      cookie,
      [{ table: 'reward_purchases', id: purchaseId, op: 'upsert', fields: { reward_id: reward.id, purchased_at: '2026-11-24T10:00:00.000Z', redeemed: false }, hlc: hlc() }],
      [{ id: id(), event_type: 'reward_purchase', entity_id: purchaseId, created_at: '2026-11-24T10:00:00.000Z', coins_earned: 0 }],
    );
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].code).toBe('insufficient_coins');
    expect(r.progress.coins).toBe(0);
    const left = await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM reward_purchases WHERE id = ?', args: [purchaseId] });
    expect(Number(left.rows[0].n)).toBe(0);
  });

  it('accepts a purchase the balance covers and takes the real cost', async () => {
    const changes = [];
    const events = [];
    for (let d = 1; d <= 7; d++) {
      const j = journal(`2026-11-${String(10 + d).padStart(2, '0')}`);
      changes.push(j.change);
      events.push(j.event);
    }
    await pushOk(t, cookie, changes, events);
    const before = await progressOf(t, EMAIL);
    const reward = (await t.db.execute("SELECT id, cost FROM rewards WHERE name = 'Power Nap'")).rows[0];
    const purchaseId = id();
    const r = await pushOk(
      t,
      cookie,
      [{ table: 'reward_purchases', id: purchaseId, op: 'upsert', fields: { reward_id: reward.id, purchased_at: '2026-11-24T10:00:00.000Z', redeemed: false, cost: 1 }, hlc: hlc() }],
      [{ id: id(), event_type: 'reward_purchase', entity_id: purchaseId, created_at: '2026-11-24T10:00:00.000Z', coins_earned: 0 }],
    );
    expect(r.rejected).toEqual([]);
    expect(r.progress.coins).toBe(before.coins - Number(reward.cost));
  });

  it('rewards a lesson completed twice once', async () => {
    const lesson = (await t.db.execute('SELECT id FROM lessons LIMIT 1')).rows[0];
    let lessonId = lesson?.id as string | undefined;
    if (!lessonId) {
      await t.db.execute("INSERT INTO courses (id, title, is_published) VALUES ('c_test', 'Test course', 1)");
      await t.db.execute("INSERT INTO lessons (id, course_id, title, content, order_index, xp_reward) VALUES ('l_test', 'c_test', 'One', 'Hello', 1, 30)");
      lessonId = 'l_test';
    }
    const ev = () => ({ id: id(), event_type: 'lesson_complete', entity_id: lessonId, created_at: '2026-11-24T10:00:00.000Z' });
    const first = await pushOk(t, cookie, [], [ev()]);
    expect(first.accepted).toHaveLength(1);
    const second = await pushOk(t, cookie, [], [ev()]);
    expect(second.rejected[0].code).toBe('already_rewarded');
    expect(second.progress.total_xp).toBe(first.progress.total_xp);
  });

  it('does not let a clock three days ahead extend a streak', async () => {
    const today = journal('2026-11-24');
    await pushOk(t, cookie, [today.change], [today.event]);
    const future = journal('2026-11-27', '2026-11-27T12:00:00.000Z');
    const r = await pushOk(t, cookie, [future.change], [future.event]);
    // Clamped to the server's now: same local day as the first entry, so no second day and no reward twice.
    expect(r.streaks.daily.current).toBe(1);
    expect(r.rejected.map((x: { code: string }) => x.code)).toEqual(['already_rewarded']);
    const dates = await t.db.execute("SELECT DISTINCT local_date FROM activity_events WHERE event_type = 'journal_entry'");
    expect(dates.rows.map((x) => x.local_date)).toEqual(['2026-11-24']);
  });

  it('rejects unknown event types and references to rows that do not exist', async () => {
    const r = await pushOk(t, cookie, [], [
      { id: id(), event_type: 'free_money', created_at: '2026-11-24T10:00:00.000Z' },
      { id: id(), event_type: 'journal_entry', entity_id: 'nope', created_at: '2026-11-24T10:00:00.000Z' },
      { id: id(), event_type: 'quest_complete', entity_id: 'q_deep_focus', created_at: '2026-11-24T10:00:00.000Z' },
    ]);
    expect(r.rejected.map((x: { code: string }) => x.code).sort()).toEqual(['server_only', 'unknown_entity', 'unknown_event_type']);
    expect(r.progress.total_xp).toBe(0);
  });
});

describe('offline for a month', () => {
  it('gives the streak that living through 30 days would have', async () => {
    const changes = [];
    const events = [];
    for (let d = 0; d < 30; d++) {
      const date = new Date(Date.UTC(2026, 9, 26 + d)).toISOString().slice(0, 10);
      const j = journal(date);
      changes.push(j.change);
      events.push(j.event);
    }
    // Arriving in reverse order changes nothing.
    const r = await pushOk(t, cookie, changes.reverse(), events.reverse());
    expect(r.accepted).toHaveLength(30);
    expect(r.streaks.daily).toMatchObject({ current: 30, best: 30 });
    expect(r.progress.total_xp).toBeGreaterThanOrEqual(300);
  });

  it('a Mon/Wed/Fri habit over a month with a week of vacation: the streak and bonuses living through it would give, however the push is ordered', async () => {
    // 2026-10-26 is a Monday; the clock says 2026-11-24 (a Tuesday).
    const habitId = id();
    const days = Array.from({ length: 30 }, (_, d) => new Date(Date.UTC(2026, 9, 26 + d)).toISOString().slice(0, 10));
    const due = days.filter((d) => [1, 3, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    const vacation = days.filter((d) => d >= '2026-11-09' && d <= '2026-11-15');
    const changes: unknown[] = [{ table: 'habits', id: habitId, op: 'upsert', fields: { name: 'Climb', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5, schedule: 'weekdays', schedule_days: 21 }, hlc: hlc() }];
    const events: unknown[] = [];
    for (const d of vacation) changes.push({ table: 'habit_skips', id: id(), op: 'upsert', fields: { habit_id: habitId, date: d, reason: 'vacation' }, hlc: hlc() });
    // Done on every due day outside the vacation, and once on a Tuesday (which counts for nothing in the streak).
    for (const d of [...due.filter((x) => !vacation.includes(x)), '2026-11-03']) {
      const logId = id();
      changes.push({ table: 'habit_logs', id: logId, op: 'upsert', fields: { habit_id: habitId, date: d, count: 1 }, hlc: hlc() });
      events.push({ id: id(), event_type: 'habit_complete', entity_id: logId, created_at: `${d}T19:00:00.000Z`, local_date: d });
    }
    const doneDue = due.filter((x) => !vacation.includes(x)).length;
    expect(doneDue).toBe(10);
    // Events arrive newest first; the rows come first (a log must exist before its event).
    const r = await pushOk(t, cookie, changes, events.reverse());
    expect(r.changeErrors).toEqual([]);
    expect(r.accepted).toHaveLength(11);
    // Ten due days done with the vacation week between them: one run of 10 (the 7-day bonus once), as of Tuesday the 24th.
    const streak = (await t.db.execute({ sql: "SELECT current_streak, best_streak FROM user_streaks WHERE streak_type = 'habit:' || ?", args: [habitId] })).rows[0];
    expect([Number(streak.current_streak), Number(streak.best_streak)]).toEqual([10, 10]);
    expect(r.progress.total_xp).toBe(11 * 10 + 7);
    expect(r.progress.coins).toBe(11 * 5);
  });
});

describe('ownership', () => {
  it('never lets one user change or reference another user’s rows', async () => {
    const habitId = id();
    await pushOk(t, cookie, [{ table: 'habits', id: habitId, op: 'upsert', fields: { name: 'Mine', frequency: 'daily', target_count: 1 }, hlc: hlc() }]);
    const other = await t.signIn('other@example.com');
    const r = await pushOk(t, other, [
      { table: 'habits', id: habitId, op: 'upsert', fields: { name: 'Stolen' }, hlc: hlc(Date.now() + 10_000) },
      { table: 'habit_logs', id: id(), op: 'upsert', fields: { habit_id: habitId, date: '2026-11-24', count: 1 }, hlc: hlc() },
      { table: 'habits', id: habitId, op: 'delete', hlc: hlc(Date.now() + 20_000) },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(['forbidden', 'unknown_reference', 'forbidden']);
    const row = await t.db.execute({ sql: 'SELECT name FROM habits WHERE id = ?', args: [habitId] });
    expect(row.rows[0].name).toBe('Mine');
    const pulled = await (await t.req('/api/sync/pull', { cookie: other })).json();
    expect(pulled.changes.some((c: { id: string }) => c.id === habitId)).toBe(false);
  });

  it('refuses writes to server-made and shared tables', async () => {
    const r = await pushOk(t, cookie, [
      { table: 'user_progress', id: 'x', op: 'upsert', fields: { total_xp: 1e9 }, hlc: hlc() },
      { table: 'skill_definitions', id: 'knowledge', op: 'upsert', fields: { max_level: 99 }, hlc: hlc() },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(['read_only_table', 'read_only_table']);
  });
});

describe('bad pushes', () => {
  it('answers a malformed push with 422 and writes nothing', async () => {
    const res = await t.req('/api/sync/push', { cookie, body: { protocolVersion: 1, clientId: 'x', changes: [{ table: 'habits' }], events: [] } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('validation_failed');
  });

  it('tells an outdated client so', async () => {
    const res = await t.req('/api/sync/push', { cookie, body: { protocolVersion: 0, clientId: 'x', changes: [], events: [] } });
    expect(res.status).toBe(426);
    expect((await res.json()).error.code).toBe('client_outdated');
  });

  it('refuses a push over the limit with push_too_large', async () => {
    const events = Array.from({ length: 1001 }, () => ({ id: id(), event_type: 'journal_entry', entity_id: 'x', created_at: '2026-11-24T10:00:00.000Z' }));
    const res = await t.req('/api/sync/push', { cookie, body: { protocolVersion: 1, clientId: 'x', changes: [], events } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('push_too_large');
  });

  it('rejects a change with a wrong type or unknown column without applying it', async () => {
    const hid = id();
    const r = await pushOk(t, cookie, [
      { table: 'habits', id: hid, op: 'upsert', fields: { name: 'X', target_count: 'lots' }, hlc: hlc() },
      { table: 'habits', id: id(), op: 'upsert', fields: { name: 'Y', owner_is_admin: true }, hlc: hlc() },
    ]);
    expect(r.changeErrors.map((e: { code: string }) => e.code)).toEqual(['invalid_field', 'unknown_field']);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM habits')).rows[0].n)).toBe(0);
  });
});

describe('pull', () => {
  it('pages through changes with a cursor, without gaps or repeats', async () => {
    const changes = Array.from({ length: 25 }, (_, i) => ({ table: 'books', id: id(), op: 'upsert', fields: { title: `Book ${i}` }, hlc: hlc() }));
    await pushOk(t, cookie, changes);
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const res = await t.req(`/api/sync/pull?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
      const page = await res.json();
      for (const c of page.changes) if (c.table === 'books') {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.size).toBe(25);
  });

  it('sends rows as typed JSON (bools, JSON columns, nulls), tombstones with clocks, and shared rows in seq order among the user’s own', async () => {
    const ev = id();
    const at = hlc();
    await pushOk(t, cookie, [
      { table: 'calendar_events', id: ev, op: 'upsert', fields: { title: 'Swim', start_time: '2026-11-25T07:00:00.000Z', all_day: true, completed: false, exdates: ['2026-11-26'] }, hlc: at },
    ]);
    // A shared row (no user) changed between the user's own changes, and a raw text that is not JSON.
    await t.db.execute("UPDATE calendar_events SET completed_dates = 'not json' WHERE id = ?", [ev]);
    const before = Number((await t.db.execute('SELECT MAX(seq) AS s FROM sync_rows')).rows[0].s);
    await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('exercises', 'ex_gone', NULL, '{}', 1)", args: [] });
    const gone = id();
    await pushOk(t, cookie, [{ table: 'books', id: gone, op: 'upsert', fields: { title: 'Gone' }, hlc: hlc() }]);
    await pushOk(t, cookie, [{ table: 'books', id: gone, op: 'delete', hlc: hlc() }]);

    const all: { table: string; id: string; op: string; row?: Record<string, unknown>; clocks: Record<string, string>; seq: number }[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await t.req(`/api/sync/pull?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const page = await res.json();
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const seqs = all.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const cal = all.find((c) => c.id === ev)!;
    expect(cal.op).toBe('upsert');
    expect(cal.row).toMatchObject({ id: ev, title: 'Swim', all_day: true, completed: false, exdates: ['2026-11-26'], completed_dates: 'not json', description: null });
    expect(cal.row).not.toHaveProperty('user_id');
    expect(cal.clocks).toMatchObject({ title: at, all_day: at });
    const after = all.filter((c) => c.seq > before).map((c) => [c.table, c.op]);
    expect(after).toEqual([['exercises', 'delete'], ['books', 'delete']]);
    const tomb = all.find((c) => c.id === gone)!;
    expect(tomb).not.toHaveProperty('row');
    expect(Object.keys(tomb.clocks).length).toBeGreaterThan(0);
  });

  it('passes over a change whose row is gone, in a page of the user’s own changes (joined by SQLite) and in one with shared rows', async () => {
    const before = Number((await t.db.execute('SELECT MAX(seq) AS s FROM sync_rows')).rows[0].s);
    const books = [id(), id(), id()];
    await pushOk(t, cookie, books.map((b, i) => ({ table: 'books', id: b, op: 'upsert', fields: { title: `Kept ${i}` }, hlc: hlc() })));
    await t.db.execute({ sql: 'DELETE FROM books WHERE id = ?', args: [books[1]] });
    const last = Number((await t.db.execute('SELECT MAX(seq) AS s FROM sync_rows')).rows[0].s);
    // Own changes only (after every shared row).
    const own = await (await t.req(`/api/sync/pull?limit=10&cursor=${before}`, { cookie })).json();
    expect(own.changes.map((c: { id: string }) => c.id)).toEqual([books[0], books[2]]);
    expect(own).toMatchObject({ cursor: String(last), hasMore: false });
    // A shared row inside the page: the same result, merged with it by seq.
    await t.db.execute({ sql: "INSERT INTO sync_rows (table_name, row_id, user_id, clocks, deleted) VALUES ('exercises', 'ex_gone_too', NULL, '{}', 1)", args: [] });
    const mixed = await (await t.req(`/api/sync/pull?limit=10&cursor=${before}`, { cookie })).json();
    expect(mixed.changes.map((c: { id: string }) => c.id)).toEqual([books[0], books[2], 'ex_gone_too']);
    // A page whose only change is gone: empty, and the cursor still moves past it.
    const emptyPage = await (await t.req(`/api/sync/pull?limit=1&cursor=${Number(own.changes[0].seq)}`, { cookie })).json();
    expect(emptyPage.changes).toEqual([]);
    expect(Number(emptyPage.cursor)).toBeGreaterThan(Number(own.changes[0].seq));
  });

  it('sends text outside ASCII byte for byte (the page is written from SQLite’s UTF-8)', async () => {
    const title = 'Café ☕ — 日本語の本 🚀 "quoted" \\ back\nline';
    const book = id();
    await pushOk(t, cookie, [{ table: 'books', id: book, op: 'upsert', fields: { title, author: 'Zoë Ñúñez' }, hlc: hlc() }]);
    let cursor: string | undefined;
    let row: Record<string, unknown> | undefined;
    for (;;) {
      const res = await t.req(`/api/sync/pull?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
      expect(res.headers.get('content-type')).toMatch(/charset=UTF-8/i);
      const page = await res.json();
      row ??= page.changes.find((c: { id: string }) => c.id === book)?.row;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(row).toMatchObject({ title, author: 'Zoë Ñúñez' });
  });

  it('rejects a bad cursor with 422', async () => {
    const res = await t.req('/api/sync/pull?cursor=abc', { cookie });
    expect(res.status).toBe(422);
  });
});

describe('rows that break the database’s own rules', () => {
  it('refuses a new row missing a required column with a code instead of a 500, and keeps the rest of the push', async () => {
    // The file's app (beforeEach); this test's own person.
    const cookie = await t.signIn('constraints@example.com');
    const sessionId = id();
    const okSet = id();
    const badSet = id();
    const res = await push(t, cookie, [
      { table: 'workout_sessions', id: sessionId, op: 'upsert', fields: { started_at: '2026-11-20T10:00:00.000Z' }, hlc: hlc() },
      { table: 'workout_sets', id: okSet, op: 'upsert', fields: { session_id: sessionId, exercise_id: 'ex_Barbell_Squat', set_number: 1, weight: 100, reps: 5 }, hlc: hlc() },
      { table: 'workout_sets', id: badSet, op: 'upsert', fields: { session_id: sessionId, set_number: 2, weight: 100, reps: 5 }, hlc: hlc() },
    ]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.changeErrors).toEqual([expect.objectContaining({ id: badSet, code: 'invalid_row' })]);
    const rows = await t.db.execute({ sql: 'SELECT id FROM workout_sets WHERE session_id = ?', args: [sessionId] });
    expect(rows.rows.map((r) => r.id)).toEqual([okSet]);
    const logged = await t.db.execute({ sql: 'SELECT COUNT(*) AS n FROM sync_rows WHERE row_id = ?', args: [badSet] });
    expect(Number(logged.rows[0].n)).toBe(0);
  });
});

describe('what pull keeps private', () => {
  it('never sends an admin’s triage notes to the person who gave the feedback', async () => {
    // The file's app (beforeEach); this test's own person.
    const cookie = await t.signIn('feedback.giver@example.com');
    const feedbackId = id();
    await pushOk(t, cookie, [{ table: 'user_feedback', id: feedbackId, op: 'upsert', fields: { type: 'bug', title: 'Timer', description: 'It skips', status: 'open' }, hlc: hlc() }]);
    await t.db.execute({ sql: "UPDATE user_feedback SET admin_notes = 'reporter seems confused', status = 'in_progress' WHERE id = ?", args: [feedbackId] });
    const res = await t.req('/api/sync/pull', { cookie });
    const page = await res.json();
    const row = page.changes.find((c: { id: string }) => c.id === feedbackId)?.row;
    expect(row).toBeDefined();
    expect(row).not.toHaveProperty('admin_notes');
    expect(JSON.stringify(page)).not.toContain('seems confused');
  });
});

describe('a REST write the push refuses', () => {
  it('answers 404 and writes nothing of it: not its other rows, not the change log', async () => {
    const other = await t.signIn('someone-else@example.com');
    const theirs = id();
    await pushOk(t, other, [{ table: 'books', id: theirs, op: 'upsert', fields: { title: 'Theirs' }, hlc: hlc() }]);
    const me = String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [EMAIL] })).rows[0].id);
    const mine = id();
    const seqBefore = Number((await t.db.execute('SELECT COALESCE(MAX(seq), 0) AS s FROM sync_rows')).rows[0].s);
    const err = await writeThroughSync({ db: t.db, env: t.env }, me, [
      { table: 'books', id: mine, fields: { title: 'Mine' } },
      { table: 'books', id: theirs, fields: { title: 'Taken' } },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
    expect((await t.db.execute({ sql: 'SELECT id FROM books WHERE id = ?', args: [mine] })).rows).toHaveLength(0);
    expect((await t.db.execute({ sql: 'SELECT title FROM books WHERE id = ?', args: [theirs] })).rows[0].title).toBe('Theirs');
    expect(Number((await t.db.execute('SELECT COALESCE(MAX(seq), 0) AS s FROM sync_rows')).rows[0].s)).toBe(seqBefore);
  });
});
