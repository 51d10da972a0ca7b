import { CodeChallengeMethod, Google, MicrosoftEntraId, OAuth2Client, type OAuth2Tokens } from 'arctic';
import type { Env } from '../env.ts';
import { discover, type IdTokenClaims } from './oidc.ts';

export type ProviderId = 'google' | 'microsoft' | 'oidc';

export interface Provider {
  id: ProviderId;
  /** the `accounts.provider` value, as the seed names it (Microsoft Entra ID is the seed's "azure-ad") */
  accountProvider: string;
  name: string;
  clientId: string;
  authorizationUrl(state: string, codeVerifier: string, nonce: string): Promise<URL>;
  exchange(code: string, codeVerifier: string): Promise<OAuth2Tokens>;
  /** where the signing keys are and which issuer the id token must name */
  tokenRules(): Promise<{ jwksUri: string; issuer: string | ((iss: string, claims: IdTokenClaims) => boolean) }>;
}

const SCOPES = ['openid', 'email', 'profile'];
const MS_MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

const withNonce = (url: URL, nonce: string) => {
  url.searchParams.set('nonce', nonce);
  return url;
};

/** Only the providers whose client id is configured exist; the sign-in screen lists exactly these. */
export function configuredProviders(env: Env): Provider[] {
  const redirect = (id: ProviderId) => `${env.PUBLIC_URL.replace(/\/$/, '')}/api/auth/${id}/callback`;
  const out: Provider[] = [];
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    const google = new Google(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET, redirect('google'));
    const issuer = 'https://accounts.google.com';
    out.push({
      id: 'google',
      accountProvider: 'google',
      name: 'Google',
      clientId: env.GOOGLE_CLIENT_ID,
      authorizationUrl: async (s, v, n) => withNonce(google.createAuthorizationURL(s, v, SCOPES), n),
      exchange: (code, v) => google.validateAuthorizationCode(code, v),
      tokenRules: async () => ({
        jwksUri: (await discover(issuer)).jwks_uri,
        issuer: (iss) => iss === issuer || iss === 'accounts.google.com',
      }),
    });
  }
  if (env.MICROSOFT_ENTRA_CLIENT_ID && env.MICROSOFT_ENTRA_TENANT) {
    const tenant = env.MICROSOFT_ENTRA_TENANT;
    const entra = new MicrosoftEntraId(tenant, env.MICROSOFT_ENTRA_CLIENT_ID, env.MICROSOFT_ENTRA_CLIENT_SECRET ?? null, redirect('microsoft'));
    const base = `https://login.microsoftonline.com/${tenant}/v2.0`;
    out.push({
      id: 'microsoft',
      accountProvider: 'azure-ad',
      name: 'Microsoft',
      clientId: env.MICROSOFT_ENTRA_CLIENT_ID,
      authorizationUrl: async (s, v, n) => withNonce(entra.createAuthorizationURL(s, v, SCOPES), n),
      exchange: (code, v) => entra.validateAuthorizationCode(code, v),
      tokenRules: async () => {
        const meta = await discover(base);
        // Multi-tenant apps get tokens whose issuer names the person's own tenant.
        return {
          jwksUri: meta.jwks_uri,
          issuer: MS_MULTI_TENANT.has(tenant)
            ? (iss, c) => typeof c.tid === 'string' && /^[0-9a-f-]{36}$/i.test(c.tid) && iss === `https://login.microsoftonline.com/${c.tid}/v2.0`
            : meta.issuer,
        };
      },
    });
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID) {
    const client = new OAuth2Client(env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET ?? null, redirect('oidc'));
    const issuer = env.OIDC_ISSUER;
    out.push({
      id: 'oidc',
      accountProvider: 'oidc',
      name: 'Single sign-on',
      clientId: env.OIDC_CLIENT_ID,
      authorizationUrl: async (s, v, n) => {
        const meta = await discover(issuer);
        return withNonce(client.createAuthorizationURLWithPKCE(meta.authorization_endpoint, s, CodeChallengeMethod.S256, v, SCOPES), n);
      },
      exchange: async (code, v) => client.validateAuthorizationCode((await discover(issuer)).token_endpoint, code, v),
      tokenRules: async () => {
        const meta = await discover(issuer);
        return { jwksUri: meta.jwks_uri, issuer: meta.issuer };
      },
    });
  }
  return out;
}
