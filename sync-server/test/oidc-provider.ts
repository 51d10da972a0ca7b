import { OAuth2Server, type MutableToken, type MutableRedirectUri } from 'oauth2-mock-server';

/**
 * A real standards OIDC server on loopback (oauth2-mock-server: discovery, JWKS, authorize with
 * PKCE and nonce, signed RS256 id tokens). `person` decides the claims of the next id tokens;
 * `tamper` lets a test break one claim; `deny` makes the next authorize answer access_denied.
 */
export interface TestOidc {
  issuer: string;
  server: OAuth2Server;
  person: { sub: string; email?: string; email_verified?: boolean; name?: string };
  tamper: ((payload: Record<string, unknown>) => void) | null;
  deny: boolean;
  stop(): Promise<void>;
}

export async function startOidc(): Promise<TestOidc> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const t: TestOidc = {
    issuer: server.issuer.url!,
    server,
    person: { sub: 'person-1', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' },
    tamper: null,
    deny: false,
    stop: () => server.stop(),
  };
  server.service.on('beforeTokenSigning', (token: MutableToken) => {
    const p = token.payload as Record<string, unknown>;
    // Both the access token and the id token pass here; the id token is the one with an audience of our client.
    Object.assign(p, t.person);
    if (!t.person.email) delete p.email;
    t.tamper?.(p);
  });
  server.service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri) => {
    if (!t.deny) return;
    redirect.url.searchParams.delete('code');
    redirect.url.searchParams.set('error', 'access_denied');
  });
  return t;
}

/** Follows our login redirect to the OIDC server and back, as a browser would; returns the callback request. */
export async function authorizeAtProvider(loginRes: Response): Promise<{ callbackPath: string; flowCookies: string }> {
  const location = loginRes.headers.get('location');
  if (loginRes.status !== 302 || !location) throw new Error(`login did not redirect: ${loginRes.status} ${await loginRes.text()}`);
  const flowCookies = cookiesFrom(loginRes);
  const atProvider = await fetch(location, { redirect: 'manual' });
  const back = atProvider.headers.get('location');
  if (!back) throw new Error(`the OIDC server did not redirect back: ${atProvider.status}`);
  const u = new URL(back);
  return { callbackPath: u.pathname + u.search, flowCookies };
}

/** The `name=value` pairs of every Set-Cookie header (what a browser would send back). */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('='))
    .join('; ');
}
