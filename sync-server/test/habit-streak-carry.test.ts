import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './test-app.ts';
import { hlc, id, pushOk } from './sync-helpers.ts';
import { computeHabitStreak } from '@ignition/shared/rules/streaks.ts';
import { habitScheduleOf } from '@ignition/shared/rules/habits.ts';
import { addDays } from '@ignition/shared/dates.ts';

/**
 * A habit's streak row keeps a summary of its older logs, and a push that only adds recent logs
 * carries the streak on from it instead of reading the habit's whole history. These tests hold
 * the stored rows to the walk over every log, whatever the pushes did to the logs.
 */
let t: TestApp;
let a: string;
let uid: string;
let today: string;
beforeEach(async () => {
  t = await createTestApp();
  a = await t.signIn('habit-carry@example.com');
  uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'habit-carry@example.com'")).rows[0].id);
  on('2026-03-02');
});
afterEach(() => t.close());

function on(date: string) {
  today = date;
  t.setNow(new Date(`${date}T20:00:00.000Z`));
}
const habitChange = (habitId: string, fields: Record<string, unknown>) => ({ table: 'habits', id: habitId, op: 'upsert', fields, hlc: hlc() });
async function newHabit(frequency: 'daily' | 'weekly', target: number) {
  const habitId = id();
  await pushOk(t, a, [habitChange(habitId, { name: `${frequency} ${target}`, frequency, target_count: target })]);
  return habitId;
}
/** A log as the app makes it: the row and its completion event, in one push. */
async function log(habitId: string, date: string, count = 1, withEvent = true) {
  const logId = id();
  const change = { table: 'habit_logs', id: logId, op: 'upsert', fields: { habit_id: habitId, date, count }, hlc: hlc() };
  const event = { id: id(), event_type: 'habit_complete', entity_id: logId, created_at: `${today}T12:00:00.000Z`, local_date: date };
  await pushOk(t, a, [change], withEvent ? [event] : []);
  return logId;
}
const stored = async (habitId: string) => {
  const r = (await t.db.execute({ sql: 'SELECT current_streak, best_streak, history FROM user_streaks WHERE id = ?', args: [`st_${uid}_habit_${habitId}`] })).rows[0];
  return r ? { current: Number(r.current_streak), best: Number(r.best_streak), history: JSON.parse(String(r.history)) } : null;
};
/** The rule over every log and skip the server holds, by the habit's schedule. */
const walked = async (habitId: string) => {
  const h = (await t.db.execute({ sql: 'SELECT * FROM habits WHERE id = ?', args: [habitId] })).rows[0];
  const logs = (await t.db.execute({ sql: 'SELECT date, count FROM habit_logs WHERE habit_id = ?', args: [habitId] })).rows.map((r) => ({ date: String(r.date), count: Number(r.count) }));
  const skips = (await t.db.execute({ sql: 'SELECT date FROM habit_skips WHERE habit_id = ?', args: [habitId] })).rows.map((r) => ({ date: String(r.date), count: 0, skip: true }));
  return computeHabitStreak([...logs, ...skips], habitScheduleOf(h), Number(h.target_count), today);
};
const expectWalked = async (habitId: string) => {
  const s = await stored(habitId);
  expect(s && { current: s.current, best: s.best }).toEqual(await walked(habitId));
};

describe('habit streak carry', () => {
  it('carries on from the stored summary for new logs, and reads everything again after an undo, an edit or a new target', async () => {
    const h = await newHabit('daily', 1);
    for (let d = 0; d < 12; d++) {
      on(addDays('2026-03-02', d));
      await log(h, today);
    }
    await expectWalked(h);
    expect(await stored(h)).toMatchObject({ current: 12, best: 12, history: { v: 2, split: today, runLength: 11, best: 11 } });

    // A valid summary that claims more than the logs hold: a push that only adds today's log
    // is carried on from it (the history is not read), so the claim shows in the stored best.
    const fake = { ...(await stored(h))!.history, best: 500 };
    await t.db.execute({ sql: 'UPDATE user_streaks SET history = ? WHERE id = ?', args: [JSON.stringify(fake), `st_${uid}_habit_${h}`] });
    on(addDays(today, 1));
    await log(h, today);
    expect(await stored(h)).toMatchObject({ current: 13, best: 500 });

    // Undoing a log (a delete, no event) is not an addition: everything is read again.
    const undone = await log(h, today);
    await pushOk(t, a, [{ table: 'habit_logs', id: undone, op: 'delete', hlc: hlc() }]);
    expect(await stored(h)).toMatchObject({ current: 13, best: 13 });
    await expectWalked(h);

    // So is a log dated before the summary's day, an edited count, and a new target.
    await t.db.execute({ sql: 'UPDATE user_streaks SET history = ? WHERE id = ?', args: [JSON.stringify({ ...(await stored(h))!.history, best: 500 }), `st_${uid}_habit_${h}`] });
    await log(h, addDays(today, -20));
    await expectWalked(h);
    const first = String((await t.db.execute({ sql: 'SELECT id FROM habit_logs WHERE habit_id = ? AND date = ?', args: [h, '2026-03-05'] })).rows[0].id);
    await pushOk(t, a, [{ table: 'habit_logs', id: first, op: 'upsert', fields: { count: 0 }, hlc: hlc() }]);
    expect(await stored(h)).toMatchObject({ current: 9, best: 9 });
    await expectWalked(h);
    await pushOk(t, a, [habitChange(h, { target_count: 2 })]);
    on(addDays(today, 1));
    await log(h, today, 2);
    expect(await stored(h)).toMatchObject({ current: 1, best: 1, history: { target: 2 } });
    await expectWalked(h);
  });

  it('rewrites the streak when a log is undone without an event, so the stored row is never stale', async () => {
    const h = await newHabit('daily', 1);
    for (const d of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      on(d);
      await log(h, d);
    }
    expect(await stored(h)).toMatchObject({ current: 3, best: 3 });
    const last = String((await t.db.execute({ sql: 'SELECT id FROM habit_logs WHERE habit_id = ? AND date = ?', args: [h, '2026-03-03'] })).rows[0].id);
    await pushOk(t, a, [{ table: 'habit_logs', id: last, op: 'delete', hlc: hlc() }]);
    expect(await stored(h)).toMatchObject({ current: 1, best: 1 });
  });

  it("answers GET /api/habits from the stored summary and the recent logs, as of today however long ago the last push was", async () => {
    const h = await newHabit('weekly', 2);
    for (let w = 0; w < 6; w++) {
      on(addDays('2026-03-02', 7 * w));
      await log(h, today);
      on(addDays(today, 2));
      await log(h, today);
    }
    on(addDays(today, 3)); // Saturday of the sixth week
    const list = async () => (await (await t.req('/api/habits', { cookie: a })).json()).habits[0];
    expect(await list()).toMatchObject({ streak_current: 6, streak_best: 6, period_count: 2 });
    // Read from the summary: a claim planted in it shows.
    await t.db.execute({ sql: 'UPDATE user_streaks SET history = ? WHERE id = ?', args: [JSON.stringify({ ...(await stored(h))!.history, best: 500 }), `st_${uid}_habit_${h}`] });
    expect(await list()).toMatchObject({ streak_current: 6, streak_best: 500 });
    await t.db.execute({ sql: "UPDATE user_streaks SET history = '[]' WHERE id = ?", args: [`st_${uid}_habit_${h}`] });
    // Two weeks later with no push in between: the streak has ended, the best stays.
    on(addDays(today, 14));
    expect(await list()).toMatchObject({ streak_current: 0, streak_best: 6, period_count: 0 });
    expect(await stored(h)).toMatchObject({ current: 6 }); // the row, as of its last push
  });

  it('gives the walk over every log after any mix of pushes: late, early, undone, edited, without events, weekly and daily', async () => {
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('log' as const), back: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1 }), weight: 4 }, { arbitrary: fc.integer({ min: -1, max: 25 }), weight: 1 }), count: fc.integer({ min: 1, max: 3 }), withEvent: fc.boolean() }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant('next' as const), days: fc.integer({ min: 1, max: 3 }) }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('recount' as const), pick: fc.nat(), count: fc.integer({ min: 0, max: 3 }) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('target' as const), target: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'daily' | 'weekly'>('daily', 'weekly'), fc.array(op, { minLength: 5, maxLength: 25 }), async (frequency, ops) => {
        on('2026-03-02');
        const h = await newHabit(frequency, 1);
        const logs: string[] = [];
        for (const o of ops) {
          if (o.kind === 'next') {
            on(addDays(today, o.days));
            continue;
          }
          if (o.kind === 'log') logs.push(await log(h, addDays(today, -o.back), o.count, o.withEvent));
          else if (o.kind === 'target') await pushOk(t, a, [habitChange(h, { target_count: o.target })]);
          else if (logs.length === 0) continue;
          else if (o.kind === 'undo') await pushOk(t, a, [{ table: 'habit_logs', id: logs.splice(o.pick % logs.length, 1)[0], op: 'delete', hlc: hlc() }]);
          else await pushOk(t, a, [{ table: 'habit_logs', id: logs[o.pick % logs.length], op: 'upsert', fields: { count: o.count }, hlc: hlc() }]);
          // A new target alone rewrites nothing yet: the next log does.
          if (o.kind !== 'target') await expectWalked(h);
        }
      }),
      { numRuns: 25, seed: 20261127 },
    );
  });

  it('follows schedules and skips: an offline stretch of logs and skips, skips undone, schedules changed, all as the walk over every day gives', async () => {
    const schedules = [
      { schedule: null },
      { schedule: 'weekdays', schedule_days: 1 | 4 | 16 },
      { schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-03-01' },
      { schedule: 'weekdays', schedule_days: 2 | 32 },
    ];
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('log' as const), back: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 25 }), weight: 1 }), withEvent: fc.boolean() }), weight: 5 },
      { arbitrary: fc.record({ kind: fc.constant('skip' as const), back: fc.integer({ min: -3, max: 20 }), days: fc.integer({ min: 1, max: 7 }) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('next' as const), days: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(30)) }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('unskip' as const), pick: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('schedule' as const), pick: fc.nat() }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(op, { minLength: 5, maxLength: 25 }), async (first, ops) => {
        on('2026-03-02');
        const h = id();
        await pushOk(t, a, [habitChange(h, { name: 'scheduled', frequency: 'daily', target_count: 1, ...schedules[first % schedules.length] })]);
        const skips: string[] = [];
        for (const o of ops) {
          if (o.kind === 'next') on(addDays(today, o.days));
          else if (o.kind === 'log') await log(h, addDays(today, -o.back), 1, o.withEvent);
          else if (o.kind === 'skip') {
            // A vacation range: one skip row per day, in one push.
            const rows = Array.from({ length: o.days }, (_, i) => ({ table: 'habit_skips', id: id(), op: 'upsert', fields: { habit_id: h, date: addDays(today, -o.back + i), reason: 'vacation' }, hlc: hlc() }));
            skips.push(...rows.map((r) => r.id));
            await pushOk(t, a, rows);
          } else if (o.kind === 'unskip') {
            if (skips.length === 0) continue;
            await pushOk(t, a, [{ table: 'habit_skips', id: skips.splice(o.pick % skips.length, 1)[0], op: 'delete', hlc: hlc() }]);
          } else await pushOk(t, a, [habitChange(h, { schedule_days: null, schedule_every: null, schedule_start: null, ...schedules[o.pick % schedules.length] })]);
          if (o.kind !== 'next') await expectWalked(h);
        }
      }),
      { numRuns: 20, seed: 20261207 },
    );
  });
});
