import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env.ts';
import { configuredProviders } from '../src/auth/providers.ts';
import { userForProviderSignIn } from '../src/services/user-service.ts';
import { createTestApp } from './test-app.ts';

const env = (extra: Record<string, string>) => loadEnv({ NODE_ENV: 'test', PUBLIC_URL: 'https://ignition.example', ...extra });

describe('the configured sign-in providers', () => {
  it('offers none without OAuth configuration, so dev login stays the default for npm start', () => {
    expect(configuredProviders(env({}))).toEqual([]);
    expect(loadEnv({}).AUTH_DEV_LOGIN).toBe(true);
  });

  it('offers exactly the providers whose client ids are set, in a stable order', () => {
    const all = env({
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      MICROSOFT_ENTRA_TENANT: 'common',
      MICROSOFT_ENTRA_CLIENT_ID: 'm-id',
      MICROSOFT_ENTRA_CLIENT_SECRET: 'm-secret',
    });
    expect(configuredProviders(all).map((p) => p.id)).toEqual(['google', 'microsoft']);
  });

  it('sends Google and Microsoft the code flow with PKCE S256, state, nonce and our callback', async () => {
    const providers = configuredProviders(
      env({
        GOOGLE_CLIENT_ID: 'g-id',
        GOOGLE_CLIENT_SECRET: 'g-secret',
        MICROSOFT_ENTRA_TENANT: 'contoso.onmicrosoft.com',
        MICROSOFT_ENTRA_CLIENT_ID: 'm-id',
        MICROSOFT_ENTRA_CLIENT_SECRET: 'm-secret',
      }),
    );
    const hosts = { google: 'accounts.google.com', microsoft: 'login.microsoftonline.com' };
    for (const p of providers) {
      const url = await p.authorizationUrl('the-state', 'v'.repeat(43), 'the-nonce');
      expect(url.hostname).toBe(hosts[p.id as 'google' | 'microsoft']);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('client_id')).toBe(p.id === 'google' ? 'g-id' : 'm-id');
      expect(url.searchParams.get('state')).toBe('the-state');
      expect(url.searchParams.get('nonce')).toBe('the-nonce');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('redirect_uri')).toBe(`https://ignition.example/api/auth/${p.id}/callback`);
      expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    }
    expect((await providers[1].authorizationUrl('s', 'v'.repeat(43), 'n')).pathname).toBe('/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
  });

  it('records Microsoft Entra ID accounts under the seed’s "azure-ad", so an account from the seed signs in to its user', async () => {
    const providers = configuredProviders(
      env({ GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 'g', MICROSOFT_ENTRA_TENANT: 'common', MICROSOFT_ENTRA_CLIENT_ID: 'm', MICROSOFT_ENTRA_CLIENT_SECRET: 'm', OIDC_ISSUER: 'https://sso.example', OIDC_CLIENT_ID: 'o', OIDC_CLIENT_SECRET: 'o' }),
    );
    expect(providers.map((p) => [p.id, p.accountProvider])).toEqual([
      ['google', 'google'],
      ['microsoft', 'azure-ad'],
      ['oidc', 'oidc'],
    ]);
    const t = await createTestApp();
    try {
      await t.signIn('old@contoso.example', 'Old Timer');
      const userId = String((await t.db.execute("SELECT id FROM users WHERE email = 'old@contoso.example'")).rows[0].id);
      // A row as the seed wrote it; the person's mailbox has since been renamed.
      await t.db.execute({ sql: "INSERT INTO accounts (id, userId, type, provider, providerAccountId) VALUES ('seed-acc', ?, 'oauth', 'azure-ad', 'ms-sub-1')", args: [userId] });
      const microsoft = providers.find((p) => p.id === 'microsoft')!;
      const signedIn = await userForProviderSignIn(
        t.db,
        t.env,
        { provider: microsoft.accountProvider, providerAccountId: 'ms-sub-1', email: 'renamed@contoso.example', emailVerified: true, name: 'Old Timer' },
        new Date(),
      );
      expect(signedIn).toEqual({ id: userId, created: false });
      expect(Number((await t.db.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(1);
    } finally {
      t.close();
    }
  });
});
