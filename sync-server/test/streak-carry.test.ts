import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, journal, pushOk } from './sync-helpers.ts';
import { ACTIVE_AFTER_SQL, LATEST_SHIELD_SQL, SHIELD_GRANTS_SQL, STORED_STREAK_SQL, STREAK_DAYS_SQL } from '../src/services/sync/ledger.ts';
import { computeDailyStreak } from '@ignition/shared/rules/streaks.ts';
import { addDays } from '@ignition/shared/dates.ts';

/**
 * The push path carries the stored daily streak on to the push's new days instead of reading the
 * whole history. These tests hold it to the walk over every day it replaces.
 */
let t: TestApp;
let a: string;
let uid: string;
const START = '2026-01-05';
beforeEach(async () => {
  t = await createTestApp();
  t.setNow(new Date(`${START}T20:00:00.000Z`));
  a = await t.signIn('carry@example.com');
  uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'carry@example.com'")).rows[0].id);
  // Coins for shields (150 each).
  await t.db.execute({ sql: 'INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, 100000)', args: [`up_${uid}`, uid] });
});
afterEach(() => t.close());

const stored = async () => {
  const r = (await t.db.execute({ sql: "SELECT current_streak, best_streak, shields, last_active_date, history FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [uid] })).rows[0];
  return { current: Number(r.current_streak), best: Number(r.best_streak), shields: Number(r.shields), lastActiveDate: r.last_active_date, history: JSON.parse(String(r.history)) };
};
/** The walk over every rewarded day and every shield bought: what the stored row must equal. */
const walked = async (today: string) => {
  const dates = (await t.db.execute({ sql: STREAK_DAYS_SQL, args: [uid] })).rows.map((r) => String(r.local_date));
  const grants = (await t.db.execute({ sql: SHIELD_GRANTS_SQL, args: [uid] })).rows.map((r) => ({ date: String(r.date), count: Number(r.count) }));
  return computeDailyStreak(dates, grants, today);
};
const on = (date: string) => t.setNow(new Date(`${date}T20:00:00.000Z`));
/** A journal entry pushed on its own day: the push's reply. */
const journalOn = async (date: string) => {
  on(date);
  const j = journal(date);
  return pushOk(t, a, [j.change], [j.event]);
};
/** Overwrites the stored daily row's runs, as only a push that carries it on would believe. */
const storeRuns = (runs: unknown[]) => t.db.execute({ sql: "UPDATE user_streaks SET history = ? WHERE user_id = ? AND streak_type = 'daily'", args: [JSON.stringify(runs), uid] });
const shieldPurchase = (date: string) => {
  const pid = id();
  return {
    change: { table: 'reward_purchases', id: pid, op: 'upsert', hlc: hlc(), fields: { reward_id: 'r_streak_shield', cost: 150, redeemed: false, purchased_at: `${date}T19:00:00.000Z` } },
    event: { id: id(), event_type: 'reward_purchase', entity_id: pid, created_at: `${date}T19:00:00.000Z`, local_date: date },
  };
};

describe('the daily streak carried on by each push', () => {
  it('equals the walk over every day after any run of daily pushes, late weeks from an offline device and shields bought', async () => {
    let runs = 0;
    let sessions = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 6, arbitrary: fc.record({ kind: fc.constant('day' as const), skip: fc.integer({ min: 0, max: 3 }) }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('late' as const), back: fc.integer({ min: 1, max: 12 }) }) },
            { weight: 1, arbitrary: fc.record({ kind: fc.constant('shield' as const) }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('again' as const) }) },
          ),
          { minLength: 5, maxLength: 25 },
        ),
        async (steps) => {
          // A new person each run.
          a = await t.signIn(`carry-${++runs}@example.com`);
          uid = String((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [`carry-${runs}@example.com`] })).rows[0].id);
          await t.db.execute({ sql: 'INSERT INTO user_progress (id, user_id, total_xp, level, coins) VALUES (?, ?, 0, 1, 100000)', args: [`up_${uid}`, uid] });
          let today = START;
          on(today);
          for (const step of steps) {
            if (step.kind === 'day') {
              today = addDays(today, step.skip + 1);
              on(today);
              const j = journal(today, `${today}T19:00:00.000Z`);
              await pushOk(t, a, [j.change], [j.event]);
            } else if (step.kind === 'late') {
              const day = addDays(today, -step.back);
              const j = journal(day, `${day}T19:00:00.000Z`);
              await pushOk(t, a, [j.change], [j.event]);
            } else if (step.kind === 'again') {
              // A later push the same day: a focus session, at its own half hour of the morning.
              const focus = id();
              const start = `${today}T${String(6 + (++sessions % 12)).padStart(2, '0')}:${sessions % 2 ? '00' : '30'}:00.000Z`;
              const end = new Date(Date.parse(start) + 25 * 60_000).toISOString();
              await pushOk(
                t,
                a,
                [{ table: 'focus_sessions', id: focus, op: 'upsert', fields: { mode: 'focus', duration: 1500, status: 'completed', started_at: start, completed_at: end, paused_total: 0 }, hlc: hlc() }],
                [{ id: id(), event_type: 'focus_complete', entity_id: focus, created_at: end, local_date: today }],
              );
            } else {
              const p = shieldPurchase(today);
              await pushOk(t, a, [p.change], [p.event]);
            }
            expect(await stored()).toEqual(await walked(today));
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);

  it('takes the carried path for the next day (a stored row it cannot see past decides the result)', async () => {
    for (const day of [START, addDays(START, 1)]) await journalOn(day);
    expect(await stored()).toMatchObject({ current: 2, best: 2 });
    // Pretend the stored run began long ago: only a push that carries it on (and does not walk
    // the events) reports 41 next day.
    await storeRuns([{ start: '2025-11-26', end: addDays(START, 1), length: 40 }]);
    const next = addDays(START, 2);
    expect((await journalOn(next)).streaks.daily).toMatchObject({ current: 41, best: 41 });
    // and a later push the same day (the stored last day again) is carried too
    const focus = id();
    const sameDay = await pushOk(
      t,
      a,
      [{ table: 'focus_sessions', id: focus, op: 'upsert', fields: { mode: 'focus', duration: 1500, status: 'completed', started_at: `${next}T18:00:00.000Z`, completed_at: `${next}T18:25:00.000Z`, paused_total: 0 }, hlc: hlc() }],
      [{ id: id(), event_type: 'focus_complete', entity_id: focus, created_at: `${next}T18:25:00.000Z`, local_date: next }],
    );
    expect(sameDay.accepted).toHaveLength(1);
    expect(sameDay.streaks.daily).toMatchObject({ current: 41, best: 41 });
  });

  it('walks every day when the stored row’s runs are not runs of dates', async () => {
    await journalOn(START);
    await storeRuns([{ start: 'long ago', end: START, length: 40 }]);
    expect((await journalOn(addDays(START, 1))).streaks.daily).toMatchObject({ current: 2, best: 2 });
  });

  it('walks every day when the stored row does not account for a rewarded day after its last one', async () => {
    await journalOn(START);
    await storeRuns([{ start: '2025-11-26', end: START, length: 40 }]);
    // A rewarded day the stored row never saw (as if written by another path).
    const missed = addDays(START, 1);
    await t.db.execute({
      sql: "INSERT INTO activity_events (id, user_id, event_type, xp_earned, coins_earned, metadata, created_at, local_date) VALUES (?, ?, 'journal_entry', 10, 5, '{}', ?, ?)",
      args: [id(), uid, `${missed}T12:00:00.000Z`, missed],
    });
    const next = addDays(START, 2);
    expect((await journalOn(next)).streaks.daily).toMatchObject({ current: 3, best: 3 });
    expect(await stored()).toEqual(await walked(next));
  });

  it('keeps one daily streak row: a restored older app’s own row goes, and devices pull its tombstone', async () => {
    await t.db.execute({
      sql: "INSERT INTO user_streaks (id, user_id, streak_type, current_streak, best_streak, shields, last_active_date, history) VALUES ('legacy-streak', ?, 'daily', 99, 99, 0, '2025-01-01', NULL)",
      args: [uid],
    });
    expect((await journalOn(START)).streaks.daily).toMatchObject({ current: 1, best: 1 });
    const rows = (await t.db.execute({ sql: "SELECT id FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [uid] })).rows.map((r) => String(r.id));
    expect(rows).toEqual([`st_${uid}_daily`]);
    const pulled = (await (await t.req('/api/sync/pull', { cookie: a })).json()) as { changes: Array<{ table: string; id: string; op: string }> };
    expect(pulled.changes.find((c) => c.id === 'legacy-streak')).toMatchObject({ table: 'user_streaks', op: 'delete' });
  });

  it('reads stay on indexes: the stored row by key, the shields by (user, type), the days after the last by (user, date)', async () => {
    const plan = async (sql: string, args: string[]) => (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows.map((r) => String(r.detail)).join(' | ');
    expect(await plan(STORED_STREAK_SQL, ['st_x_daily'])).toMatch(/SEARCH user_streaks USING INDEX sqlite_autoindex_user_streaks_1 \(id=\?\)/);
    expect(await plan(LATEST_SHIELD_SQL, ['x'])).toMatch(/USING INDEX idx_activity_events_user_type \(user_id=\? AND event_type=\?\)/);
    expect(await plan(ACTIVE_AFTER_SQL, ['x', '2026-01-01'])).toMatch(/USING COVERING INDEX idx_activity_events_user_date \(user_id=\? AND local_date>\?\)/);
  });
});
