import { describe, expect, it } from 'vitest';
import { db } from '../../db/db.ts';
import { habitStreak, optimisticHabitReward, paidInPeriod, periodCount, periodEvents, scheduleWords, strengthOf } from './habit-logic.ts';

const habit = { id: 'h', name: 'Read', frequency: 'daily', target_count: 1, xp_reward: 12, coin_reward: 4, skill_id: 'knowledge' };
const log = (date: string, count = 1) => ({ id: `${date}-${count}`, habit_id: 'h', date, count });

describe('habit logic on the client', () => {
  it('counts the current period', () => {
    expect(periodCount(habit, [log('2026-11-24'), log('2026-11-23')], '2026-11-24')).toBe(1);
    expect(periodCount({ ...habit, frequency: 'weekly' }, [log('2026-11-24'), log('2026-11-23'), log('2026-11-22')], '2026-11-24')).toBe(2);
  });

  it('gives the habit’s own reward, and nothing once the target is met', () => {
    expect(optimisticHabitReward(habit, [], '2026-11-24', 1)).toEqual({ xp: 12, coins: 4, skill: 'knowledge' });
    expect(optimisticHabitReward(habit, [log('2026-11-24')], '2026-11-24', 1)).toEqual({ xp: 0, coins: 0, skill: null });
  });

  it('counts a paid log that was undone, so logging again guesses no reward (as the server decides)', () => {
    const paid = (date: string, status = 'accepted', metadata: Record<string, unknown> = { habit_id: 'h', log_date: date, count: 1 }) => ({
      event_type: 'habit_complete',
      entity_id: `log-${date}`,
      metadata,
      local_date: date,
      xp_earned: 12,
      coins_earned: 4,
      sync_status: status as 'accepted',
    });
    // the log of 24 Nov is gone, its paid event stays
    expect(optimisticHabitReward(habit, [], '2026-11-24', 1, '2026-11-24', [paid('2026-11-24')])).toEqual({ xp: 0, coins: 0, skill: null });
    // a rejected event, another habit's or another day's does not count
    expect(optimisticHabitReward(habit, [], '2026-11-24', 1, '2026-11-24', [paid('2026-11-24', 'rejected'), paid('2026-11-24', 'accepted', { habit_id: 'x' }), paid('2026-11-23')]).xp).toBe(12);
    // an event not yet sent whose log was undone will be refused, so it does not count; with its log it does
    expect(optimisticHabitReward(habit, [], '2026-11-24', 1, '2026-11-24', [paid('2026-11-24', 'pending')]).xp).toBe(12);
    expect(optimisticHabitReward(habit, [{ ...log('2026-11-24'), id: 'log-2026-11-24' }], '2026-11-24', 1, '2026-11-24', [paid('2026-11-24', 'pending')]).xp).toBe(0);
    // a weekly habit counts the week, with each event's count; metadata pulled as JSON text is read too
    const weekly = { ...habit, frequency: 'weekly', target_count: 3 };
    expect(paidInPeriod(weekly, [paid('2026-11-23', 'accepted', { habit_id: 'h', log_date: '2026-11-23', count: 2 }), { ...paid('2026-11-25'), metadata: JSON.stringify({ habit_id: 'h', log_date: '2026-11-25' }) as never }], '2026-11-24')).toBe(3);
  });

  it('adds the milestone bonus when the streak reaches 7', () => {
    const six = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'].map((d) => log(d));
    expect(habitStreak(habit, six, '2026-11-24').current).toBe(6);
    expect(optimisticHabitReward(habit, six, '2026-11-24', 1).xp).toBe(19);
  });

  it('reads the device’s completions of the log’s period only (its day, or its ISO week)', async () => {
    await db.activity_events.clear();
    const ev = (id: string, event_type: string, local_date: string) => ({ id, event_type, entity_id: id, metadata: { habit_id: 'h' }, created_at: `${local_date}T12:00:00Z`, local_date, xp_earned: 12, coins_earned: 4, sync_status: 'accepted' as const });
    await db.activity_events.bulkPut([
      ev('sun', 'habit_complete', '2026-11-22'),
      ev('mon', 'habit_complete', '2026-11-23'),
      ev('tue', 'habit_complete', '2026-11-24'),
      ev('sun2', 'habit_complete', '2026-11-29'),
      ev('focus', 'focus_complete', '2026-11-24'),
    ]);
    expect((await periodEvents(habit, '2026-11-24')).map((e) => e.id)).toEqual(['tue']);
    expect((await periodEvents({ ...habit, frequency: 'weekly' }, '2026-11-24')).map((e) => e.id).sort()).toEqual(['mon', 'sun2', 'tue']);
    // logging again on the 24th after undoing its paid log: the paid event still fills the day
    expect(optimisticHabitReward(habit, [], '2026-11-24', 1, '2026-11-24', await periodEvents(habit, '2026-11-24')).xp).toBe(0);
  });
});

describe('schedules and skips on the client (the server\'s rule)', () => {
  const mwf = { ...habit, schedule: 'weekdays', schedule_days: 21 };
  const skip = (date: string) => ({ id: `skip-${date}`, habit_id: 'h', date, reason: 'sick' });

  it.each([
    [habit, 'Every day'],
    [{ ...habit, target_count: 2 }, 'Every day · 2×'],
    [mwf, 'Mon, Wed, Fri'],
    [{ ...habit, frequency: 'weekly', target_count: 3 }, '3 times a week'],
    [{ ...habit, schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-11-02' }, 'Every 3 days'],
  ])('%j reads as %s', (h, words) => {
    expect(scheduleWords(h)).toBe(words);
  });

  it('a Mon/Wed/Fri habit keeps its streak over Tuesday and over a skipped Wednesday', () => {
    // 2026-11-02 is a Monday
    expect(habitStreak(mwf, [log('2026-11-02'), log('2026-11-06')], '2026-11-06', [skip('2026-11-04')])).toEqual({ current: 2, best: 2 });
    expect(habitStreak(mwf, [log('2026-11-02'), log('2026-11-06')], '2026-11-06')).toEqual({ current: 1, best: 1 });
    // another habit's skip is not this one's
    expect(habitStreak(mwf, [log('2026-11-02'), log('2026-11-06')], '2026-11-06', [{ ...skip('2026-11-04'), habit_id: 'other' }])).toEqual({ current: 1, best: 1 });
  });

  it('guesses the 7-day bonus when a skip bridges to the seventh done day, as the server pays it', () => {
    const done = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05', '2026-11-06', '2026-11-07'].map((d) => log(d));
    expect(optimisticHabitReward(habit, done, '2026-11-08', 1, '2026-11-08', [], [skip('2026-11-04')])).toEqual({ xp: 12 + 7, coins: 4, skill: 'knowledge' });
    expect(optimisticHabitReward(habit, done, '2026-11-08', 1, '2026-11-08', [], [])).toEqual({ xp: 12, coins: 4, skill: 'knowledge' });
  });

  it('the strength dips after one miss in a long run but stays high', () => {
    const run = Array.from({ length: 120 }, (_, i) => log(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)));
    const h = { ...habit, created_at: '2026-01-01T08:00:00.000Z' };
    const full = strengthOf(h, run, [], '2026-04-30').score;
    const missed = strengthOf(h, run.filter((l) => l.date !== '2026-04-29'), [], '2026-04-30').score;
    expect(missed).toBeLessThan(full);
    expect(missed).toBeGreaterThan(0.8);
    // skipped instead of missed: no dip at all
    const skipped = strengthOf(h, run.filter((l) => l.date !== '2026-04-29'), [skip('2026-04-29')], '2026-04-30').score;
    expect(skipped).toBeGreaterThan(missed);
    expect(skipped).toBeGreaterThan(strengthOf(h, run.filter((l) => l.date < '2026-04-29'), [], '2026-04-28').score);
  });
});
