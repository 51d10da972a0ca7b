import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResultSet } from '@libsql/client';
import { createTestApp, type TestApp } from './test-app.ts';
import { createApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { loadEnv } from '../src/env.ts';
import type { RoundTripClient } from '../src/db/round-trips.ts';
import { hlc, id, push } from './sync-helpers.ts';
import { fallbacks, plannable } from '../src/services/sync/planned-push.ts';
import { habitLogWritesFrom, habitStreakFacts, habitStreakReads, type HabitQuery } from '../src/services/sync/habit-streaks.ts';
import { habitComplete, PAID_SQL } from '../src/services/sync/rewarders/habit-complete.ts';
import type { PlacedEvent, Row, WrittenRows } from '../src/services/sync/rewarders/types.ts';
import { NeedsInteractivePush } from '../src/services/sync/write-sink.ts';

/**
 * Habits on the planned push (issue 20): pushes with habit logs, skips, schedule changes and
 * habit_complete events take the planned push and give exactly what the interactive push gives.
 */

const rs = (rows: Row[]) => ({ rows }) as unknown as ResultSet;
const written = (tables: Record<string, Record<string, Row>>): WrittenRows => new Map(Object.entries(tables).map(([t, rows]) => [t, new Map(Object.entries(rows))]));
const upsert = (table: string, rowId: string, fields: Record<string, unknown>) => ({ table, id: rowId, op: 'upsert' as const, fields, hlc: hlc() });

describe('the habit streaks read with the push (no database)', () => {
  const q = (changes: HabitQuery['changes'], events: HabitQuery['events'] = []): HabitQuery => ({ userId: 'u', changes, events });
  const habitRow = (over: Record<string, unknown> = {}) => ({ id: 'h', user_id: 'u', frequency: 'daily', target_count: 1, _history: null, _floor: '', _logs: null, _skips: null, ...over });

  it('reads nothing for a push without habit work, and one batch of two statements otherwise', () => {
    expect(habitStreakReads(q([upsert('journal_entries', 'j', { date: '2026-03-01' })]))).toEqual([]);
    const reads = habitStreakReads(q([upsert('habit_logs', 'l1', { habit_id: 'h', date: '2026-03-01', count: 1 })], [{ id: 'e', event_type: 'habit_complete', entity_id: 'l2', created_at: '2026-03-01T10:00:00Z' }]));
    expect(reads).toHaveLength(2);
    // The named logs: the pushed one and the event's (stored, not in the push).
    expect(JSON.parse(String((reads[0] as { args: unknown[] }).args[1]))).toEqual(['l1', 'l2']);
  });

  it('tells which habits a push changed from the stored rows it names, and lays its writes over what was read', () => {
    const changes = [
      upsert('habit_logs', 'new', { habit_id: 'h', date: '2026-03-05', count: 1 }),
      upsert('habit_logs', 'moved', { date: '2026-03-02' }),
      upsert('habit_skips', 'sk', { habit_id: 'h', date: '2026-03-03' }),
    ];
    const facts = habitStreakFacts(
      [
        rs([{ t: 'l', id: 'moved', habit_id: 'h', date: '2026-03-01', count: 2 }]),
        rs([habitRow({ _logs: '2026-03-01\x1f2\x1e2026-03-04\x1f1', _skips: null })]),
      ],
      q(changes),
    );
    const w = habitLogWritesFrom(facts, changes, written({ habit_logs: { new: { habit_id: 'h', date: '2026-03-05', count: 1 }, moved: { date: '2026-03-02' } }, habit_skips: { sk: { habit_id: 'h', date: '2026-03-03' } } }));
    expect([...w.inserted]).toEqual([['h', '2026-03-05']]);
    expect([...w.changed]).toEqual(['h']);
    const logs = w.known!.habits.get('h')!.logs.map((l) => `${l.date}:${l.count}${l.skip ? 's' : ''}`).sort();
    expect(logs).toEqual(['2026-03-02:2', '2026-03-03:0s', '2026-03-04:1', '2026-03-05:1']);
    expect(w.known!.habits.get('h')!.row.frequency).toBe('daily');
  });

  it('leaves the push to read after applying when it deletes habit rows, logs or skips', () => {
    const changes = [{ table: 'habit_logs', id: 'l', op: 'delete' as const, hlc: hlc() }];
    const facts = habitStreakFacts([rs([{ t: 'l', id: 'l', habit_id: 'h', date: '2026-03-01', count: 1 }]), rs([habitRow({ _logs: '2026-03-01\x1f1' })])], q(changes));
    const w = habitLogWritesFrom(facts, changes, new Map());
    expect([...w.changed]).toEqual(['h']);
    expect(w.known).toBeUndefined();
  });

  it('fills a new habit with its table defaults, and leaves an every-N-days one without its day made to the database', () => {
    const changes = [upsert('habits', 'n', { name: 'x', schedule: 'every_n_days', schedule_every: 3 }), upsert('habit_logs', 'l', { habit_id: 'n', date: '2026-03-01' })];
    const facts = habitStreakFacts([rs([]), rs([])], q(changes));
    expect(habitLogWritesFrom(facts, changes, written({ habits: { n: { name: 'x', schedule: 'every_n_days', schedule_every: 3 } }, habit_logs: { l: { habit_id: 'n', date: '2026-03-01' } } })).known).toBeUndefined();
    const daily = habitLogWritesFrom(facts, changes, written({ habits: { n: { name: 'x' } }, habit_logs: { l: { habit_id: 'n', date: '2026-03-01' } } }));
    expect(daily.known!.habits.get('n')!.row).toMatchObject({ id: 'n', frequency: 'daily', target_count: 1 });
    expect(daily.known!.habits.get('n')!.logs).toEqual([{ date: '2026-03-01', count: 1 }]);
  });
});

describe('habit_complete rewarder (no database)', () => {
  const ev = (over: Partial<PlacedEvent> = {}): PlacedEvent => ({ id: 'e1', event_type: 'habit_complete', entity_id: 'l1', created_at: '2026-03-10T12:00:00.000Z', local_date: '2026-03-10', ...over });
  const window = (rows: Row[], lo = '2026-03-03', hi = '2026-03-16') => rs(rows.length ? rows.map((r) => ({ lo, hi, ...r })) : [{ lo, hi, hid: null }]);

  it('reads the logs its events name and what was paid around their days, laying the push over both', () => {
    const q = { userId: 'u', events: [ev()], written: written({ habit_logs: { l1: { habit_id: 'h', date: '2026-03-10', count: 1 }, old: { date: '2026-03-09' } } }) };
    expect(habitComplete.reads(q)).toHaveLength(2);
    const facts = habitComplete.facts(
      [rs([]), window([{ hid: 'h', ld: null, mc: null, eid: 'old', ldate: '2026-03-01', lcount: 2 }, { hid: 'h', ld: '2026-03-10', mc: 1, eid: 'x', ldate: null, lcount: null }])],
      q,
    );
    expect(habitComplete.entity(facts, 'l1')).toMatchObject({ habit_id: 'h', date: '2026-03-10' });
    // The legacy event of a log moved to the 9th counts there; the modern one by its own log date.
    expect(facts.paid.map((p) => [p.logDate ?? p.rowDate, p.metaCount ?? p.rowCount])).toEqual([
      ['2026-03-09', 2],
      ['2026-03-10', 1],
    ]);
  });

  it('pays up to the target in a period, counting what was paid and what this push paid before', () => {
    const facts = habitComplete.facts([rs([{ id: 'l1', habit_id: 'h', date: '2026-03-10', count: 1 }]), window([])], { userId: 'u', events: [ev()], written: new Map() });
    const habit = { id: 'h', frequency: 'daily', target_count: 2, xp_reward: 10, coin_reward: 5, skill_id: 'guts' };
    const row = habitComplete.entity(facts, 'l1');
    facts.ready.set('e1', { habit, logDate: '2026-03-10', paidBefore: 1, before: 0, after: 1 });
    expect(habitComplete.reward(ev(), row, facts, { userId: 'u', today: () => ({ count: 0, xp: 0 }) }).result).toMatchObject({ xp: 10, coins: 5 });
    facts.ready.set('e2', { habit, logDate: '2026-03-10', paidBefore: 1, before: 0, after: 1 });
    expect('rejected' in habitComplete.reward(ev({ id: 'e2' }), row, facts, { userId: 'u', today: () => ({ count: 0, xp: 0 }) }).result).toBe(true);
    facts.ready.set('e3', null);
    expect(habitComplete.reward(ev({ id: 'e3' }), row, facts, { userId: 'u', today: () => ({ count: 0, xp: 0 }) }).result).toMatchObject({ rejected: 'unknown_entity' });
  });

  it('sends a new log without its day, paid before its day was recorded, the interactive way', () => {
    const q = { userId: 'u', events: [ev({ entity_id: 'x' })], written: written({ habit_logs: { old: { habit_id: 'h' } } }) };
    expect(() => habitComplete.facts([rs([]), window([{ hid: 'h', ld: null, mc: null, eid: 'old', ldate: null, lcount: null }])], q)).toThrow(NeedsInteractivePush);
  });
});

/**
 * The same pushes on two servers, one made the interactive way and one the planned way (strict:
 * a fallback is a 500): every reply and every row that counts must be the same.
 */
describe('habit pushes, planned and interactive', () => {
  let inter: TestApp;
  let planned: TestApp;
  const cookies = new Map<TestApp, { me: string; other: string }>();
  const NOW = new Date('2026-11-20T12:00:00.000Z');
  beforeAll(async () => {
    [inter, planned] = [await createTestApp(), await createTestApp()];
    for (const t of [inter, planned]) {
      t.setNow(NOW);
      cookies.set(t, { me: await t.signIn('habits@example.com'), other: await t.signIn('other@example.com') });
    }
  });
  afterAll(() => {
    inter?.close();
    planned?.close();
  });
  afterEach(() => vi.unstubAllEnvs());

  /** One push to both servers; the replies, less their cursor and time. */
  async function both(who: 'me' | 'other', changes: unknown[], events: unknown[] = [], strict = true) {
    const out = [];
    for (const t of [inter, planned]) {
      vi.stubEnv('PUSH_PATH', t === inter ? 'interactive' : 'planned');
      vi.stubEnv('PUSH_PLAN_STRICT', t === planned && strict ? '1' : '0');
      const before = fallbacks.length;
      const res = await push(t, cookies.get(t)![who], changes, events);
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      if (t === planned && strict) expect(fallbacks.length).toBe(before);
      delete body.cursor;
      delete body.serverTime;
      out.push(body);
    }
    expect(out[1]).toEqual(out[0]);
    return out[0];
  }

  /** What a push leaves that counts: progress, streak rows, paid events, logs (user ids left out). */
  async function state(t: TestApp) {
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'habits@example.com'")).rows[0].id);
    const q = async (sql: string) => JSON.parse(JSON.stringify((await t.db.execute({ sql, args: [uid] })).rows.map((r) => ({ ...r }))).replaceAll(uid, 'U')) as Row[];
    return {
      progress: await q('SELECT total_xp, level, coins, knowledge_xp, guts_xp, proficiency_xp, kindness_xp, charm_xp FROM user_progress WHERE user_id = ?'),
      streaks: await q("SELECT streak_type, current_streak, best_streak, shields, last_active_date, history FROM user_streaks WHERE user_id = ? ORDER BY streak_type"),
      events: await q('SELECT id, event_type, entity_id, xp_earned, coins_earned, skill_id, metadata, local_date FROM activity_events WHERE user_id = ? ORDER BY id'),
      rejected: await q('SELECT id, code, message FROM rejected_events WHERE user_id = ? ORDER BY id'),
      logs: await q('SELECT id, habit_id, date, count FROM habit_logs WHERE user_id = ? ORDER BY id'),
    };
  }

  const habit = (hid: string, fields: Record<string, unknown>) => upsert('habits', hid, { name: hid, xp_reward: 10, coin_reward: 5, skill_id: 'guts', created_at: '2026-10-01T00:00:00.000Z', ...fields });
  const log = (logId: string, hid: string, date: string, count = 1) => upsert('habit_logs', logId, { habit_id: hid, date, count, created_at: `${date}T18:00:00.000Z` });
  const done = (logId: string, date: string, eventId = id()) => ({ id: eventId, event_type: 'habit_complete', entity_id: logId, created_at: `${date}T18:00:00.000Z`, local_date: date });

  it('gives the same replies, streaks and rewards through a life of logs, skips, edits and schedule changes', async () => {
    const [daily, weekly, everyThird] = [id(), id(), id()];
    const jid = id();
    // The first rewarded push walks the daily streak from scratch (the ledger's own fallback).
    await both(
      'me',
      [
        upsert('journal_entries', jid, { date: '2026-11-01', content: 'x' }),
        habit(daily, { frequency: 'daily', target_count: 1 }),
        habit(weekly, { frequency: 'weekly', target_count: 2 }),
        habit(everyThird, { frequency: 'daily', target_count: 1, schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-11-02' }),
      ],
      [{ id: id(), event_type: 'journal_entry', entity_id: jid, created_at: '2026-11-01T12:00:00.000Z', local_date: '2026-11-01' }],
      false,
    );
    const l = Array.from({ length: 12 }, () => id());
    // Logs with their events, a second log of a day past the target, a weekly habit twice.
    await both('me', [log(l[0], daily, '2026-11-02'), log(l[1], daily, '2026-11-03'), log(l[2], weekly, '2026-11-02'), log(l[3], everyThird, '2026-11-02')], [done(l[0], '2026-11-02'), done(l[1], '2026-11-03'), done(l[2], '2026-11-02'), done(l[3], '2026-11-02')]);
    const again = done(l[4], '2026-11-04');
    await both('me', [log(l[4], daily, '2026-11-04'), log(l[5], daily, '2026-11-04'), log(l[6], weekly, '2026-11-03', 2)], [again, done(l[5], '2026-11-04'), done(l[6], '2026-11-03')]);
    // The same event again (answered as before), and a log of an earlier push paid now.
    await both('me', [], [again]);
    await both('me', [log(l[7], daily, '2026-11-06')], [done(l[7], '2026-11-06')]);
    // A skip keeps the streak over the 5th; the log of the 6th moved to the 7th; a log pushed
    // without its event, then its event alone.
    await both('me', [upsert('habit_skips', id(), { habit_id: daily, date: '2026-11-05', reason: 'sick' })]);
    await both('me', [upsert('habit_logs', l[7], { date: '2026-11-07' }), log(l[8], daily, '2026-11-08')]);
    await both('me', [], [done(l[8], '2026-11-08')]);
    // A new target (the streak walked again), a log moved to another habit, an every-third-day log.
    await both('me', [upsert('habits', daily, { target_count: 2 }), upsert('habit_logs', l[1], { habit_id: weekly }), log(l[9], everyThird, '2026-11-08')], [done(l[9], '2026-11-08')]);
    // Back to one a day, and a late log from before the stored summaries (read from the first log on).
    await both('me', [upsert('habits', daily, { target_count: 1 }), log(l[10], daily, '2026-11-09')], [done(l[10], '2026-11-09')]);
    await both('me', [log(l[11], daily, '2026-11-01'), log(id(), weekly, '2026-11-10')], [done(l[11], '2026-11-10')]);
    expect(await state(planned)).toEqual(await state(inter));
    const streaks = (await state(planned)).streaks.filter((s) => String(s.streak_type).startsWith('habit:'));
    expect(streaks).toHaveLength(3);
  });

  it('refuses what a hostile client forges the same way on both paths', async () => {
    const mine = id();
    const theirs = id();
    const theirLog = id();
    await both('other', [habit(theirs, { frequency: 'daily' }), log(theirLog, theirs, '2026-11-10')]);
    await both('me', [habit(mine, { frequency: 'daily', target_count: 3 })]);
    const [big, ahead, onTheirs] = [id(), id(), id()];
    const r = await both(
      'me',
      [log(big, mine, '2026-11-12', 1000), log(ahead, mine, '2099-01-01'), log(onTheirs, theirs, '2026-11-12')],
      [done(theirLog, '2026-11-12'), done(big, '2026-11-12'), done(ahead, '2026-11-12'), done(onTheirs, '2026-11-12'), { ...done(theirLog, '2026-11-12'), entity_id: undefined }],
    );
    expect(r.changeErrors.map((e: { code: string }) => e.code).sort()).toEqual(['invalid_field', 'unknown_reference']);
    expect(r.rejected.filter((x: { code: string }) => x.code === 'unknown_entity')).toHaveLength(4);
    // A log dated far ahead is kept, and paid as the interactive push pays it.
    expect(await state(planned)).toEqual(await state(inter));
  });

  it('reads by index: the named rows by key, what was paid by (user, habit, log day), never a whole table', async () => {
    const ev = [{ id: 'e', event_type: 'habit_complete', entity_id: 'l1', created_at: '2026-11-10T10:00:00.000Z' }];
    const changes = [upsert('habit_logs', 'l9', { habit_id: 'h', date: '2026-11-01' }), upsert('habit_skips', 's1', { habit_id: 'h', date: '2026-11-02' })];
    const stmts = [
      ...habitComplete.reads({ userId: 'u', events: ev, written: written({ habit_logs: { l9: { habit_id: 'h', date: '2026-11-01' } } }) }),
      ...habitStreakReads({ userId: 'u', changes, events: ev }),
    ] as Array<{ sql: string; args: unknown[] }>;
    for (const st of stmts) {
      const plan = (await inter.db.execute({ sql: `EXPLAIN QUERY PLAN ${st.sql}`, args: st.args as never })).rows.map((r) => String(r.detail));
      expect(plan.filter((d) => /^SCAN (habit_logs|habit_skips|habits|activity_events|user_streaks|a|l|s)\b(?! USING)/.test(d) && !/COVERING INDEX/.test(d))).toEqual([]);
    }
    const paid = (await inter.db.execute({ sql: `EXPLAIN QUERY PLAN ${PAID_SQL}`, args: ['u', '[]', '[]', '[]', '[]'] })).rows.map((r) => String(r.detail)).join(' | ');
    expect(paid).toMatch(/idx_activity_events_habit_period \(user_id=\? AND <expr>=\? AND <expr>>\? AND <expr><\?\)/);
  });

  it('takes the planned push for logs, skips, schedule changes, habit events and deletes of them', () => {
    const body = (changes: Parameters<typeof plannable>[0]['changes'], events: Parameters<typeof plannable>[0]['events'] = []) => ({ changes, events });
    expect(plannable(body([upsert('habit_logs', 'l', { habit_id: 'h', date: '2026-11-01' })], [done('l', '2026-11-01')]))).toBe(true);
    expect(plannable(body([upsert('habit_skips', 's', { habit_id: 'h', date: '2026-11-01' }), upsert('habits', 'h', { schedule: 'weekdays', schedule_days: 21 })]))).toBe(true);
    expect(plannable(body([{ table: 'habit_logs', id: 'l', op: 'delete', hlc: hlc() }]))).toBe(true);
  });
});

describe('habit pushes through @libsql/client', () => {
  it('cost the session check, one read batch and one write batch: logs, skips, schedule changes and their events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-habit-trips-'));
    const url = `file:${join(dir, 'h.db')}`;
    const db = (await openDatabase(url, undefined, { driver: 'client' })) as RoundTripClient;
    try {
      await migrate(db);
      await seedSharedContent(db);
      const app = createApp({ db, env: loadEnv({ NODE_ENV: 'test', AUTH_DEV_LOGIN: 'true', DATABASE_URL: url }) });
      const origin = 'http://127.0.0.1:8787';
      const login = await app.request('/api/auth/dev-login', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'trips@example.com' }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const calls = async (changes: unknown[], events: unknown[] = []) => {
        const before = db.counter.calls;
        const res = await app.request('/api/sync/push', {
          method: 'POST',
          headers: { origin, cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ protocolVersion: 1, clientId: 'trips', changes, events }),
        });
        expect(res.status, await res.text()).toBe(200);
        return db.counter.calls - before;
      };
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const h = id();
      const jid = id();
      // The first rewarded push walks the daily streak (the ledger's way), then every habit push is planned.
      await calls(
        [upsert('habits', h, { name: 'Run', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5, created_at: new Date().toISOString() }), upsert('journal_entries', jid, { date: day(3), content: 'x' })],
        [{ id: id(), event_type: 'journal_entry', entity_id: jid, created_at: `${day(3)}T12:00:00.000Z`, local_date: day(3) }],
      );
      vi.stubEnv('PUSH_PLAN_STRICT', '1');
      const [a, b, c] = [id(), id(), id()];
      const figures = {
        log: await calls([upsert('habit_logs', a, { habit_id: h, date: day(2), count: 1 })], [{ id: id(), event_type: 'habit_complete', entity_id: a, created_at: `${day(2)}T12:00:00.000Z`, local_date: day(2) }]),
        skipAndLog: await calls(
          [upsert('habit_skips', id(), { habit_id: h, date: day(1) }), upsert('habit_logs', b, { habit_id: h, date: day(1), count: 1 })],
          [{ id: id(), event_type: 'habit_complete', entity_id: b, created_at: `${day(1)}T12:00:00.000Z`, local_date: day(1) }],
        ),
        schedule: await calls([upsert('habits', h, { target_count: 2 }), upsert('habit_logs', c, { habit_id: h, date: day(1), count: 1 })]),
        eventOnly: await calls([], [{ id: id(), event_type: 'habit_complete', entity_id: c, created_at: `${day(1)}T13:00:00.000Z`, local_date: day(1) }]),
      };
      console.log('database calls per habit push', JSON.stringify(figures));
      for (const n of Object.values(figures)) expect(n).toBeLessThanOrEqual(3);
    } finally {
      vi.unstubAllEnvs();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
