import { describe, expect, it } from 'vitest';
import { openIgnitionDb } from '../db/db.ts';
import { commit, newId } from '../sync/outbox.ts';
import { logHabitDone } from './habit-done.ts';
import { deviceLabel } from '../features/reminders/push-client.ts';

describe('"Done" on a habit reminder (what the service worker runs)', () => {
  it('logs the habit through the outbox with its optimistic reward, once per period', async () => {
    const db = openIgnitionDb(`done-${newId()}`);
    await commit([{ table: 'habits', id: 'h1', fields: { name: 'Stretch', frequency: 'daily', target_count: 1, xp_reward: 12, coin_reward: 4, skill_id: 'guts', archived: false } }], [], db);
    const outboxBefore = await db.outbox_changes.count();
    expect(await logHabitDone('h1', '2026-12-07', db)).toBe('logged');
    const logs = await db.habit_logs.where('habit_id').equals('h1').toArray();
    expect(logs).toEqual([expect.objectContaining({ habit_id: 'h1', date: '2026-12-07', count: 1 })]);
    const events = await db.activity_events.toArray();
    expect(events).toEqual([expect.objectContaining({ event_type: 'habit_complete', entity_id: logs[0].id, local_date: '2026-12-07', xp_earned: 12, coins_earned: 4, skill_id: 'guts', sync_status: 'pending' })]);
    expect(await db.outbox_changes.count()).toBe(outboxBefore + 1);
    // a second Done for the same day changes nothing
    expect(await logHabitDone('h1', '2026-12-07', db)).toBe('already_done');
    expect(await db.habit_logs.count()).toBe(1);
    // the next day is a new period
    expect(await logHabitDone('h1', '2026-12-08', db)).toBe('logged');
    expect(await db.habit_logs.count()).toBe(2);
    db.close();
  });

  it('refuses a habit this device does not have, or one archived', async () => {
    const db = openIgnitionDb(`done-${newId()}`);
    expect(await logHabitDone('nope', '2026-12-07', db)).toBe('unknown_habit');
    await commit([{ table: 'habits', id: 'h2', fields: { name: 'Old', frequency: 'daily', target_count: 1, archived: true } }], [], db);
    expect(await logHabitDone('h2', '2026-12-07', db)).toBe('unknown_habit');
    expect(await db.habit_logs.count()).toBe(0);
    db.close();
  });

  it('weekly habits stay to do until the week’s target is met', async () => {
    const db = openIgnitionDb(`done-${newId()}`);
    await commit([{ table: 'habits', id: 'w', fields: { name: 'Run', frequency: 'weekly', target_count: 2, xp_reward: 10, coin_reward: 5, archived: false } }], [], db);
    expect(await logHabitDone('w', '2026-12-07', db)).toBe('logged');
    expect(await logHabitDone('w', '2026-12-09', db)).toBe('logged');
    expect(await logHabitDone('w', '2026-12-10', db)).toBe('already_done');
    db.close();
  });
});

describe('"Done" follows the schedule and skips', () => {
  it('a day skipped (on any device: the skip is in Dexie) is not logged', async () => {
    const db = openIgnitionDb(`done-${newId()}`);
    await commit([{ table: 'habits', id: 'h', fields: { name: 'Stretch', frequency: 'daily', target_count: 1, xp_reward: 10, coin_reward: 5, archived: false } }], [], db);
    await commit([{ table: 'habit_skips', id: 'k1', fields: { habit_id: 'h', date: '2026-12-08', reason: 'skipped', created_at: '2026-12-08T07:00:00.000Z' } }], [], db);
    expect(await logHabitDone('h', '2026-12-08', db)).toBe('already_done');
    expect(await db.habit_logs.count()).toBe(0);
    // another day is not skipped
    expect(await logHabitDone('h', '2026-12-09', db)).toBe('logged');
    db.close();
  });

  it('a Mon/Wed/Fri habit is not logged for a Tuesday, and is for a Wednesday', async () => {
    const db = openIgnitionDb(`done-${newId()}`);
    await commit([{ table: 'habits', id: 'g', fields: { name: 'Gym', frequency: 'daily', target_count: 1, schedule: 'weekdays', schedule_days: 1 | 4 | 16, archived: false } }], [], db);
    // 2026-12-08 is a Tuesday
    expect(await logHabitDone('g', '2026-12-08', db)).toBe('already_done');
    expect(await logHabitDone('g', '2026-12-09', db)).toBe('logged');
    expect(await db.habit_logs.count()).toBe(1);
    db.close();
  });
});

describe('device labels', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Windows'],
  ])('%s → %s', (ua, label) => expect(deviceLabel(ua)).toBe(label));
});
