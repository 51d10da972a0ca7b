import { describe, expect, it } from 'vitest';
import { goalProgress, orderMilestones } from './goals.ts';

describe('goal progress', () => {
  it('is the share of completed milestones', () => {
    expect(goalProgress({}, [{ completed: 1 }, { completed: 0 }, { completed: true }])).toBe(67);
    expect(goalProgress({}, [])).toBe(0);
  });

  it('is the hand-set figure when set by hand, within 0..100', () => {
    expect(goalProgress({ progress: 40, progress_manual: 1 }, [{ completed: 1 }])).toBe(40);
    expect(goalProgress({ progress: 140, progress_manual: true }, [])).toBe(100);
  });

  it('orders milestones by their index, then target date', () => {
    const m = orderMilestones([
      { order_index: 2, target_date: '2026-01-01' },
      { order_index: 1, target_date: '2026-03-01' },
      { order_index: 1, target_date: '2026-02-01' },
    ]);
    expect(m.map((x) => x.target_date)).toEqual(['2026-02-01', '2026-03-01', '2026-01-01']);
  });
});
