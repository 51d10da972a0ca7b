import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { vapidKeys } from '../src/services/push-service.ts';
import { runSchedulerTick, startPushScheduler } from '../src/services/push-scheduler.ts';
import { loadEnv } from '../src/env.ts';
import type { AppDeps } from '../src/context.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { startPushStub } from './push-stub.ts';

let stub: Awaited<ReturnType<typeof startPushStub>>;
let t: TestApp;
let now: Date;
let deps: AppDeps;
const LEASE = 120_000;
const tick = (d: AppDeps = deps, extra: Partial<Parameters<typeof runSchedulerTick>[1]> = {}) => runSchedulerTick(d, { batchSize: 50, leaseMs: LEASE, ...extra });
const at = (iso: string) => {
  now = new Date(iso);
  t.setNow(now);
};

beforeAll(async () => {
  stub = await startPushStub();
});
afterAll(() => stub.close());
beforeEach(async () => {
  t = await createTestApp({ PUSH_ALLOW_HTTP_ENDPOINTS: 'true' });
  now = new Date();
  deps = { db: t.db, env: t.env, now: () => now };
  stub.deliveries.length = 0;
  stub.failures.length = 0;
});
afterEach(() => t.close());

async function user(email: string, timezone = 'UTC') {
  const cookie = await t.signIn(email);
  await t.db.execute({ sql: 'UPDATE users SET timezone = ? WHERE email = ?', args: [timezone, email] });
  return cookie;
}
async function subscribe(cookie: string, label = 'Phone') {
  const s = stub.subscribe();
  const res = await t.req('/api/push/subscriptions', { cookie, body: { endpoint: s.endpoint, expirationTime: null, keys: s.keys, device_label: label } });
  expect(res.status).toBe(201);
  return { ...s, row: (await res.json()).subscription };
}
const onlyHabits = { habits_enabled: true, planner_enabled: false, flashcards_enabled: false, focus_enabled: false, streak_enabled: false, quiet_enabled: false };
async function settings(cookie: string, body: Record<string, unknown>) {
  const res = await t.req('/api/push/settings', { cookie, method: 'PUT', body });
  expect(res.status, await res.clone().text()).toBe(200);
}
async function habit(cookie: string, name: string, extra: Record<string, unknown> = {}) {
  const res = await t.req('/api/habits', { cookie, body: { name, ...extra } });
  expect(res.status).toBe(201);
  return (await res.json()).habit.id as string;
}

describe('VAPID keys', () => {
  it('are made once and shared by instances starting together (INSERT OR IGNORE, then read)', async () => {
    const clients = await Promise.all([openDatabase(t.url), openDatabase(t.url), openDatabase(t.url)]);
    const keys = await Promise.all(clients.map((db) => vapidKeys({ db, env: t.env })));
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
    expect(new Set(keys.map((k) => k.privateKey)).size).toBe(1);
    const cookie = await user('a@example.com');
    const res = await t.req('/api/push/vapid-public-key', { cookie });
    expect(res.status).toBe(200);
    const { key } = await res.json();
    expect(key).toBe(keys[0].publicKey);
    const raw = Buffer.from(key, 'base64url');
    expect(raw.length).toBe(65);
    expect(raw[0]).toBe(4);
    clients.forEach((c) => c.close());
  });

  it('come from the environment when given', async () => {
    const { generateVAPIDKeys } = (await import('web-push')).default;
    const pair = generateVAPIDKeys();
    const t2 = await createTestApp({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey, VAPID_SUBJECT: 'mailto:ops@example.org' });
    const cookie = await t2.signIn('env@example.com');
    expect((await (await t2.req('/api/push/vapid-public-key', { cookie })).json()).key).toBe(pair.publicKey);
    t2.close();
  });

  it('need a session', async () => {
    expect((await t.req('/api/push/vapid-public-key')).status).toBe(401);
  });
});

describe('subscriptions and the test notification', () => {
  it('a test push reaches the device encrypted to its keys and signed with the served VAPID key', async () => {
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    expect(s.row).toMatchObject({ endpoint: s.endpoint, device_label: 'Phone', enabled: true });
    expect(s.row.p256dh).toBeUndefined();
    const res = await t.req('/api/push/test', { cookie, body: {} });
    expect(await res.json()).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(stub.failures).toEqual([]);
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ kind: 'test', title: 'Ignition reminders work', url: '/settings', tag: 'push-test' })]);
    const key = (await (await t.req('/api/push/vapid-public-key', { cookie })).json()).key;
    expect(stub.deliveries[0].vapid.publicKey).toBe(key);
    expect(stub.deliveries[0].vapid.claims.aud).toBe(stub.origin);
    expect(Number(stub.deliveries[0].ttl)).toBeGreaterThan(0);
  });

  it('lists, switches off, and deletes by id or endpoint only the asker’s own', async () => {
    const a = await user('a@example.com');
    const b = await user('b@example.com');
    const s1 = await subscribe(a, 'Phone');
    const s2 = await subscribe(a, 'Laptop');
    const sb = await subscribe(b, 'B phone');
    const list = (await (await t.req('/api/push/subscriptions', { cookie: a })).json()).subscriptions;
    expect(list.map((s: any) => s.device_label).sort()).toEqual(['Laptop', 'Phone']);
    // switched off: the test skips that device
    expect((await t.req(`/api/push/subscriptions/${s2.row.id}`, { cookie: a, method: 'PATCH', body: { enabled: false } })).status).toBe(200);
    expect(await (await t.req('/api/push/test', { cookie: a, body: {} })).json()).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(stub.to(s2.id)).toEqual([]);
    // another person's subscription is not found, by id or by endpoint
    expect((await t.req(`/api/push/subscriptions/${sb.row.id}`, { cookie: a, method: 'DELETE' })).status).toBe(404);
    expect((await t.req(`/api/push/subscriptions?endpoint=${encodeURIComponent(sb.endpoint)}`, { cookie: a, method: 'DELETE' })).status).toBe(404);
    expect((await t.req(`/api/push/subscriptions/${sb.row.id}`, { cookie: a, method: 'PATCH', body: { enabled: false } })).status).toBe(404);
    expect((await t.req(`/api/push/subscriptions/${s1.row.id}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect((await t.req(`/api/push/subscriptions?endpoint=${encodeURIComponent(s2.endpoint)}`, { cookie: a, method: 'DELETE' })).status).toBe(204);
    expect((await (await t.req('/api/push/subscriptions', { cookie: a })).json()).subscriptions).toEqual([]);
    expect((await (await t.req('/api/push/subscriptions', { cookie: b })).json()).subscriptions).toHaveLength(1);
  });

  it.each([404, 410])('a push service answering %i removes the subscription', async (status) => {
    const cookie = await user('a@example.com');
    const gone = await subscribe(cookie, 'Old phone');
    const kept = await subscribe(cookie, 'New phone');
    stub.answer(gone.id, status);
    expect(await (await t.req('/api/push/test', { cookie, body: {} })).json()).toEqual({ sent: 1, removed: 1, failed: 0 });
    const left = (await (await t.req('/api/push/subscriptions', { cookie })).json()).subscriptions;
    expect(left.map((s: any) => s.id)).toEqual([kept.row.id]);
  });

  it('another failure keeps the subscription and notes it', async () => {
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    stub.answer(s.id, 500);
    expect(await (await t.req('/api/push/test', { cookie, body: {} })).json()).toEqual({ sent: 0, removed: 0, failed: 1 });
    const [row] = (await (await t.req('/api/push/subscriptions', { cookie })).json()).subscriptions;
    expect(row.last_error).toMatch(/500/);
  });

  it('refuses plain-http endpoints unless allowed, and bad keys, with a 422', async () => {
    const t2 = await createTestApp();
    const cookie = await t2.signIn('x@example.com');
    const s = stub.subscribe();
    const res = await t2.req('/api/push/subscriptions', { cookie, body: { endpoint: s.endpoint, keys: s.keys } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('validation_failed');
    t2.close();
    const c = await user('y@example.com');
    for (const body of [{ endpoint: s.endpoint, keys: { p256dh: 'x', auth: s.keys.auth } }, { endpoint: 'not a url at all', keys: s.keys }, { endpoint: s.endpoint }, { endpoint: s.endpoint, keys: s.keys, extra: 1 }]) {
      const r = await t.req('/api/push/subscriptions', { cookie: c, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe('the scheduler', () => {
  it('reminds of a habit at 09:00 Europe/London across the March change, only while it is not done', async () => {
    at('2026-03-27T12:00:00.000Z');
    const cookie = await user('a@example.com', 'Europe/London');
    const s = await subscribe(cookie);
    const id = await habit(cookie, 'Stretch');
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    at('2026-03-28T08:59:59.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    at('2026-03-28T09:00:00.000Z'); // GMT: 09:00 local
    await tick();
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ kind: 'habit', title: 'Stretch', habitId: id, date: '2026-03-28', actions: ['done', 'snooze'], url: '/habits' })]);
    await tick();
    expect(stub.to(s.id)).toHaveLength(1);
    const next = (await t.db.execute("SELECT next_fire FROM push_reminders WHERE kind = 'habits'")).rows[0].next_fire;
    expect(next).toBe('2026-03-29T08:00:00.000Z'); // BST: 09:00 local is 08:00Z
    at('2026-03-29T08:00:00.000Z');
    await tick();
    expect(stub.to(s.id).map((p) => p.date)).toEqual(['2026-03-28', '2026-03-29']);
    // done before the reminder on the 30th: no reminder that day
    at('2026-03-30T07:00:00.000Z');
    expect((await t.req(`/api/habits/${id}/logs`, { cookie, body: { date: '2026-03-30' } })).status).toBe(201);
    at('2026-03-30T08:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toHaveLength(2);
    expect((await t.db.execute("SELECT next_fire FROM push_reminders WHERE kind = 'habits'")).rows[0].next_fire).toBe('2026-03-31T08:00:00.000Z');
  });

  it('a habit is not reminded of on a day it is skipped, nor on a weekday its schedule leaves out (snoozed ones too)', async () => {
    at('2026-06-01T08:00:00.000Z'); // a Monday
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    const gym = await habit(cookie, 'Gym', { schedule: 'weekdays', schedule_days: 1 | 4 | 16 }); // Mon, Wed, Fri
    const stretch = await habit(cookie, 'Stretch');
    const every3 = await habit(cookie, 'Long run', { schedule: 'every_n_days', schedule_every: 3, schedule_start: '2026-06-01' });
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    // Stretch is skipped on Tuesday (planned on Monday)
    expect((await t.req(`/api/habits/${stretch}/skips`, { cookie, body: { date: '2026-06-02' } })).status).toBe(201);
    // the habits were made at one instant: their order among a day's notifications is not the point
    const sent = () => stub.to(s.id).map((p) => `${p.date} ${p.title}`);
    const sorted = (xs: string[]) => [...xs].sort();
    at('2026-06-01T09:00:00.000Z');
    await tick();
    expect(sorted(sent())).toEqual(['2026-06-01 Gym', '2026-06-01 Long run', '2026-06-01 Stretch']);
    // Tuesday: Gym is not scheduled, Stretch is skipped, the long run is two days away: nothing
    at('2026-06-02T09:00:00.000Z');
    await tick();
    expect(sent()).toHaveLength(3);
    expect((await t.db.execute("SELECT next_fire FROM push_reminders WHERE kind = 'habits'")).rows[0].next_fire).toBe('2026-06-03T09:00:00.000Z');
    // a snoozed "Stretch" for the skipped Tuesday is not sent either
    const snoozed = { kind: 'habit', title: 'Stretch', body: 'x', url: '/habits', tag: `habit-${stretch}`, habitId: stretch, date: '2026-06-02' };
    expect((await t.req('/api/push/snooze', { cookie, body: { minutes: 10, notification: snoozed } })).status).toBe(201);
    at('2026-06-02T09:10:00.000Z');
    await tick();
    expect(sent()).toHaveLength(3);
    // Wednesday: Gym and Stretch again; Thursday: Stretch and the long run (its next period)
    at('2026-06-03T09:00:00.000Z');
    await tick();
    at('2026-06-04T09:00:00.000Z');
    await tick();
    expect(sorted(sent().slice(3))).toEqual(['2026-06-03 Gym', '2026-06-03 Stretch', '2026-06-04 Long run', '2026-06-04 Stretch']);
    expect(stub.to(s.id).filter((p) => p.habitId === gym).map((p) => p.date)).toEqual(['2026-06-01', '2026-06-03']);
    expect(stub.to(s.id).filter((p) => p.habitId === every3).map((p) => p.date)).toEqual(['2026-06-01', '2026-06-04']);
  });

  it('follows America/New_York back to standard time in November and Europe/London in October', async () => {
    at('2026-10-23T12:00:00.000Z');
    const ny = await user('ny@example.com', 'America/New_York');
    const ld = await user('ld@example.com', 'Europe/London');
    const sNy = await subscribe(ny);
    const sLd = await subscribe(ld);
    await habit(ny, 'Walk');
    await habit(ld, 'Read');
    await settings(ny, { ...onlyHabits, habits_time: '07:30' });
    await settings(ld, { ...onlyHabits, habits_time: '07:30' });
    const fires: Record<string, string[]> = { ny: [], ld: [] };
    // walk the clock a minute at a time through both changes, ticking like the interval does
    for (let ms = Date.parse('2026-10-24T00:00:00.000Z'); ms <= Date.parse('2026-11-02T23:59:00.000Z'); ms += 60_000) {
      at(new Date(ms).toISOString());
      const before = [stub.to(sNy.id).length, stub.to(sLd.id).length];
      await tick();
      if (stub.to(sNy.id).length > before[0]) fires.ny.push(now.toISOString());
      if (stub.to(sLd.id).length > before[1]) fires.ld.push(now.toISOString());
    }
    expect(fires.ld).toEqual([
      '2026-10-24T06:30:00.000Z',
      '2026-10-25T07:30:00.000Z',
      '2026-10-26T07:30:00.000Z',
      '2026-10-27T07:30:00.000Z',
      '2026-10-28T07:30:00.000Z',
      '2026-10-29T07:30:00.000Z',
      '2026-10-30T07:30:00.000Z',
      '2026-10-31T07:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-02T07:30:00.000Z',
    ]);
    expect(fires.ny).toEqual([
      '2026-10-24T11:30:00.000Z',
      '2026-10-25T11:30:00.000Z',
      '2026-10-26T11:30:00.000Z',
      '2026-10-27T11:30:00.000Z',
      '2026-10-28T11:30:00.000Z',
      '2026-10-29T11:30:00.000Z',
      '2026-10-30T11:30:00.000Z',
      '2026-10-31T11:30:00.000Z',
      '2026-11-01T12:30:00.000Z',
      '2026-11-02T12:30:00.000Z',
    ]);
  }, 60_000);

  it('a person who moves time zone is reminded at the time on their new clock, not the old one', async () => {
    at('2026-06-01T12:00:00.000Z');
    const cookie = await user('a@example.com', 'Europe/London');
    const s = await subscribe(cookie);
    await habit(cookie, 'Stretch');
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    // flies to New York (the zone changes through the synced settings, not the reminder routes)
    await t.db.execute("UPDATE users SET timezone = 'America/New_York' WHERE email = 'a@example.com'");
    at('2026-06-02T08:00:00.000Z'); // 09:00 in London: not sent
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    at('2026-06-02T13:00:00.000Z'); // 09:00 in New York
    await tick();
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ title: 'Stretch', date: '2026-06-02' })]);
  });

  it('quiet hours hold a daily reminder until they end', async () => {
    at('2026-06-01T12:00:00.000Z');
    const cookie = await user('a@example.com', 'UTC');
    const s = await subscribe(cookie);
    await habit(cookie, 'Floss');
    await settings(cookie, { ...onlyHabits, habits_time: '23:00', quiet_enabled: true, quiet_start: '22:00', quiet_end: '07:00' });
    at('2026-06-01T23:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    at('2026-06-02T07:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ title: 'Floss', date: '2026-06-02' })]);
  });

  it('two instances on one database never send a reminder twice', async () => {
    at('2026-06-01T08:00:00.000Z');
    const subs = [];
    for (let i = 0; i < 12; i++) {
      const c = await user(`u${i}@example.com`);
      subs.push(await subscribe(c));
      await habit(c, `Habit ${i}`);
      await settings(c, { ...onlyHabits, habits_time: '09:00' });
    }
    const other = await openDatabase(t.url);
    const second: AppDeps = { db: other, env: t.env, now: () => now };
    at('2026-06-01T09:00:00.000Z');
    for (let round = 0; round < 4; round++) await Promise.all([tick(deps, { batchSize: 3 }), tick(second, { batchSize: 3 }), tick(deps, { batchSize: 5 }), tick(second, { batchSize: 2 })]);
    for (const s of subs) expect(stub.to(s.id), s.id).toHaveLength(1);
    other.close();
  });

  it('a crash mid-send retries once after the lease expires, never more', async () => {
    at('2026-06-01T08:00:00.000Z');
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    await habit(cookie, 'Journal');
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    const crash = () => {
      throw new Error('the instance died');
    };
    at('2026-06-01T09:00:00.000Z');
    await expect(tick(deps, { beforeAdvance: crash })).rejects.toThrow('died');
    expect(stub.to(s.id)).toHaveLength(1);
    // still leased: another instance leaves it alone
    at('2026-06-01T09:01:00.000Z');
    expect((await tick()).claimed).toBe(0);
    // the lease ends: one retry, which crashes too
    at(new Date(Date.parse('2026-06-01T09:00:00.000Z') + LEASE).toISOString());
    await expect(tick(deps, { beforeAdvance: crash })).rejects.toThrow('died');
    expect(stub.to(s.id)).toHaveLength(2);
    // a third claim does not send again: the reminder moves on to tomorrow
    at(new Date(Date.parse('2026-06-01T09:00:00.000Z') + 2 * LEASE).toISOString());
    expect(await tick()).toMatchObject({ claimed: 1, fired: 0, skipped: 1 });
    expect(stub.to(s.id)).toHaveLength(2);
    expect((await t.db.execute("SELECT next_fire, attempts, lease_owner FROM push_reminders WHERE kind = 'habits'")).rows[0]).toMatchObject({ next_fire: '2026-06-02T09:00:00.000Z', attempts: 0, lease_owner: null });
  });

  it('a crash then a clean retry sends exactly twice, then tomorrow as usual', async () => {
    at('2026-06-01T08:00:00.000Z');
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    await habit(cookie, 'Journal');
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    at('2026-06-01T09:00:00.000Z');
    await expect(
      tick(deps, {
        beforeAdvance: () => {
          throw new Error('died');
        },
      }),
    ).rejects.toThrow();
    at(new Date(Date.parse('2026-06-01T09:00:00.000Z') + LEASE).toISOString());
    await tick();
    at('2026-06-01T20:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toHaveLength(2);
    at('2026-06-02T09:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toHaveLength(3);
  });

  it('slow push services never outlast the lease: what is left past half of it is handed back for the next tick', async () => {
    at('2026-06-01T08:00:00.000Z');
    const subs = [];
    for (let i = 0; i < 3; i++) {
      const c = await user(`slow${i}@example.com`);
      const s = await subscribe(c);
      stub.slow(s.id, 300);
      subs.push(s);
      await habit(c, `Habit ${i}`);
      await settings(c, { ...onlyHabits, habits_time: '09:00' });
    }
    at('2026-06-01T09:00:00.000Z');
    expect(await tick(deps, { leaseMs: 400 })).toMatchObject({ claimed: 3, fired: 1 });
    const left = (await t.db.execute("SELECT lease_owner, attempts FROM push_reminders WHERE kind = 'habits' AND next_fire = '2026-06-01T09:00:00.000Z'")).rows;
    expect(left.map((r) => [r.lease_owner, Number(r.attempts)])).toEqual([
      [null, 0],
      [null, 0],
    ]);
    await tick(deps, { leaseMs: 400 });
    await tick(deps, { leaseMs: 400 });
    expect(subs.map((s) => stub.to(s.id).length)).toEqual([1, 1, 1]);
  });

  it('a reminder more than an hour late (servers down) is skipped, not sent late', async () => {
    at('2026-06-01T08:00:00.000Z');
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    await habit(cookie, 'Journal');
    await settings(cookie, { ...onlyHabits, habits_time: '09:00' });
    at('2026-06-01T11:00:00.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    expect((await t.db.execute("SELECT next_fire FROM push_reminders WHERE kind = 'habits'")).rows[0].next_fire).toBe('2026-06-02T09:00:00.000Z');
  });

  it('planner events N minutes before, focus sessions ending, flashcards with the count, and a gentle streak word', async () => {
    at('2026-06-01T07:00:00.000Z');
    const cookie = await user('a@example.com', 'Europe/London');
    const s = await subscribe(cookie);
    const uid = String((await t.db.execute("SELECT id FROM users WHERE email = 'a@example.com'")).rows[0].id);
    await settings(cookie, { habits_enabled: false, planner_enabled: true, planner_minutes: 15, focus_enabled: true, flashcards_enabled: true, flashcards_time: '18:00', streak_enabled: true, streak_time: '20:00', quiet_enabled: false });
    await t.db.execute({ sql: "INSERT INTO calendar_events (id, user_id, title, start_time, end_time, created_at, updated_at) VALUES ('ev1', ?, 'Dentist', '2026-06-01T09:00:00.000Z', '2026-06-01T10:00:00.000Z', '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')", args: [uid] });
    await t.db.execute({ sql: "INSERT INTO focus_sessions (id, user_id, mode, duration, status, started_at, paused_total) VALUES ('fs1', ?, 'focus', 1500, 'active', '2026-06-01T08:00:00.000Z', 60)", args: [uid] });
    await t.db.execute({ sql: "INSERT INTO flashcard_decks (id, user_id, title, created_at, updated_at) VALUES ('d1', ?, 'Spanish', '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')", args: [uid] });
    for (const [id, due] of [['c1', null], ['c2', '2026-06-01T10:00:00.000Z'], ['c3', '2026-06-09T10:00:00.000Z']])
      await t.db.execute({ sql: "INSERT INTO flashcards (id, deck_id, front, back, next_review) VALUES (?, 'd1', 'f', 'b', ?)", args: [id, due] });
    await t.db.execute({ sql: "INSERT INTO user_streaks (id, user_id, streak_type, current_streak, best_streak, last_active_date) VALUES ('st1', ?, 'daily', 6, 6, '2026-05-31')", args: [uid] });
    const fired: string[][] = [];
    // run minute by minute from 07:00Z to 19:10Z
    for (let ms = Date.parse('2026-06-01T07:00:00.000Z'); ms <= Date.parse('2026-06-01T19:10:00.000Z'); ms += 60_000) {
      at(new Date(ms).toISOString());
      const before = stub.to(s.id).length;
      await tick();
      for (const p of stub.to(s.id).slice(before)) fired.push([now.toISOString(), p.kind, p.title, p.body]);
    }
    expect(fired).toEqual([
      // started 08:00Z, 25 minutes planned, 1 minute paused
      ['2026-06-01T08:26:00.000Z', 'focus', 'Focus session complete', expect.any(String)],
      // 09:00Z minus 15 minutes
      ['2026-06-01T08:45:00.000Z', 'planner', 'Dentist', 'Starts in 15 min'],
      // 18:00 BST is 17:00Z; the card due at 10:00Z counts, the one due next week does not
      ['2026-06-01T17:00:00.000Z', 'flashcards', '2 flashcards are due', expect.any(String)],
      // 20:00 BST: yesterday kept a 6-day streak going and today has nothing yet
      ['2026-06-01T19:00:00.000Z', 'streak', 'Your 6-day streak is still open today', expect.stringMatching(/Rest days are fine/)],
    ]);
  }, 60_000);

  it('snoozed notifications come back after the minutes asked for', async () => {
    at('2026-06-01T08:00:00.000Z');
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    const res = await t.req('/api/push/snooze', { cookie, body: { minutes: 10, notification: { kind: 'flashcards', title: '3 flashcards are due', body: 'x', url: '/learn', tag: 'flashcards-due' } } });
    expect(res.status).toBe(201);
    expect((await res.json()).fire_at).toBe('2026-06-01T08:10:00.000Z');
    at('2026-06-01T08:09:59.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    at('2026-06-01T08:10:00.000Z');
    await tick();
    await tick();
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ title: '3 flashcards are due', tag: 'flashcards-due', actions: ['snooze'] })]);
    expect(Number((await t.db.execute("SELECT COUNT(*) AS n FROM push_reminders WHERE kind = 'snooze'")).rows[0].n)).toBe(0);
  });

  it('a recipe step timer rings at its end with the app closed; setting it again moves it, cancelling or another person cannot', async () => {
    at('2026-06-01T08:00:00.000Z');
    const cookie = await user('a@example.com');
    const other = await user('b@example.com');
    const s = await subscribe(cookie);
    const put = (who: string, tag: string, fire_at: string) =>
      t.req(`/api/push/timers/${tag}`, { cookie: who, method: 'PUT', body: { fire_at, notification: { title: 'Timer done: Pancakes', body: 'Step 2 of 4', url: '/recipes/r1/follow' } } });
    expect((await put(cookie, 'recipe-r1-1', '2026-06-01T08:05:00.000Z')).status).toBe(200);
    // Paused and resumed: the same tag moves to the new end, one reminder only.
    const moved = await put(cookie, 'recipe-r1-1', '2026-06-01T08:06:30.000Z');
    expect(await moved.json()).toEqual({ fire_at: '2026-06-01T08:06:30.000Z' });
    expect((await put(cookie, 'recipe-r1-2', '2026-06-01T08:07:00.000Z')).status).toBe(200);
    // Someone else's cancel of the same tag touches only their own (none).
    expect((await t.req('/api/push/timers/recipe-r1-2', { cookie: other, method: 'DELETE' })).status).toBe(204);
    at('2026-06-01T08:05:00.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([]);
    at('2026-06-01T08:06:30.000Z');
    await tick();
    expect(stub.to(s.id)).toEqual([expect.objectContaining({ kind: 'timer', title: 'Timer done: Pancakes', body: 'Step 2 of 4', url: '/recipes/r1/follow', tag: 'recipe-r1-1' })]);
    // The second timer is cancelled (the run finished) before it ends: nothing more is sent.
    expect((await t.req('/api/push/timers/recipe-r1-2', { cookie, method: 'DELETE' })).status).toBe(204);
    at('2026-06-01T08:08:00.000Z');
    await tick();
    expect(stub.to(s.id)).toHaveLength(1);
    expect(Number((await t.db.execute("SELECT COUNT(*) AS n FROM push_reminders WHERE kind = 'timer'")).rows[0].n)).toBe(0);
    // A time past, more than a day ahead, a bad tag or a link out of the app: 4xx, nothing kept.
    for (const [tag, fire_at, url] of [
      ['recipe-r1-3', '2026-06-01T08:00:00.000Z', '/recipes'],
      ['recipe-r1-3', '2026-06-02T09:00:00.000Z', '/recipes'],
      ['bad tag!', '2026-06-01T08:10:00.000Z', '/recipes'],
      ['recipe-r1-3', '2026-06-01T08:10:00.000Z', 'https://evil.example/'],
    ]) {
      const res = await t.req(`/api/push/timers/${encodeURIComponent(tag)}`, { cookie, method: 'PUT', body: { fire_at, notification: { title: 'x', url } } });
      expect(res.status, `${tag} ${fire_at} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(Number((await t.db.execute("SELECT COUNT(*) AS n FROM push_reminders WHERE kind = 'timer'")).rows[0].n)).toBe(0);
  });

  it('at most 20 snoozed notifications wait at once (429 after that)', async () => {
    const cookie = await user('a@example.com');
    const body = { notification: { kind: 'test', title: 'Again', url: '/', tag: 't' } };
    for (let i = 0; i < 20; i++) expect((await t.req('/api/push/snooze', { cookie, body })).status).toBe(201);
    const res = await t.req('/api/push/snooze', { cookie, body });
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('rate_limited');
  });

  it('runs in the server process on an interval, and can be left off', async () => {
    const cookie = await user('a@example.com');
    const s = await subscribe(cookie);
    now = new Date();
    t.setNow(undefined);
    await t.req('/api/push/snooze', { cookie, body: { minutes: 1, notification: { kind: 'test', title: 'From the interval', url: '/', tag: 'iv' } } });
    await t.db.execute("UPDATE push_reminders SET next_fire = '2000-01-01T00:00:00.000Z' WHERE kind = 'snooze'");
    const env = loadEnv({ NODE_ENV: 'test', DATABASE_URL: t.url, PUSH_ALLOW_HTTP_ENDPOINTS: 'true', PUSH_SCHEDULER_INTERVAL_MS: '1000' });
    expect(loadEnv({ PUSH_SCHEDULER: 'false' }).PUSH_SCHEDULER).toBe(false);
    const stop = startPushScheduler({ db: t.db, env });
    try {
      await expect.poll(() => stub.to(s.id).map((p) => p.title), { timeout: 5000, interval: 100 }).toEqual(['From the interval']);
    } finally {
      stop();
    }
  });

  it('no device subscribed: no reminders kept', async () => {
    const cookie = await user('a@example.com');
    await settings(cookie, onlyHabits);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM push_reminders')).rows[0].n)).toBe(0);
    const s = await subscribe(cookie);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM push_reminders')).rows[0].n)).toBe(1);
    await t.req(`/api/push/subscriptions/${s.row.id}`, { cookie, method: 'DELETE' });
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM push_reminders')).rows[0].n)).toBe(0);
  });
});

describe('settings', () => {
  it('default streak reminders off and refuse bad times', async () => {
    const cookie = await user('a@example.com', 'Europe/London');
    const got = await (await t.req('/api/push/settings', { cookie })).json();
    expect(got.settings).toMatchObject({ streak_enabled: false, habits_time: '09:00' });
    expect(got.timezone).toBe('Europe/London');
    for (const body of [{ habits_time: '25:00' }, { habits_time: '9:00' }, { planner_minutes: -1 }, {}, { nope: true }]) {
      const r = await t.req('/api/push/settings', { cookie, method: 'PUT', body });
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
  });
});
