import { describe, expect, it } from 'vitest';
import { eventCountsForQuest, questPeriodKey, questProgressNow } from './quests.ts';

describe('quests', () => {
  it.each([
    ['daily', '2026-11-24', '2026-11-24'],
    ['weekly', '2026-11-29', '2026-11-23'],
    ['weekly', '2026-11-30', '2026-11-30'],
    ['one_time', '2026-11-24', 'once'],
  ])('a %s quest on %s counts in period %s', (type, date, key) => {
    expect(questPeriodKey(type, date)).toBe(key);
  });

  it('counts only the event type it names, or active days', () => {
    const q = { id: 'q', type: 'daily', event_type: 'focus_complete', target: 2 };
    expect(eventCountsForQuest(q, 'focus_complete', false)).toBe(true);
    expect(eventCountsForQuest(q, 'workout_complete', true)).toBe(false);
    expect(eventCountsForQuest({ ...q, event_type: 'active_day' }, 'journal_entry', true)).toBe(true);
    expect(eventCountsForQuest({ ...q, event_type: 'active_day' }, 'journal_entry', false)).toBe(false);
  });

  it('reads the current period’s progress and ignores older periods', () => {
    const q = { id: 'q', type: 'daily', event_type: 'focus_complete', target: 2 };
    const rows = [
      { period_key: '2026-11-23', current_count: 2, completed: 1 },
      { period_key: '2026-11-24', current_count: 1, completed: 0 },
    ];
    expect(questProgressNow(q, rows, '2026-11-24')).toMatchObject({ count: 1, completed: false, fraction: 0.5 });
    expect(questProgressNow(q, rows, '2026-11-25')).toMatchObject({ count: 0, completed: false });
  });
});
