import { describe, expect, it } from 'vitest';
import { isOverdue, orderByDue, orderTasks, parseQuickAdd, sortOrderForMove, TASK_DAILY_CAP, taskFieldError, taskReward, taskViewOf, type QuickAdd, type TaskRewardInput } from './tasks.ts';

// 2026-12-07 is a Monday.
const TODAY = '2026-12-07';

describe('quick add', () => {
  const q = (over: Partial<QuickAdd>): QuickAdd => ({ title: '', due_date: null, due_time: null, priority: null, tags: [], ...over });
  it.each<[string, QuickAdd]>([
    ['Buy chalk tomorrow !high', q({ title: 'Buy chalk', due_date: '2026-12-08', priority: 'high' })],
    ['Buy chalk', q({ title: 'Buy chalk' })],
    ['Call mom today', q({ title: 'Call mom', due_date: TODAY })],
    ['tonight: nothing here', q({ title: 'tonight: nothing here' })],
    ['Pay rent on friday !1', q({ title: 'Pay rent', due_date: '2026-12-11', priority: 'high' })],
    ['Pay rent fri', q({ title: 'Pay rent', due_date: '2026-12-11' })],
    ['Gym monday', q({ title: 'Gym', due_date: TODAY })],
    ['Gym next monday', q({ title: 'Gym', due_date: '2026-12-14' })],
    ['Gym next tue', q({ title: 'Gym', due_date: '2026-12-08' })],
    ['Buy sun cream', q({ title: 'Buy sun cream' })],
    ['Hike on sun', q({ title: 'Hike', due_date: '2026-12-13' })],
    ['Sunday roast sunday', q({ title: 'roast', due_date: '2026-12-13' })],
    ['File taxes 2027-04-15 !med #admin #money', q({ title: 'File taxes', due_date: '2027-04-15', priority: 'medium', tags: ['admin', 'money'] })],
    ['Not a date 2027-02-30', q({ title: 'Not a date 2027-02-30' })],
    ['0000-00-00', q({ title: '0000-00-00' })],
    ['x 9999-99-99', q({ title: 'x 9999-99-99' })],
    ['Renew passport in 3 days', q({ title: 'Renew passport', due_date: '2026-12-10' })],
    ['Renew passport in 2 weeks !low', q({ title: 'Renew passport', due_date: '2026-12-21', priority: 'low' })],
    ['Check in a week', q({ title: 'Check', due_date: '2026-12-14' })],
    ['Born in 1990', q({ title: 'Born in 1990' })],
    ['Dentist tomorrow at 9:30', q({ title: 'Dentist', due_date: '2026-12-08', due_time: '09:30' })],
    ['Call Ann at 5pm', q({ title: 'Call Ann', due_date: TODAY, due_time: '17:00' })],
    ['Meet at 12am friday', q({ title: 'Meet', due_date: '2026-12-11', due_time: '00:00' })],
    ['Meet at noon', q({ title: 'Meet at noon' })],
    ['!3 stretch', q({ title: 'stretch', priority: 'low' })],
    ['!2 stretch !urgent', q({ title: 'stretch !urgent', priority: 'medium' })],
    ['#idea', q({ title: '#idea', tags: ['idea'] })],
    ['tomorrow', q({ title: 'tomorrow', due_date: '2026-12-08' })],
    ['  Read   #books  #books ', q({ title: 'Read', tags: ['books'] })],
    ['Leap day 2028-02-29', q({ title: 'Leap day', due_date: '2028-02-29' })],
  ])('%s', (line, want) => {
    expect(parseQuickAdd(line, TODAY)).toEqual(want);
  });

  it('reads days from the given local date (a time zone where it is already tomorrow)', () => {
    // 23:30 in UTC on Dec 7 is Dec 8 in Tokyo: the caller passes the person's own date.
    expect(parseQuickAdd('x tomorrow', '2026-12-08').due_date).toBe('2026-12-09');
    expect(parseQuickAdd('x friday', '2026-12-12').due_date).toBe('2026-12-18'); // a Saturday → next Friday
    expect(parseQuickAdd('x in 1 day', '2026-12-31').due_date).toBe('2027-01-01');
  });
});

describe('task reward (GAME-RULES.md: task_complete)', () => {
  const base: TaskRewardInput = { completed: true, alreadyRewarded: false, rewardedToday: 0 };
  it.each<[string, Partial<TaskRewardInput>, { xp: number; coins: number; skill: string } | string]>([
    ['a completed task', {}, { xp: 5, coins: 2, skill: 'proficiency' }],
    ['a task that is not done', { completed: false }, 'not_completed'],
    ['a task already paid', { alreadyRewarded: true }, 'already_rewarded'],
    ['the last task under the daily cap', { rewardedToday: TASK_DAILY_CAP - 1 }, { xp: 5, coins: 2, skill: 'proficiency' }],
    ['a task past the daily cap', { rewardedToday: TASK_DAILY_CAP }, 'daily_cap_reached'],
    ['not done beats the cap', { completed: false, rewardedToday: 99 }, 'not_completed'],
  ])('%s', (_, over, want) => {
    const r = taskReward({ ...base, ...over });
    if (typeof want === 'string') expect('rejected' in r && r.rejected).toBe(want);
    else expect(r).toEqual(want);
  });
});

describe('task rows', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['a plain task', { title: 'x' }, null],
    ['a due time', { due_time: '07:05' }, null],
    ['a due time of 24:00', { due_time: '24:00' }, 'due_time must be a time of day HH:MM (00:00 to 23:59)'],
    ['a due time with seconds', { due_time: '07:05:00' }, 'due_time must be a time of day HH:MM (00:00 to 23:59)'],
    ['tags as a list', { tags: ['a', 'b'] }, null],
    ['tags as JSON text', { tags: '["a"]' }, null],
    ['tags not a list', { tags: { a: 1 } }, 'tags must be a list of text'],
    ['an empty tag', { tags: [''] }, 'a tag must be text of 1 to 40 characters'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'a task has at most 20 tags'],
  ])('%s', (_, fields, want) => expect(taskFieldError(fields)).toBe(want));
});

describe('views and order', () => {
  it.each<[string, Record<string, unknown>, string | null, boolean]>([
    ['no due date', {}, 'inbox', false],
    ['due today', { due_date: TODAY }, 'today', false],
    ['due yesterday (overdue)', { due_date: '2026-12-06' }, 'today', true],
    ['due tomorrow', { due_date: '2026-12-08' }, 'upcoming', false],
    ['done', { due_date: '2026-12-01', completed_at: '2026-12-02T00:00:00Z' }, null, false],
    ['archived', { archived: 1 }, null, false],
  ])('%s', (_, t, view, overdue) => {
    expect(taskViewOf({ id: 'a', ...t }, TODAY)).toBe(view);
    expect(isOverdue({ id: 'a', ...t }, TODAY)).toBe(overdue);
  });

  it('orders by sort order, then creation, then id; upcoming by due date first', () => {
    const ts = [
      { id: 'c', sort_order: 2, due_date: '2026-12-09' },
      { id: 'b', sort_order: 1, due_date: '2026-12-10', created_at: '2026-01-02' },
      { id: 'a', sort_order: 1, due_date: '2026-12-09', created_at: '2026-01-01' },
    ];
    expect(orderTasks(ts).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(orderByDue(ts).map((t) => t.id)).toEqual(['a', 'c', 'b']);
  });

  it.each<[string, number[], number, number, number | null]>([
    ['to the top', [1, 2, 3], 2, 0, 0],
    ['to the bottom', [1, 2, 3], 0, 2, 4],
    ['down one', [1, 2, 3], 0, 1, 2.5],
    ['up one', [1, 2, 3], 2, 1, 1.5],
    ['nowhere', [1, 2, 3], 1, 1, null],
    ['out of range', [1, 2, 3], 1, 3, null],
  ])('a move %s', (_, orders, from, to, want) => {
    const list = orders.map((o) => ({ sort_order: o }));
    const got = sortOrderForMove(list, from, to);
    expect(got).toBe(want);
    if (got !== null) {
      const moved = [...list.filter((_, i) => i !== from)];
      moved.splice(to, 0, { sort_order: got });
      const sorted = [...moved].sort((a, b) => a.sort_order - b.sort_order);
      expect(sorted.indexOf(moved[to])).toBe(to);
    }
  });
});
