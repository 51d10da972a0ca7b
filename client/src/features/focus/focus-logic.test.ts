import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/db.ts';
import { commit } from '../../sync/outbox.ts';
import { announceFinished, settleActive, startSession, suggestedMode, type Session } from './focus-logic.ts';
import { focusTitle } from './focus-watch.ts';

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

describe('announcing the end', () => {
  const sounds: number[] = [];
  const shown: Array<{ title: string; body?: string }> = [];
  beforeEach(() => {
    sounds.length = 0;
    shown.length = 0;
    vi.stubGlobal(
      'AudioContext',
      class {
        currentTime = 0;
        destination = {};
        constructor() {
          sounds.push(1);
        }
        createOscillator = () => ({ frequency: {}, connect: (g: unknown) => g, start() {}, stop() {} });
        createGain = () => ({ gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (d: unknown) => d });
        close = async () => undefined;
      },
    );
    // A browser without a service worker: the page's own Notification is used.
    vi.stubGlobal('navigator', {});
    vi.stubGlobal(
      'Notification',
      Object.assign(
        class {
          constructor(title: string, options?: { body?: string }) {
            shown.push({ title, body: options?.body });
          }
        },
        { permission: 'granted' },
      ),
    );
  });
  afterEach(() => vi.unstubAllGlobals());
  const ended = (mode: string, completedAt: number) => ({ id: 'x', mode, status: 'completed', started_at: start, duration: 1500, completed_at: new Date(completedAt).toISOString() }) as unknown as Session;

  it('plays the chime and shows a system notification for an end that just happened', async () => {
    announceFinished([{ session: ended('focus', at(25)), xp: 25 }], true, at(25) + 2000);
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toEqual({ title: 'Focus finished', body: 'Well done · +25 XP. Time for a break.' });
    expect(sounds).toHaveLength(1);
  });

  it('stays silent when the sound is off, and records a stale end (the app was closed) without either', async () => {
    announceFinished([{ session: ended('short_break', at(25)), xp: 0 }], false, at(25) + 1000);
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect(sounds).toHaveLength(0);
    announceFinished([{ session: ended('focus', at(25)), xp: 25 }], true, at(25) + 10 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect([sounds.length, shown.length]).toEqual([0, 1]);
  });

  it('puts the remaining time in the title on other pages, paused or running', () => {
    const running = { id: 'r', mode: 'focus', status: 'active', started_at: start, duration: 1500, paused_total: 0, paused_at: null } as unknown as Session;
    expect(focusTitle(running, at(10))).toBe('15:00 · Focus · Ignition');
    expect(focusTitle({ ...running, paused_at: new Date(at(10)).toISOString() }, at(12))).toBe('15:00 ⏸ Focus · Ignition');
  });
});
