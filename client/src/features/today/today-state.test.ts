import { describe, expect, it } from 'vitest';
import { todayKind } from './today-state.ts';

const now = Date.parse('2026-03-10T12:00:00Z');
const base = { focus: undefined, eventCount: 1, lastEventAt: '2026-03-10T08:00:00Z', plan: undefined, now };

describe('todayKind before and after the economy is read', () => {
  it('keeps the priority: focus, first day, back after 48 h and the plan need no economy', () => {
    const focus = { id: 'f', status: 'active' as const, duration: 1500, started_at: '2026-03-10T11:50:00Z', paused_total: 0 };
    expect(todayKind({ ...base, focus }, undefined)).toBe('focus');
    expect(todayKind({ ...base, eventCount: 0, lastEventAt: null }, undefined)).toBe('first_day');
    expect(todayKind({ ...base, lastEventAt: '2026-03-07T08:00:00Z' }, undefined)).toBe('returning');
    const plan = { id: 'p', plan_date: '2026-03-10', items: [{ id: 'focus', kind: 'focus', title: 'Focus', href: '/focus', done: false }] };
    expect(todayKind({ ...base, plan }, undefined)).toBe('plan');
  });

  it('a stored streak still running decides the streak state; otherwise it waits for the economy', () => {
    expect(todayKind({ ...base, storedStreak: { current: 12, shields: 0 } }, undefined)).toBe('streak');
    expect(todayKind({ ...base, storedStreak: { current: 0, shields: 0 } }, undefined)).toBeUndefined();
    expect(todayKind(base, undefined)).toBeUndefined();
    expect(todayKind({ ...base, storedStreak: { current: 0, shields: 0 } }, 3)).toBe('streak');
    expect(todayKind({ ...base, storedStreak: { current: 0, shields: 0 } }, 0)).toBe('default');
  });
});
