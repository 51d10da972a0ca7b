import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { hashToken, SESSION_COOKIE } from '../src/auth/session.ts';
import { verifyIdToken } from '../src/auth/oidc.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { authorizeAtProvider, cookiesFrom, startOidc, type TestOidc } from './oidc-provider.ts';

let oidc: TestOidc;
let t: TestApp;
const CLIENT = 'ignition-test-client';

beforeAll(async () => {
  oidc = await startOidc();
  t = await createTestApp({ OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: CLIENT, OIDC_CLIENT_SECRET: 'shh' });
});
afterAll(async () => {
  t.close();
  await oidc.stop();
});
afterEach(() => {
  oidc.person = { sub: 'person-1', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' };
  oidc.tamper = null;
  oidc.deny = false;
});

let ip = 0;
/** each test signs in from its own address so the sign-in rate limit stays out of the way */
const from = () => ({ 'x-forwarded-for': `10.0.0.${++ip}` });

/** The whole browser round trip: our login → the OIDC server → our callback. */
async function signInThroughProvider(app: TestApp['app'] = t.app, headers = from()) {
  const login = await app.request('/api/auth/oidc/login', { headers });
  const { callbackPath, flowCookies } = await authorizeAtProvider(login);
  const callback = await app.request(callbackPath, { headers: { ...headers, cookie: flowCookies } });
  return { login, callback, callbackPath, session: cookiesFrom(callback).split('; ').find((c) => c.startsWith(`${SESSION_COOKIE}=`)) };
}

describe('signing in with a standards OIDC provider', () => {
  it('starts the authorization-code flow with PKCE (S256), state and nonce in short-lived HttpOnly cookies', async () => {
    const res = await t.app.request('/api/auth/oidc/login', { headers: from() });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin).toBe(oidc.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${t.env.PUBLIC_URL}/api/auth/oidc/callback`);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(3);
    for (const c of cookies) {
      expect(c).toMatch(/HttpOnly/);
      expect(c).toMatch(/SameSite=Lax/);
      expect(c).toMatch(/Max-Age=600/);
    }
  });

  it('creates the user, links the provider account and sets an HttpOnly session cookie', async () => {
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/settings?signed_in=1');
    const raw = callback.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    expect(raw).not.toMatch(/Secure/);
    const me = await (await t.req('/api/auth/me', { cookie: session })).json();
    expect(me.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', role: 'user', approved: 1, tos_accepted: 0 });
    const accounts = await t.db.execute({ sql: 'SELECT provider, providerAccountId, access_token, refresh_token FROM accounts WHERE userId = ?', args: [me.user.id] });
    expect(accounts.rows.map((r) => ({ ...r }))).toEqual([{ provider: 'oidc', providerAccountId: 'person-1', access_token: null, refresh_token: null }]);
    // Only the token's SHA-256 is stored.
    const token = session!.split('=')[1];
    const stored = await t.db.execute({ sql: 'SELECT sessionToken FROM sessions WHERE userId = ?', args: [me.user.id] });
    expect(stored.rows.map((r) => r.sessionToken)).toContain(await hashToken(token));
    expect(stored.rows.map((r) => r.sessionToken)).not.toContain(token);
  });

  it('signs the same provider account in to the same user again', async () => {
    const first = await signInThroughProvider();
    const second = await signInThroughProvider();
    const a = (await (await t.req('/api/auth/me', { cookie: first.session })).json()).user.id;
    const b = (await (await t.req('/api/auth/me', { cookie: second.session })).json()).user.id;
    expect(b).toBe(a);
    const n = await t.db.execute({ sql: 'SELECT count(*) AS n FROM users WHERE email = ?', args: ['ada@example.com'] });
    expect(Number(n.rows[0].n)).toBe(1);
  });

  it('links a second provider account with the same verified email to the same user', async () => {
    const devCookie = await t.signIn('grace@example.com', 'Grace');
    const devUser = (await (await t.req('/api/auth/me', { cookie: devCookie })).json()).user.id;
    oidc.person = { sub: 'grace-at-sso', email: 'Grace@Example.com', email_verified: true, name: 'Grace Hopper' };
    const { session } = await signInThroughProvider();
    expect((await (await t.req('/api/auth/me', { cookie: session })).json()).user.id).toBe(devUser);
  });

  it('refuses to link an unverified email to an existing user, with a clear page', async () => {
    await t.signIn('linus@example.com');
    oidc.person = { sub: 'mallory', email: 'linus@example.com', email_verified: false, name: 'Not Linus' };
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
    const html = await callback.text();
    expect(html).toContain('has not verified');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('falls back to the email local part for the name', async () => {
    oidc.person = { sub: 'nameless', email: 'quiet.person@example.com', email_verified: true };
    const { session } = await signInThroughProvider();
    expect((await (await t.req('/api/auth/me', { cookie: session })).json()).user.name).toBe('quiet.person');
  });

  it('refuses a profile without an email with a clear message', async () => {
    oidc.person = { sub: 'no-email' };
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
    expect(await callback.text()).toContain('did not share an email address');
  });

  it('ends denied consent on a friendly page', async () => {
    oidc.deny = true;
    const { callback } = await signInThroughProvider();
    expect(callback.status).toBe(400);
    expect(callback.headers.get('content-type')).toMatch(/text\/html/);
    expect(await callback.text()).toContain('Sign-in cancelled');
  });

  it('refuses a callback whose state does not match the cookie', async () => {
    const login = await t.app.request('/api/auth/oidc/login', { headers: from() });
    const { callbackPath, flowCookies } = await authorizeAtProvider(login);
    const forged = callbackPath.replace(/state=[^&]+/, 'state=forged');
    const res = await t.app.request(forged, { headers: { cookie: flowCookies, ...from() } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Sign-in expired');
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`))).toBe(false);
  });

  it('refuses a callback without the flow cookies (another browser)', async () => {
    const login = await t.app.request('/api/auth/oidc/login', { headers: from() });
    const { callbackPath } = await authorizeAtProvider(login);
    const res = await t.app.request(callbackPath, { headers: from() });
    expect(res.status).toBe(400);
  });

  it.each([
    ['a wrong issuer', (p: Record<string, unknown>) => void (p.iss = 'http://127.0.0.1:1/evil'), 'wrong issuer'],
    ['a wrong audience', (p: Record<string, unknown>) => void (p.aud = 'someone-else'), 'wrong audience'],
    ['an expired token', (p: Record<string, unknown>) => void (p.exp = Math.floor(Date.now() / 1000) - 3600), 'expired'],
    ['a wrong nonce', (p: Record<string, unknown>) => void (p.nonce = 'replayed'), 'nonce'],
  ])('refuses an id token with %s', async (_what, tamper, words) => {
    oidc.tamper = (p) => {
      if (p.aud === CLIENT || p.nonce !== undefined) tamper(p);
    };
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
    expect(await callback.text()).toContain(words);
  });

  it('ends on a friendly page when the provider is down', async () => {
    const down = await createTestApp({ OIDC_ISSUER: 'http://127.0.0.1:9/nobody', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' });
    try {
      const res = await down.app.request('/api/auth/oidc/login', { headers: from() });
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('not reachable');
    } finally {
      down.close();
    }
  });

  it('ends on a friendly page when the provider fails while exchanging the code', async () => {
    oidc.server.service.once('beforeResponse', (res: { statusCode: number; body: unknown }) => {
      res.statusCode = 503;
      res.body = 'Service Unavailable';
    });
    const { callback, session } = await signInThroughProvider();
    expect(callback.status).toBe(502);
    expect(session).toBeUndefined();
    expect(await callback.text()).toContain('not reachable');
  });

  it('refuses an id token whose signature does not match', async () => {
    const login = await t.app.request('/api/auth/oidc/login', { headers: from() });
    const { callbackPath, flowCookies } = await authorizeAtProvider(login);
    oidc.server.service.once('beforeResponse', (res: { body: { id_token: string } }) => {
      const [h, p, sig] = res.body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      claims.email = 'someone.else@example.com';
      res.body.id_token = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
    });
    const res = await t.app.request(callbackPath, { headers: { cookie: flowCookies, ...from() } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('bad signature');
  });

  it('uses Secure cookies when PUBLIC_URL is https', async () => {
    const app = createApp({ db: t.db, env: { ...t.env, PUBLIC_URL: 'https://ignition.example' } });
    const { login, callback } = await signInThroughProvider(app);
    expect(login.headers.getSetCookie().every((c) => /Secure/.test(c))).toBe(true);
    expect(callback.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Secure/);
  });

  it('never puts the session token in a URL or a log line', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
    );
    try {
      const { login, callback, callbackPath, session } = await signInThroughProvider();
      const token = session!.split('=')[1];
      await t.req('/api/auth/me', { cookie: session });
      await t.req('/api/sync/pull', { cookie: session });
      for (const url of [login.headers.get('location')!, callbackPath, callback.headers.get('location')!]) expect(url).not.toContain(token);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('lists only the configured providers', async () => {
    const res = await (await t.req('/api/auth/providers')).json();
    expect(res.providers).toEqual([{ id: 'oidc', name: 'Single sign-on' }]);
    expect((await t.app.request('/api/auth/google/login', { headers: from() })).status).toBe(404);
  });

  it('rate-limits sign-in per address with a clear 429, shared by every server instance on the database', async () => {
    const other = createApp({ db: t.db, env: t.env });
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 30; i++) {
      const res = await (i % 2 ? other : t.app).request('/api/auth/oidc/login', { headers });
      expect(res.status).toBe(302);
    }
    const refused = await other.request('/api/auth/oidc/login', { headers });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many sign-in attempts');
    expect((await t.app.request('/api/auth/oidc/login', { headers: from() })).status).toBe(302);
  });
});

describe('checking an id token', () => {
  const token = (claims: Record<string, unknown>) =>
    oidc.server.issuer.buildToken({ scopesOrTransform: (_h, p) => Object.assign(p, { sub: 's', aud: CLIENT, nonce: 'n', ...claims }) });
  const rules = () => ({ jwksUri: `${oidc.issuer}/jwks`, clientId: CLIENT, nonce: 'n', nowMs: Date.now() });

  it('accepts a Microsoft multi-tenant issuer only when it names the token’s own tenant', async () => {
    const tid = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const msIssuer = (iss: string, c: { tid?: unknown }) => typeof c.tid === 'string' && iss === `https://login.microsoftonline.com/${c.tid}/v2.0`;
    const good = await token({ iss: `https://login.microsoftonline.com/${tid}/v2.0`, tid });
    await expect(verifyIdToken(good, { ...rules(), issuer: msIssuer })).resolves.toMatchObject({ tid });
    const other = await token({ iss: `https://login.microsoftonline.com/${tid}/v2.0`, tid: '00000000-0000-0000-0000-000000000000' });
    await expect(verifyIdToken(other, { ...rules(), issuer: msIssuer })).rejects.toThrow('wrong issuer');
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const stranger = await startOidc();
    try {
      const forged = await stranger.server.issuer.buildToken({ scopesOrTransform: (_h, p) => Object.assign(p, { sub: 's', aud: CLIENT, nonce: 'n', iss: oidc.issuer }) });
      await expect(verifyIdToken(forged, { ...rules(), issuer: oidc.issuer })).rejects.toThrow(/unknown signing key|bad signature/);
    } finally {
      await stranger.stop();
    }
  });

  it('refuses an unsigned token', async () => {
    const [, payload] = (await token({ iss: oidc.issuer })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    await expect(verifyIdToken(none, { ...rules(), issuer: oidc.issuer })).rejects.toThrow('unsupported algorithm');
  });
});
