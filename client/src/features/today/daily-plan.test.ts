import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../db/db.ts';
import { userTimeZone } from '../../sync/outbox.ts';
import { zonedToUtc } from '@ignition/shared/rules/recurrence.ts';
import { buildPlan, dueTasks, todaysEvents } from './daily-plan.ts';

const tz = userTimeZone();
const at = (date: string, time: string) => zonedToUtc(date, time, tz);
const event = (id: string, title: string, date: string, time: string, extra: Record<string, unknown> = {}) => ({
  id,
  title,
  start_time: at(date, time),
  end_time: at(date, `${String(Number(time.slice(0, 2)) + 1).padStart(2, '0')}${time.slice(2)}`),
  all_day: false,
  completed: false,
  ...extra,
});

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

describe("today's events for the plan", () => {
  it('lists one-off events starting today, not yesterday’s or done ones', async () => {
    await db.calendar_events.bulkPut([
      event('dentist', 'Dentist', '2026-03-16', '15:00'),
      event('call', 'Call', '2026-03-16', '08:00'),
      event('old', 'Yesterday', '2026-03-15', '10:00'),
      event('done', 'Done already', '2026-03-16', '11:00', { completed: true }),
    ]);
    expect((await todaysEvents('2026-03-16')).map((r) => r.title)).toEqual(['Call', 'Dentist']);
  });

  it('includes today’s occurrences of recurring series, leaving out the ones done or skipped today', async () => {
    await db.calendar_events.bulkPut([
      event('standup', 'Standup', '2026-03-02', '09:00', { recurrence: 'FREQ=WEEKLY;BYDAY=MO', event_type: 'meeting' }),
      event('stretch', 'Stretch', '2026-03-01', '07:00', { recurrence: 'FREQ=DAILY', completed_dates: ['2026-03-16'] }),
      event('gym', 'Gym', '2026-03-01', '18:00', { recurrence: 'FREQ=DAILY', exdates: ['2026-03-16'], linked_workout_id: 'w1' }),
      event('dentist', 'Dentist', '2026-03-16', '15:00'),
    ]);
    // Monday the 16th: the weekly standup and the dentist; stretching is done and the gym skipped.
    expect((await todaysEvents('2026-03-16')).map((r) => r.title)).toEqual(['Standup', 'Dentist']);
    // Tuesday: both daily series, earliest first; no standup.
    const tuesday = await todaysEvents('2026-03-17');
    expect(tuesday.map((r) => r.title)).toEqual(['Stretch', 'Gym']);
    // The plan puts the linked workout last, as its own item.
    expect(buildPlan([], tuesday).map((i) => [i.kind, i.title])).toEqual([
      ['focus', 'One focus block (25 min)'],
      ['event', 'Stretch'],
      ['workout', 'Gym'],
    ]);
  });

  it('adds the to-dos due today or overdue, overdue first, and leaves out done, archived and later ones', async () => {
    const task = (id: string, due: string | null, extra: Record<string, unknown> = {}) => ({ id, title: id, due_date: due, sort_order: 1, ...extra });
    await db.tasks.bulkPut([
      task('today', '2026-03-16'),
      task('late', '2026-03-10'),
      task('tomorrow', '2026-03-17'),
      task('undated', null),
      task('done', '2026-03-16', { completed_at: '2026-03-16T08:00:00.000Z' }),
      task('archived', '2026-03-16', { archived: true }),
    ]);
    const due = await dueTasks('2026-03-16');
    expect(due.map((t) => t.id)).toEqual(['late', 'today']);
    expect(buildPlan([], [], due).map((i) => [i.kind, i.title, i.ref ?? null])).toEqual([
      ['focus', 'One focus block (25 min)', null],
      ['task', 'late', 'late'],
      ['task', 'today', 'today'],
    ]);
  });
});
