import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { settleActive, startSession, suggestedMode, type Session } from './focus-logic.ts';

const start = '2026-11-24T10:00:00.000Z';
const at = (min: number) => Date.parse(start) + min * 60_000;

beforeEach(async () => {
  await Promise.all([db.focus_sessions.clear(), db.activity_events.clear(), db.outbox_changes.clear()]);
});

const session = (id: string, fields: Record<string, unknown>) =>
  commit([{ table: 'focus_sessions', id, fields: { mode: 'focus', duration: 1500, status: 'active', started_at: start, paused_total: 0, paused_at: null, ...fields } }]);

describe('settling focus sessions on this device', () => {
  it('completes a session whose end passed while the tab was closed, at its scheduled end, with its reward', async () => {
    await session('s1', { paused_total: 120 });
    const done = await settleActive(at(300));
    expect(done.map((d) => d.xp)).toEqual([25]);
    expect(await db.focus_sessions.get('s1')).toMatchObject({ status: 'completed', completed_at: '2026-11-24T10:27:00.000Z' });
    const events = await db.activity_events.toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: 'focus_complete', entity_id: 's1', xp_earned: 25, coins_earned: 10, created_at: '2026-11-24T10:27:00.000Z' });
    // settling again changes nothing
    expect(await settleActive(at(400))).toEqual([]);
    expect(await db.activity_events.count()).toBe(1);
  });

  it('abandons a session left paused past its expiry, without a reward, and leaves a running one alone', async () => {
    await session('paused', { paused_at: '2026-11-24T10:05:00.000Z', pause_remaining: 1200 });
    expect(await settleActive(at(20))).toEqual([]);
    await settleActive(at(51));
    expect((await db.focus_sessions.get('paused'))?.status).toBe('abandoned');
    expect(await db.activity_events.count()).toBe(0);
  });

  it('gives a finished break no reward event', async () => {
    await session('b', { mode: 'short_break', duration: 300 });
    expect(await settleActive(at(6))).toHaveLength(1);
    expect(await db.activity_events.count()).toBe(0);
  });

  it('keeps one active session: starting abandons the one running here', async () => {
    await session('old', {});
    const id = await startSession('focus', 30);
    const rows = await db.focus_sessions.toArray();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ old: 'abandoned', [id]: 'active' });
    expect((await db.focus_sessions.get(id))?.duration).toBe(1800);
  });
});

describe('what to offer next', () => {
  const done = (mode: string, i: number) => ({ id: `${mode}${i}`, mode, status: 'completed', completed_at: `2026-11-24T1${i}:00:00.000Z`, started_at: start, duration: 60 }) as unknown as Session;
  it('offers a short break after focus, a long one after every fourth, and focus after a break', () => {
    expect(suggestedMode([])).toBe('focus');
    expect(suggestedMode([done('focus', 1)])).toBe('short_break');
    expect(suggestedMode([1, 2, 3, 4].map((i) => done('focus', i)))).toBe('long_break');
    expect(suggestedMode([done('focus', 1), done('short_break', 2)])).toBe('focus');
  });
});
