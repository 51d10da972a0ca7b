import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { ArcticFetchError, OAuth2RequestError, UnexpectedErrorResponseBodyError, UnexpectedResponseError, generateCodeVerifier, generateState } from 'arctic';
import { clockOf, type AppEnv } from '../context.ts';
import { OidcError, verifyIdToken } from './oidc.ts';
import { configuredProviders, type Provider } from './providers.ts';
import { createSession, setSessionCookie } from './session.ts';
import { SignInRefused, userForProviderSignIn } from '../services/user-service.ts';
import { hitRateLimit, requesterKey } from '../services/rate-limit-service.ts';

const STATE = 'ignition_oauth_state';
const VERIFIER = 'ignition_oauth_verifier';
const NONCE = 'ignition_oauth_nonce';
const FLOW_COOKIES = [STATE, VERIFIER, NONCE];
const FLOW_SECONDS = 10 * 60;
export const SIGN_IN_LIMIT = { count: 30, windowSeconds: 60 };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page a browser lands on when sign-in cannot finish: words, a way back, never a stack trace. */
export function signInProblemPage(c: Context<AppEnv>, status: 400 | 404 | 429 | 502, title: string, message: string) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Ignition</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:10vh auto;padding:0 1.25rem;color:#1f2430}
a{display:inline-block;margin-top:1rem;padding:.7rem 1.1rem;border-radius:.6rem;background:#e8590c;color:#fff;text-decoration:none}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p data-testid="signin-problem">${escapeHtml(message)}</p>
<p>Nothing on your device was lost: everything you made is still saved there.</p>
<a href="/settings">Back to Ignition</a></main></body></html>`,
    status,
  );
}

function flowCookie(c: Context<AppEnv>, name: string, value: string) {
  setCookie(c, name, value, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.env.PUBLIC_URL.startsWith('https:'),
    path: '/api/auth/',
    maxAge: FLOW_SECONDS,
  });
}

function findProvider(c: Context<AppEnv>): Provider | undefined {
  return configuredProviders(c.var.deps.env).find((p) => p.id === c.req.param('provider'));
}

async function overLimit(c: Context<AppEnv>): Promise<number> {
  const now = clockOf(c.var.deps);
  return hitRateLimit(c.var.deps.db, `sign-in:${requesterKey(c)}`, SIGN_IN_LIMIT.count, SIGN_IN_LIMIT.windowSeconds, now.getTime());
}

function tooMany(c: Context<AppEnv>, wait: number) {
  c.header('Retry-After', String(wait));
  return signInProblemPage(c, 429, 'Too many sign-in attempts', `Please wait ${wait} seconds and try again.`);
}

const emailVerified = (v: unknown) => v === true || v === 'true';

/** `GET /api/auth/:provider/login` and `/callback`: the authorization-code flow with PKCE, state and nonce. */
export const oauthRoutes = new Hono<AppEnv>()
  .get('/:provider/login', async (c) => {
    const wait = await overLimit(c);
    if (wait > 0) return tooMany(c, wait);
    const provider = findProvider(c);
    if (!provider) return signInProblemPage(c, 404, 'Unknown sign-in method', 'This server does not offer that sign-in method.');
    const state = generateState();
    const verifier = generateCodeVerifier();
    const nonce = generateState();
    let url: URL;
    try {
      url = await provider.authorizationUrl(state, verifier, nonce);
    } catch {
      return signInProblemPage(c, 502, `${provider.name} is not reachable`, `We could not reach ${provider.name} to sign you in. Please try again in a few minutes.`);
    }
    flowCookie(c, STATE, state);
    flowCookie(c, VERIFIER, verifier);
    flowCookie(c, NONCE, nonce);
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.toString(), 302);
  })
  .get('/:provider/callback', async (c) => {
    const wait = await overLimit(c);
    if (wait > 0) return tooMany(c, wait);
    const provider = findProvider(c);
    if (!provider) return signInProblemPage(c, 404, 'Unknown sign-in method', 'This server does not offer that sign-in method.');
    const saved = { state: getCookie(c, STATE), verifier: getCookie(c, VERIFIER), nonce: getCookie(c, NONCE) };
    // The flow's cookies are single-use, whatever happens next.
    for (const name of FLOW_COOKIES) deleteCookie(c, name, { path: '/api/auth/' });
    const q = c.req.query();
    if (q.error) {
      const denied = q.error === 'access_denied' || q.error === 'consent_required';
      return signInProblemPage(
        c,
        400,
        denied ? 'Sign-in cancelled' : 'Sign-in did not finish',
        denied
          ? `${provider.name} did not give permission to sign in. You can try again whenever you like.`
          : `${provider.name} could not sign you in (${q.error.slice(0, 60)}). Please try again.`,
      );
    }
    if (!q.code || !q.state || !saved.state || !saved.verifier || !saved.nonce || q.state !== saved.state)
      return signInProblemPage(c, 400, 'Sign-in expired', 'This sign-in link is no longer valid (it expired, was used already, or was opened in another browser). Please start again.');
    const now = clockOf(c.var.deps);
    try {
      const tokens = await provider.exchange(q.code, saved.verifier);
      let idToken: string;
      try {
        idToken = tokens.idToken();
      } catch {
        throw new OidcError('invalid_id_token', 'The provider did not send an identity token');
      }
      const rules = await provider.tokenRules();
      const claims = await verifyIdToken(idToken, { ...rules, clientId: provider.clientId, nonce: saved.nonce, nowMs: now.getTime() });
      const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((x) => typeof x === 'string').join(' ');
      const user = await userForProviderSignIn(
        c.var.deps.db,
        c.var.deps.env,
        {
          provider: provider.accountProvider,
          providerAccountId: claims.sub,
          email: typeof claims.email === 'string' ? claims.email : undefined,
          emailVerified: emailVerified(claims.email_verified),
          name,
          image: typeof claims.picture === 'string' ? claims.picture : null,
        },
        now,
      );
      const token = await createSession(c.var.deps.db, user.id, now);
      setSessionCookie(c, token);
      c.header('Cache-Control', 'no-store');
      return c.redirect('/settings?signed_in=1', 302);
    } catch (e) {
      if (e instanceof SignInRefused) return signInProblemPage(c, 400, 'We could not create your account', e.message);
      if (e instanceof OAuth2RequestError)
        return signInProblemPage(c, 400, 'Sign-in did not finish', `${provider.name} refused to complete the sign-in (${e.code}). Please start again.`);
      if (e instanceof ArcticFetchError || e instanceof UnexpectedResponseError || e instanceof UnexpectedErrorResponseBodyError || (e instanceof OidcError && e.code === 'provider_unavailable'))
        return signInProblemPage(c, 502, `${provider.name} is not reachable`, `We could not reach ${provider.name} to finish signing you in. Please try again in a few minutes.`);
      if (e instanceof OidcError) return signInProblemPage(c, 400, 'Sign-in refused', e.message);
      console.error(`[auth] ${provider.id} callback failed: ${(e as Error).name}: ${(e as Error).message}`);
      return signInProblemPage(c, 502, 'Sign-in did not finish', 'Something went wrong while signing you in. Please try again.');
    }
  });
