import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, createTestApp, type TestApp } from './test-app.ts';
import type { AuthzEntry } from './authz/types.ts';
import { hlc, id as newId } from './sync-helpers.ts';
import { SYNC_TABLE_NAMES, tableSpec } from '@ignition/shared/tables.ts';
import { LATEST_VERSION } from '../src/db/migrate.ts';

/**
 * Bad input on every route: each state-changing route and each route with a path or query
 * parameter is called by a caller who may call it (an admin for admin routes, an approved user
 * who accepted the terms otherwise) with generated bad input. Whatever comes in, the answer is
 * below 500, a 4xx is the `{ error: { code, message } }` JSON, and a 4xx wrote nothing.
 *
 * "Wrote nothing" is measured by triggers this test adds to every table of its own database:
 * each INSERT, UPDATE or DELETE bumps a counter, so any write the request commits shows,
 * including an UPDATE that leaves a row count unchanged.
 */
/** FUZZ_SEED and FUZZ_SCALE explore further locally; the committed runs are fixed so a failure reproduces. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const here = dirname(fileURLToPath(import.meta.url));
const ENTRIES: AuthzEntry[] = [];
for (const file of readdirSync(join(here, 'authz')).filter((f) => f.endsWith('.entries.ts')).sort()) {
  const mod = (await import(pathToFileURL(join(here, 'authz', file)).href)) as { default: AuthzEntry[] };
  ENTRIES.push(...mod.default);
}
const key = (e: { method: string; path: string }) => `${e.method} ${e.path}`;

// ---------------------------------------------------------------------------------------------
// Write detection

/** Tables whose writes are bookkeeping, not data: a refused sign-in still counts toward the limit. */
const BOOKKEEPING = new Set(['rate_limits']);

async function installWriteCounter(t: TestApp) {
  await t.db.execute('CREATE TABLE IF NOT EXISTS fuzz_writes (n INTEGER NOT NULL)');
  await t.db.execute('INSERT INTO fuzz_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM fuzz_writes)');
  const rs = await t.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'fuzz_writes'");
  const tables = rs.rows.map((r) => String(r.name)).filter((n) => !BOOKKEEPING.has(n) && !n.startsWith('_'));
  for (const name of tables)
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      await t.db.execute(`CREATE TRIGGER IF NOT EXISTS "fuzz_${op}_${name}" AFTER ${op} ON "${name}" BEGIN UPDATE fuzz_writes SET n = n + 1; END`);
  return tables.length;
}
const writes = async (t: TestApp) => Number((await t.db.execute('SELECT n FROM fuzz_writes')).rows[0].n);

// ---------------------------------------------------------------------------------------------
// Calling routes

interface Call {
  method: string;
  path: string;
  body?: string;
  contentType?: string | null;
  cookie: string;
}

async function send(t: TestApp, call: Call) {
  const headers: Record<string, string> = { origin: ORIGIN, cookie: call.cookie };
  if (call.body !== undefined && call.contentType !== null) headers['content-type'] = call.contentType ?? 'application/json';
  let res: Response;
  try {
    res = await t.app.request(call.path, { method: call.method, headers, body: call.body });
  } catch (e) {
    // A URL the Request constructor itself refuses never reaches the server: nothing to judge.
    if (e instanceof TypeError && /URL|Invalid/i.test(e.message)) return null;
    throw e;
  }
  return res;
}

/** Sends one bad request and checks the three promises; returns the status. */
async function expectRefusedCleanly(t: TestApp, call: Call): Promise<number> {
  const before = await writes(t);
  const res = await send(t, call);
  if (!res) return 0;
  const text = await res.text();
  const what = `${call.method} ${call.path.slice(0, 300)} body=${(call.body ?? '').slice(0, 300)} ct=${call.contentType} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  // A restore that went through replaced every table (the counter's, the accounts): count afresh, sign the admin in again.
  if (res.status < 300 && call.path.startsWith('/api/admin/restore')) {
    if (!/dryRun=(1|true)/.test(call.path) && t === restoreApp) {
      who.restoreAdmin = await signInFrom(restoreApp, 'admin@fuzz.example');
      await restoreApp.req('/api/progress', { cookie: who.restoreAdmin });
    }
    await installWriteCounter(t);
  }
  // Sign-in pages are browser navigations: their refusals are an HTML page (signInProblemPage).
  const navigation = /^\/api\/auth\/[^/]+\/(login|callback)/.test(call.path) && (res.headers.get('content-type') ?? '').startsWith('text/html');
  if (res.status >= 400 && navigation) expect(await writes(t), `a refused request wrote: ${what}`).toBe(before);
  else if (res.status >= 400) {
    let json: { error?: { code?: unknown; message?: unknown } };
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`4xx body is not JSON: ${what}`);
    }
    expect(typeof json.error?.code, what).toBe('string');
    expect(typeof json.error?.message, what).toBe('string');
    expect((json.error!.code as string).length, what).toBeGreaterThan(0);
    expect(await writes(t), `a refused request wrote: ${what}`).toBe(before);
  }
  return res.status;
}

// ---------------------------------------------------------------------------------------------
// Generators

const FIELD_NAMES = [
  'id', 'user_id', 'title', 'name', 'description', 'content', 'mood', 'date', 'email', 'status', 'type', 'target', 'event_type',
  'xp_reward', 'coin_reward', 'cost', 'reward_id', 'purchase_id', 'action', 'approved', 'role', 'denialReason', 'priority',
  'admin_notes', 'occurrence_date', 'done', 'scope', 'recurrence', 'start_time', 'end_time', 'all_day', 'color', 'mode', 'minutes',
  'cards', 'front', 'back', 'reviews', 'card_id', 'rating', 'milestones', 'completed', 'pages_read', 'end_page', 'current_page',
  'total_pages', 'author', 'cover_url', 'yearly_book_goal', 'events', 'changes', 'metadata', 'created_at', 'local_date',
  'muscle_groups', 'category', 'max_level', 'xp_scaling_base', 'xp_scaling_multiplier', 'course_id', 'order_index', 'version',
  'tables', 'birth_date', 'confirm', 'protocolVersion', 'clientId', 'frequency', 'archived', 'value', 'notes', 'duration',
  'tags', 'pinned',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const keyArb = fc.oneof(fc.constantFrom(...FIELD_NAMES, ...PROTO_KEYS), fc.string({ maxLength: 12 }));

const SPECIAL_STRINGS = [
  '', ' ', '\u0000', '\t\n', '../..', '%00', "'; DROP TABLE users;--", '"', 'null', 'NaN', 'Infinity', '-1', '1e999', 'true',
  '2026-02-30', '0000-00-00', '9999-12-31', '2026-13-01', '2026-11-20T25:00:00Z', '2026-11-20T10:00:00.000+99:99', '+275760-09-13T00:00:00.000Z',
  '__proto__', 'constructor', '😀🔥', 'é\u0301', '\u202e', '\ufeff', 'FREQ=YEARLY', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=DAILY;INTERVAL=0',
  'FREQ=DAILY;COUNT=999999999', 'javascript:alert(1)', 'http://', 'a@b', 'x'.repeat(300), 'x'.repeat(70_000),
];
// 9007199254740993 is 2^53 + 1 as a client would send it: it is meant to lose precision.
// eslint-disable-next-line no-loss-of-precision
const SPECIAL_NUMBERS = [-1, 0, 1, -0.5, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, 1e-300, 9007199254740993, 100_001, 1_000_000_000];

const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...SPECIAL_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const { junk: junkArb } = fc.letrec<{ junk: unknown }>((tie) => ({
  junk: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('junk'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('junk'), { maxKeys: 3 }),
  ),
}));

/** A value of roughly the same shape as `v` but bad somewhere: wrong type, edge value, dropped or extra keys. */
function mutate(v: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 3) return junkArb;
  if (Array.isArray(v)) {
    const inner = v.length ? mutate(v[0], depth + 1) : junkArb;
    return fc.oneof(junkArb, fc.constant([]), fc.array(fc.oneof(fc.constant(v[0]), inner), { minLength: 1, maxLength: 3 }));
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    const DROP = Symbol('drop');
    return fc.oneof(
      { weight: 1, arbitrary: junkArb },
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.tuple(...keys.map((k) => fc.oneof(fc.constant((v as Record<string, unknown>)[k]), fc.constant(DROP), mutate((v as Record<string, unknown>)[k], depth + 1)))),
            fc.dictionary(keyArb, junkArb, { maxKeys: 2 }),
          )
          .map(([vals, extra]) => {
            const out: Record<string, unknown> = {};
            keys.forEach((k, i) => {
              if (vals[i] !== DROP) out[k] = vals[i];
            });
            for (const [k, x] of Object.entries(extra)) if (!(k in out)) Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
            return out;
          }),
      },
    );
  }
  if (typeof v === 'string') return fc.oneof(junkArb, fc.constantFrom(...SPECIAL_STRINGS), fc.string({ unit: 'grapheme', maxLength: 40 }));
  if (typeof v === 'number') return fc.oneof(junkArb, fc.constantFrom(...SPECIAL_NUMBERS), fc.double({ noNaN: true }).filter(Number.isFinite));
  return junkArb;
}

/** JSON text, with `__proto__` kept as an own key (JSON.stringify of a defineProperty'd key does that). */
const toJson = (v: unknown) => JSON.stringify(v) ?? 'null';

const RAW_BODIES = [
  '', '{', '}', '[', 'nul', '{"a":1,}', "{'a':1}", 'undefined', 'NaN', '\u0000', '{"a":1}{"b":2}', '\ufeff{}', '1e99999', '-',
  '{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"x":1}}}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '"' + 'x'.repeat(5000) + '"', '{"a":"\\ud800"}', '{"a":"\\u0000"}',
];
const rawBodyArb = fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const CONTENT_TYPES: Array<string | null> = [
  null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1',
  'application/jsonx', 'application/xml', 'APPLICATION/JSON', 'application/merge-patch+json', '', ';;;', 'application/json, text/plain',
];

const ODD_SEGMENTS = [
  '..', '.', '%2e%2e', '%2F', '%2f..%2f', '%00', '%ZZ', '%', '%E0%A4%A', 'a'.repeat(65), 'a'.repeat(3000), '%C3%A9', '%F0%9F%98%80',
  'null', 'undefined', '-1', '0', '1e999', '__proto__', 'constructor', '%20', '+', '2026-02-30', '9999-99-99', '0000-00-00',
  "'%3B%20DROP%20TABLE%20users%3B--", '%22', '%5C', 'a:b.c-d_e', '%0A', '~',
];
const segmentArb = fc.oneof(
  fc.constantFrom(...ODD_SEGMENTS),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).map((s) => s.replace(/[/?#]/g, '_')),
);

const QUERY_KEYS = ['limit', 'offset', 'cursor', 'q', 'role', 'approval', 'sort', 'status', 'type', 'priority', 'before', 'action', 'dryRun', 'courseId', 'from', 'to', 'deck_id', 'archived', 'scope', 'occurrence_date', 'state', 'code', 'error', 'redirect', 'tag', 'category'];
const QUERY_VALUES = ['', '1e999', '-1', 'NaN', '0', '1.5', '99999999999999999999', '%ZZ', '%00', 'one', 'all', 'true', '2026-02-30', '2026-01-01', '2027-12-31', 'a'.repeat(200), '%F0%9F%98%80', '__proto__', 'admin', '..%2F..'];
const queryArb = fc.oneof(
  fc.constantFrom('?', '?&&&', '?a', '?=', '?%', '?=%ZZ', '?limit=1&limit=2', '?scope=one', '?from=2026-01-01', '?from=2026-01-01&to=2030-01-01', '?cursor=-1', '?__proto__[x]=1'),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS, ...PROTO_KEYS), fc.string({ maxLength: 8 }).map(encodeURIComponent)), fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ maxLength: 20 }).map(encodeURIComponent))), { minLength: 1, maxLength: 4 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
);

// ---------------------------------------------------------------------------------------------
// The app, its callers and real rows to name

let t: TestApp;
let restoreApp: TestApp;
const who = { user: '', admin: '', throwaway: '', restoreAdmin: '' };
let ip = 0;
async function signInFrom(app: TestApp, email: string) {
  const res = await app.req('/api/auth/dev-login', { body: { email }, headers: { 'x-forwarded-for': `10.9.${Math.floor(ip / 250)}.${ip++ % 250}` } });
  if (res.status !== 200) throw new Error(`dev-login failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}
async function created<T>(res: Response, pick: (j: any) => T): Promise<T> {
  if (res.status >= 300) throw new Error(`fixture failed: ${res.status} ${await res.text()}`);
  return pick(await res.json());
}

/** Real ids owned by the caller for each route's parameters, made fresh for each route. */
async function realParams(path: string): Promise<Record<string, string>> {
  const u = who.user;
  const one = async (sql: string) => String((await t.db.execute(sql)).rows[0]?.id ?? 'missing');
  if (path.startsWith('/api/books/')) return { id: await created(await t.req('/api/books', { cookie: u, body: { title: 'Fuzz book', total_pages: 300 } }), (j) => j.book.id) };
  if (path.startsWith('/api/habits/')) {
    const habit = await created(await t.req('/api/habits', { cookie: u, body: { name: 'Fuzz habit' } }), (j) => j.habit.id as string);
    const logId = await created(await t.req(`/api/habits/${habit}/logs`, { cookie: u, body: {} }), (j) => j.log.id as string);
    return { id: habit, logId };
  }
  if (path.startsWith('/api/goals/')) {
    const g = await created(await t.req('/api/goals', { cookie: u, body: { title: 'Fuzz goal', milestones: [{ title: 'Step' }] } }), (j) => j.goal);
    return { id: g.id, milestoneId: g.milestones[0].id };
  }
  if (path.startsWith('/api/learn/decks/') || path.startsWith('/api/learn/cards/')) {
    const deck = await created(await t.req('/api/learn/decks', { cookie: u, body: { title: 'Fuzz deck' } }), (j) => j.deck.id as string);
    const card = await created(await t.req(`/api/learn/decks/${deck}/cards`, { cookie: u, body: { cards: [{ front: 'f', back: 'b' }] } }), (j) => j.cards[0].id as string);
    return { id: path.startsWith('/api/learn/cards/') ? card : deck };
  }
  if (path.startsWith('/api/learn/courses/')) return { id: await one('SELECT id FROM courses LIMIT 1') };
  if (path.startsWith('/api/learn/lessons/')) return { id: await one('SELECT id FROM lessons LIMIT 1') };
  if (path.startsWith('/api/learn/journal/')) {
    await t.req('/api/learn/journal/2026-11-02', { method: 'PUT', cookie: u, body: { content: 'Fuzz day', mood: 3 } });
    return { date: '2026-11-02' };
  }
  if (path.startsWith('/api/quests/')) return { id: await created(await t.req('/api/quests', { cookie: u, body: { title: 'Fuzz quest', type: 'daily', event_type: 'journal_entry', target: 1 } }), (j) => j.quest.id) };
  if (path.startsWith('/api/calendar/')) {
    const body = { title: 'Fuzz standup', start_time: '2026-11-02T09:00:00.000Z', end_time: '2026-11-02T09:30:00.000Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' };
    return { id: await created(await t.req('/api/calendar', { cookie: u, body }), (j) => j.event.id) };
  }
  if (path.startsWith('/api/focus/')) {
    await t.req('/api/focus/active', { cookie: u }); // settle any earlier session
    return { id: await created(await t.req('/api/focus', { cookie: u, body: { mode: 'focus', minutes: 25 } }), (j) => j.session.id) };
  }
  if (path.startsWith('/api/admin/users/')) return { id: await one("SELECT id FROM users WHERE email = 'throwaway@fuzz.example'") };
  if (path.startsWith('/api/admin/feedback/')) return { id: 'fuzz-feedback-missing' };
  const kind = /^\/api\/admin\/(quests|skills|rewards|exercises|courses|lessons)\//.exec(path)?.[1];
  if (kind) return { id: await one(`SELECT id FROM "${kind === 'skills' ? 'skill_definitions' : kind}"${kind === 'quests' || kind === 'rewards' || kind === 'exercises' ? ' WHERE user_id IS NULL' : ''} ORDER BY id DESC LIMIT 1`) };
  if (path.includes(':provider')) return { provider: 'dev' };
  if (path.startsWith('/api/infobase/')) return { id: await created(await t.req('/api/infobase', { cookie: u, body: { title: 'Fuzz note', content: 'See [[Other]]', tags: ['fuzz'] } }), (j) => j.entry.id) };
  return {};
}
const fill = (pattern: string, params: Record<string, string>) => pattern.replace(/:([A-Za-z_]+)/g, (_m, name: string) => params[name] ?? 'missing');
const paramNames = (pattern: string) => [...pattern.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);

/** Valid bodies for routes whose matrix entry has none. */
const EXTRA_BODIES: Record<string, unknown> = {
  'POST /api/learn/reviews': { reviews: [{ card_id: 'fuzz-card', rating: 'good' }] },
  'POST /api/sync/push': { protocolVersion: 1, clientId: 'fuzz', changes: [{ table: 'books', id: 'fuzz-b', op: 'upsert', fields: { title: 'x' }, hlc: '2026-11-20T12:00:00.000Z-0001-00000000000000aa' }], events: [] },
};
/** Routes that ignore their input and end the caller's session: called with a throwaway caller. */
const SESSION_ENDERS = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/user/delete']);

const RUNS = { body: 20, raw: 6, param: 10, query: 8 };
const fcOpts = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), seed: SEED, endOnFailure: true });

beforeAll(async () => {
  t = await createTestApp({ ADMIN_EMAILS: 'admin@fuzz.example' });
  // A fixed clock: the session refresh and activity stamp then happen once, in the warm-up below.
  t.setNow(new Date());
  who.user = await signInFrom(t, 'user@fuzz.example');
  who.admin = await signInFrom(t, 'admin@fuzz.example');
  who.throwaway = await signInFrom(t, 'throwaway@fuzz.example');
  for (const c of [who.user, who.admin, who.throwaway]) expect((await t.req('/api/progress', { cookie: c })).status).toBe(200);
  expect(await installWriteCounter(t)).toBeGreaterThan(20);
  restoreApp = await createTestApp({ ADMIN_EMAILS: 'admin@fuzz.example' });
  restoreApp.setNow(new Date());
  who.restoreAdmin = await signInFrom(restoreApp, 'admin@fuzz.example');
  await restoreApp.req('/api/progress', { cookie: who.restoreAdmin });
  await installWriteCounter(restoreApp);
});
afterAll(() => {
  t?.close();
  restoreApp?.close();
});

describe('the write counter', () => {
  it('notices a write and ignores a read', async () => {
    const a = await writes(t);
    await t.req('/api/books', { cookie: who.user });
    expect(await writes(t)).toBe(a);
    await t.req('/api/books', { cookie: who.user, body: { title: 'Counted' } });
    expect(await writes(t)).toBeGreaterThan(a);
  });
});

const fuzzed = ENTRIES;

describe('bad input on every route', () => {
  it.each(fuzzed.map((e) => [key(e), e] as const))('%s: never a 5xx, a JSON 4xx, nothing written on a 4xx', async (k, e) => {
    const app = k === 'POST /api/admin/restore' ? restoreApp : t;
    const cookie = k === 'POST /api/admin/restore' ? who.restoreAdmin : SESSION_ENDERS.has(k) ? who.throwaway : e.access === 'admin' ? who.admin : who.user;
    const params = await realParams(e.path);
    const path = fill(e.path, params);
    const call = (over: Partial<Call>) => expectRefusedCleanly(app, { method: e.method, path, cookie: app === restoreApp ? who.restoreAdmin : cookie, ...over });
    const valid = e.body ?? EXTRA_BODIES[k] ?? {};

    if (e.method !== 'GET') {
      // Structured bad JSON: shapes near the valid body, and junk.
      await fc.assert(fc.asyncProperty(mutate(valid), async (body) => void (await call({ body: toJson(body) }))), fcOpts(RUNS.body));
      // Text that is not JSON (or is JSON of the wrong kind).
      await fc.assert(fc.asyncProperty(rawBodyArb, async (raw) => void (await call({ body: raw }))), fcOpts(RUNS.raw));
      // The valid body under every wrong content type, or none.
      for (const ct of CONTENT_TYPES) await call({ body: toJson(valid), contentType: ct });
    }
    // Odd path parameters, one at a time, the others real.
    const names = paramNames(e.path);
    if (names.length)
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), segmentArb, async (name, seg) => {
          const p = e.path.replace(/:([A-Za-z_]+)/g, (_m, n: string) => (n === name ? seg : params[n] ?? 'missing'));
          await call({ path: p, body: e.method === 'GET' ? undefined : toJson(valid) });
        }),
        fcOpts(RUNS.param),
      );
    // Odd query strings.
    await fc.assert(fc.asyncProperty(queryArb, async (q) => void (await call({ path: path + q, body: e.method === 'GET' ? undefined : toJson(e.method === 'DELETE' ? {} : junkArbSample(q)) }))), fcOpts(RUNS.query));
  });
});

/** A fixed, bad-ish body to go with a query string (so a query test never creates a row by accident). */
const junkArbSample = (q: string) => ({ fuzz: q });

describe('a body over the size limit', () => {
  it('is a JSON 413 that writes nothing', async () => {
    const big = toJson({ title: 'x'.repeat(t.env.MAX_BODY_BYTES + 1) });
    for (const [method, path] of [['POST', '/api/books'], ['POST', '/api/sync/push'], ['PUT', '/api/learn/journal/2026-11-03'], ['POST', '/api/auth/dev-login']])
      expect(await expectRefusedCleanly(t, { method, path, cookie: who.user, body: big }), `${method} ${path}`).toBe(413);
  });
});

// ---------------------------------------------------------------------------------------------
// Findings kept as fixed cases (each failed before its fix)

describe('bad input the fuzzing found', () => {
  it('a calendar occurrence date that is not a real day is a 422, not a 500 in the occurrence maths', async () => {
    const { id } = await realParams('/api/calendar/:id');
    for (const d of ['0000-00-00', '2026-13-01', '9999-99-99', '2026-02-30']) {
      expect(await expectRefusedCleanly(t, { method: 'POST', path: `/api/calendar/${id}/complete`, cookie: who.user, body: toJson({ occurrence_date: d }) })).toBe(422);
      expect(await expectRefusedCleanly(t, { method: 'PUT', path: `/api/calendar/${id}`, cookie: who.user, body: toJson({ scope: 'one', occurrence_date: d, title: 'x' }) })).toBe(422);
      expect(await expectRefusedCleanly(t, { method: 'DELETE', path: `/api/calendar/${id}?scope=one&occurrence_date=${d}`, cookie: who.user })).toBe(422);
    }
  });

  it('an edit of a single calendar event that sends only one side cannot put its end before its start (422, nothing stored)', async () => {
    const res = await t.req('/api/calendar', { cookie: who.user, body: { title: 'Single', start_time: '2026-11-02T09:00:00.000Z', end_time: '2026-11-02T10:00:00.000Z' } });
    const { event } = (await res.json()) as { event: { id: string } };
    for (const body of [{ end_time: '2020-01-01T00:00:00.000Z' }, { start_time: '2027-01-01T00:00:00.000Z' }])
      expect(await expectRefusedCleanly(t, { method: 'PUT', path: `/api/calendar/${event.id}`, cookie: who.user, body: toJson(body) }), JSON.stringify(body)).toBe(422);
    const row = (await t.db.execute({ sql: 'SELECT start_time, end_time FROM calendar_events WHERE id = ?', args: [event.id] })).rows[0];
    expect([row.start_time, row.end_time]).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-02T10:00:00.000Z']);
  });

  it('a date that is not a real day (habit log, goal and milestone target, reading session) is a 422 that stores nothing', async () => {
    const habit = await realParams('/api/habits/:id');
    const goal = await realParams('/api/goals/:id');
    const book = await realParams('/api/books/:id');
    for (const d of ['0000-00-00', '2026-02-30', '2026-13-01', '2025-00-10']) {
      const cases: Array<[string, string, unknown]> = [
        ['POST', `/api/habits/${habit.id}/logs`, { date: d }],
        ['PATCH', `/api/goals/${goal.id}`, { target_date: d }],
        ['POST', '/api/goals', { title: 'Dated goal', target_date: d }],
        ['POST', `/api/goals/${goal.id}/milestones`, { title: 'Dated step', target_date: d }],
        ['POST', `/api/books/${book.id}/sessions`, { pages_read: 5, date: d }],
      ];
      for (const [method, path, body] of cases) expect(await expectRefusedCleanly(t, { method, path, cookie: who.user, body: toJson(body) }), `${method} ${path} ${d}`).toBe(422);
    }
  });

  it('a backup with a row lacking its id, or a change-log seq that is no whole number, is a 422 (not a 500 while upgrading or rebuilding the log)', async () => {
    const bodies = [
      { version: LATEST_VERSION, tables: { courses: [{ created_at: '2026-01-01' }] } },
      { version: LATEST_VERSION, tables: { quests: [{ id: 'q-ok', title: 'Fine' }, { is_active: true }] } },
      { version: LATEST_VERSION, tables: { sync_rows: [{ seq: 'x' }] } },
      { version: LATEST_VERSION, tables: { sync_rows: [{ seq: 1e308 }] } },
      // an old backup whose user has no id breaks its upgrade (no progress row can name them)
      { version: 14, tables: { users: [{ id: null, email: 'ghost@fuzz.example' }] } },
    ];
    for (const body of bodies)
      for (const q of ['?dryRun=1', ''])
        expect(await expectRefusedCleanly(restoreApp, { method: 'POST', path: `/api/admin/restore${q}`, cookie: who.restoreAdmin, body: toJson(body) }), JSON.stringify(body)).toBe(422);
  });

  it('a market purchase refused for lack of coins is a 409 that writes nothing (no tombstone, no rejection record)', async () => {
    const poor = await signInFrom(t, `poor-${newId()}@fuzz.example`);
    expect((await t.req('/api/market', { cookie: poor })).status).toBe(200); // the session's first-use writes happen here
    const seq = async () => Number((await t.db.execute('SELECT COALESCE(MAX(seq), 0) AS s FROM sync_rows')).rows[0].s);
    const before = await seq();
    expect(await expectRefusedCleanly(t, { method: 'POST', path: '/api/market', cookie: poor, body: toJson({ action: 'buy', reward_id: 'r_power_nap' }) })).toBe(409);
    expect(await seq()).toBe(before);
  });

  it('a pushed change naming an Object.prototype key as its table or a field is refused per change, not a 500', async () => {
    const cases: Array<{ table: string; id: string; op: string; fields?: Record<string, unknown> }> = [
      { table: 'toString', id: 'fuzz-proto-1', op: 'delete' },
      { table: 'constructor', id: 'fuzz-proto-2', op: 'upsert', fields: {} },
      { table: 'hasOwnProperty', id: 'fuzz-proto-3', op: 'upsert', fields: { title: 'x' } },
      { table: 'books', id: newId(), op: 'upsert', fields: { title: 'Proto book', constructor: 'x' } },
      { table: 'books', id: newId(), op: 'upsert', fields: { title: 'Proto book', toString: 1 } },
    ];
    for (const c of cases) {
      const w = await writes(t);
      const res = await send(t, { method: 'POST', path: '/api/sync/push', cookie: who.user, body: toJson({ protocolVersion: 1, clientId: 'fuzz', changes: [{ ...c, hlc: hlc() }], events: [] }) });
      const text = await res!.text();
      expect(res!.status, `${JSON.stringify(c)} → ${text.slice(0, 300)}`).toBe(200);
      const { changeErrors } = JSON.parse(text) as { changeErrors: Array<{ id: string; code: string }> };
      expect(changeErrors.map((e) => [e.id, e.code])).toEqual([[c.id, c.table === 'books' ? 'unknown_field' : 'unknown_table']]);
      expect(await writes(t), JSON.stringify(c)).toBe(w);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The push: every change is judged on its own

const tableArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SYNC_TABLE_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, 'users', 'sessions', 'sync_rows', 'sqlite_master', 'admin_audit', 'Books', 'books"', 'books; --') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
);
const typedValue = (type: string | undefined): fc.Arbitrary<unknown> => {
  switch (type) {
    case 'text':
      return fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...SPECIAL_STRINGS));
    case 'integer':
      return fc.oneof(fc.integer(), fc.constantFrom(...SPECIAL_NUMBERS));
    case 'real':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...SPECIAL_NUMBERS));
    case 'bool':
      return fc.oneof(fc.boolean(), fc.constantFrom(0, 1));
    default:
      return junkArb;
  }
};
/** A change to a random table: real columns with values right or wrong for their type, or junk names. */
const changeArb = (ownIds: string[]) =>
  tableArb.chain((table) => {
    const cols = (SYNC_TABLE_NAMES as string[]).includes(table) ? Object.entries(tableSpec(table)!.columns) : [];
    const fieldArb = cols.length
      ? fc.oneof(
          {
            weight: 5,
            arbitrary: fc.constantFrom(...cols).chain(([name, type]) =>
              // A reference column sometimes names one of the caller's real rows (of whatever table).
              fc.tuple(fc.constant(name), fc.oneof({ weight: 3, arbitrary: typedValue(type) }, { weight: 1, arbitrary: junkArb }, { weight: name.endsWith('_id') ? 3 : 0, arbitrary: fc.constantFrom(...ownIds) })),
            ),
          },
          { weight: 1, arbitrary: fc.tuple(keyArb, junkArb) },
        )
      : fc.tuple(keyArb, junkArb);
    return fc.record({
      table: fc.constant(table),
      id: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ownIds) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_:.-]{1,16}$/) }),
      op: fc.constantFrom('upsert', 'upsert', 'upsert', 'delete'),
      fields: fc.array(fieldArb, { maxLength: 5 }),
    });
  });

/**
 * Sends a generated push as the fuzz user: never a 5xx; a 4xx is a JSON error that wrote nothing
 * (null is returned); otherwise the parsed reply, with a description of the exchange for messages.
 */
async function pushChecked(body: string): Promise<{ out: unknown; what: string } | null> {
  const w = await writes(t);
  const res = await send(t, { method: 'POST', path: '/api/sync/push', cookie: who.user, body });
  const text = await res!.text();
  const what = `${body.slice(0, 1500)} → ${res!.status} ${text.slice(0, 600)}`;
  expect(res!.status, what).toBeLessThan(500);
  if (res!.status >= 400) {
    expect(JSON.parse(text).error.code, what).toBeTypeOf('string');
    expect(await writes(t), what).toBe(w);
    return null;
  }
  return { out: JSON.parse(text), what };
}

describe('push with generated row changes', () => {
  it('refuses each bad change on its own (changeErrors) or the whole push with a 4xx; never a 500, never a write of a refused change', async () => {
    const habit = await realParams('/api/habits/:id');
    const ownIds = [(await realParams('/api/books/:id')).id, (await realParams('/api/goals/:id')).id, (await realParams('/api/learn/decks/:id')).id, habit.id, habit.logId, (await realParams('/api/calendar/:id')).id];
    const rowState = async (table: string, id: string) => {
      if (!(SYNC_TABLE_NAMES as string[]).includes(table)) return 'no-such-table';
      const row = (await t.db.execute({ sql: `SELECT * FROM "${table}" WHERE id = ?`, args: [id] })).rows[0];
      const log = (await t.db.execute({ sql: 'SELECT user_id, clocks, deleted FROM sync_rows WHERE table_name = ? AND row_id = ?', args: [table, id] })).rows[0];
      return JSON.stringify([row ?? null, log ?? null]);
    };
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(changeArb(ownIds), { minLength: 1, maxLength: 6 }), async (gen) => {
        const seen = new Set<string>();
        const changes = gen
          .map((g) => {
            const fields: Record<string, unknown> = {};
            for (const [k, v] of g.fields) Object.defineProperty(fields, k, { value: v, enumerable: true, writable: true, configurable: true });
            return { table: g.table, id: g.id ?? newId(), op: g.op, ...(g.op === 'upsert' ? { fields } : {}), hlc: hlc() };
          })
          .filter((c) => !seen.has(`${c.table}:${c.id}`) && !!seen.add(`${c.table}:${c.id}`));
        const before = new Map<string, string>();
        for (const c of changes) before.set(`${c.table}:${c.id}`, await rowState(c.table, c.id));
        const reply = await pushChecked(toJson({ protocolVersion: 1, clientId: 'fuzz', changes, events: [] }));
        if (!reply) return;
        const { what } = reply;
        const out = reply.out as { changeErrors: Array<{ table: string; id: string; code: string; message: string }> };
        for (const err of out.changeErrors) {
          expect(err.code, what).toBeTypeOf('string');
          const k = `${err.table}:${err.id}`;
          if (!before.has(k)) continue;
          expect(await rowState(err.table, err.id), `refused change was written: ${k} ${err.code} ${what}`).toBe(before.get(k));
          judged++;
        }
      }),
      fcOpts(80),
    );
    expect(judged, 'the generator never produced a refused change').toBeGreaterThan(10);
  });
});

const EVENT_TYPES = ['focus_complete', 'workout_complete', 'habit_complete', 'lesson_complete', 'review_complete', 'reading_session', 'journal_entry', 'goal_milestone', 'goal_complete', 'planner_complete', 'reward_purchase', 'reward_redeem', 'quest_complete', 'personal_record'];
const eventArb = (ownIds: string[]) =>
  fc.record({
    id: fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Za-z0-9_:.-]{1,16}$/)),
    event_type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EVENT_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }),
    entity_id: fc.oneof(fc.constant(null), fc.constantFrom(...ownIds), fc.stringMatching(/^[A-Za-z0-9_:.-]{1,16}$/)),
    metadata: fc.oneof(fc.constant(null), fc.dictionary(fc.oneof(fc.constantFrom('occurrence_date', 'card_ids', 'pages', 'minutes', 'count', 'date', 'rating', 'duration', 'sets'), keyArb), junkArb, { maxKeys: 3 })),
    created_at: fc.oneof(fc.constantFrom('2026-11-20T12:00:00.000Z', '2026-11-20T12:00:00+14:00', '2026-11-20T12:00:00-12:00', '1970-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    local_date: fc.option(fc.constantFrom('2026-11-20', '0000-00-00', '2026-13-01', '2026-02-30', '9999-99-99', '1970-01-01'), { nil: undefined }),
    xp_earned: fc.option(fc.constantFrom(...SPECIAL_NUMBERS), { nil: undefined }),
  });

describe('push with generated events', () => {
  it('refuses each bad event on its own (rejected) or the whole push with a 4xx; never a 500, never an activity row for a refused event', async () => {
    const ownIds = [(await realParams('/api/books/:id')).id, (await realParams('/api/goals/:id')).id, (await realParams('/api/learn/decks/:id')).id, (await realParams('/api/calendar/:id')).id, (await realParams('/api/habits/:id')).id];
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb(ownIds), { minLength: 1, maxLength: 5 }), async (gen) => {
        const events = gen.map((e) => {
          const out: Record<string, unknown> = { ...e, id: e.id ?? newId() };
          for (const k of ['local_date', 'xp_earned']) if (out[k] === undefined) delete out[k];
          return out;
        });
        const reply = await pushChecked(toJson({ protocolVersion: 1, clientId: 'fuzz', changes: [], events }));
        if (!reply) return;
        const { what } = reply;
        const out = reply.out as { rejected: Array<{ id: string; code: string }> };
        for (const r of out.rejected) {
          const row = (await t.db.execute({ sql: 'SELECT id FROM activity_events WHERE id = ? AND user_id = (SELECT id FROM users WHERE email = ?)', args: [r.id, 'user@fuzz.example'] })).rows[0];
          expect(row, `refused event was recorded: ${r.id} ${r.code} ${what}`).toBeUndefined();
          judged++;
        }
      }),
      fcOpts(80),
    );
    expect(judged, 'the generator never produced a refused event').toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------------------------------------
// Restore: a backup that is wrong somewhere is refused whole, never a 500, never half-restored

describe('restore with generated backups', () => {
  it('answers a wrong backup (real table names, junk rows, any version) with a 4xx and writes nothing', async () => {
    const tableNames = (await restoreApp.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fuzz_%'")).rows.map((r) => String(r.name));
    const colsOf = new Map<string, string[]>();
    for (const n of tableNames) colsOf.set(n, (await restoreApp.db.execute(`SELECT name FROM pragma_table_info('${n}')`)).rows.map((r) => String(r.name)));
    const rowArb = (table: string) =>
      fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(colsOf.get(table) ?? ['id'])) }, { weight: 1, arbitrary: keyArb }), fc.oneof({ weight: 2, arbitrary: leafArb }, { weight: 1, arbitrary: junkArb }), { maxKeys: 6 });
    const tablesArb = fc
      .array(fc.constantFrom(...tableNames, ...PROTO_KEYS, 'no_such_table'), { minLength: 1, maxLength: 4 })
      .chain((names) => fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), fc.array(rowArb(n), { maxLength: 3 })))))
      .map((pairs) => {
        const out: Record<string, unknown> = {};
        for (const [n, rows] of pairs) Object.defineProperty(out, n, { value: rows, enumerable: true, writable: true, configurable: true });
        return out;
      });
    const backupArb = fc.record({
      version: fc.oneof({ weight: 4, arbitrary: fc.constant(LATEST_VERSION) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: LATEST_VERSION }) }, { weight: 1, arbitrary: leafArb }),
      createdAt: fc.oneof(fc.constant('2026-11-20T12:00:00.000Z'), leafArb),
      tables: tablesArb,
    });
    await fc.assert(
      fc.asyncProperty(backupArb, fc.boolean(), async (backup, dryRun) => {
        await expectRefusedCleanly(restoreApp, { method: 'POST', path: `/api/admin/restore${dryRun ? '?dryRun=1' : ''}`, cookie: who.restoreAdmin, body: toJson(backup) });
      }),
      fcOpts(80),
    );
  });
});

