/**
 * The OpenID Connect pieces arctic leaves to us: discovery, the provider's signing keys,
 * and checking an id token (signature, issuer, audience, expiry, nonce). Node's WebCrypto
 * verifies RS256/ES256, so no JWT library is needed.
 */
import type { ErrorCode } from '@ignition/shared/errors.ts';

export interface OidcMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export class OidcError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'provider_unavailable' | 'invalid_id_token'>,
    message: string,
  ) {
    super(message);
  }
}

const CACHE_MS = 60 * 60_000;
const metadataCache = new Map<string, { at: number; value: OidcMetadata }>();
const jwksCache = new Map<string, { at: number; keys: JsonWebKey[] }>();

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new OidcError('provider_unavailable', `The sign-in provider could not be reached (${(e as Error).message})`);
  }
  if (!res.ok) throw new OidcError('provider_unavailable', `The sign-in provider answered ${res.status}`);
  return res.json().catch(() => {
    throw new OidcError('provider_unavailable', 'The sign-in provider answered without JSON');
  });
}

/** `${issuer}/.well-known/openid-configuration`, cached for an hour per issuer. */
export async function discover(issuer: string): Promise<OidcMetadata> {
  const cached = metadataCache.get(issuer);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const meta = (await getJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)) as Partial<OidcMetadata>;
  for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
    if (typeof meta[k] !== 'string') throw new OidcError('provider_unavailable', `The provider's discovery document has no ${k}`);
  metadataCache.set(issuer, { at: Date.now(), value: meta as OidcMetadata });
  return meta as OidcMetadata;
}

async function keysFor(jwksUri: string, refresh: boolean): Promise<JsonWebKey[]> {
  const cached = jwksCache.get(jwksUri);
  if (!refresh && cached && Date.now() - cached.at < CACHE_MS) return cached.keys;
  const body = (await getJson(jwksUri)) as { keys?: JsonWebKey[] };
  const keys = Array.isArray(body.keys) ? body.keys : [];
  jwksCache.set(jwksUri, { at: Date.now(), keys });
  return keys;
}

const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

const ALGS: Record<string, { import: RsaHashedImportParams | EcKeyImportParams; verify: AlgorithmIdentifier | EcdsaParams }> = {
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
};

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat?: number;
  nonce?: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  tid?: string;
  azp?: string;
  [k: string]: unknown;
}

export interface VerifyOptions {
  jwksUri: string;
  /** the exact issuer, or a check for multi-tenant providers (Microsoft "common") */
  issuer: string | ((iss: string, claims: IdTokenClaims) => boolean);
  clientId: string;
  nonce: string;
  nowMs: number;
}

const SKEW_S = 120;

/** Verifies an id token's signature against the provider's JWKS and its claims; returns the claims. */
export async function verifyIdToken(idToken: string, o: VerifyOptions): Promise<IdTokenClaims> {
  const bad = (why: string) => new OidcError('invalid_id_token', `The provider's identity token was refused: ${why}`);
  const parts = idToken.split('.');
  if (parts.length !== 3) throw bad('malformed');
  let header: { alg?: string; kid?: string };
  let claims: IdTokenClaims;
  try {
    header = b64urlJson(parts[0]);
    claims = b64urlJson(parts[1]);
  } catch {
    throw bad('malformed');
  }
  const alg = ALGS[header.alg ?? ''];
  if (!alg) throw bad(`unsupported algorithm ${header.alg}`);
  const pick = (keys: JsonWebKey[]) => keys.find((k) => (header.kid ? (k as { kid?: string }).kid === header.kid : true) && (!k.alg || k.alg === header.alg));
  let jwk = pick(await keysFor(o.jwksUri, false));
  if (!jwk) jwk = pick(await keysFor(o.jwksUri, true)); // the provider may have rotated its keys
  if (!jwk) throw bad('unknown signing key');
  const { alg: _a, key_ops: _k, use: _u, ...keyData } = jwk as JsonWebKey & { use?: string };
  const key = await crypto.subtle.importKey('jwk', keyData, alg.import, false, ['verify']);
  const ok = await crypto.subtle.verify(alg.verify, key, Buffer.from(parts[2], 'base64url'), new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  if (!ok) throw bad('bad signature');

  const issuerOk = typeof o.issuer === 'string' ? claims.iss === o.issuer : o.issuer(claims.iss, claims);
  if (!issuerOk) throw bad('wrong issuer');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(o.clientId)) throw bad('wrong audience');
  if (aud.length > 1 && claims.azp !== undefined && claims.azp !== o.clientId) throw bad('wrong authorized party');
  const now = Math.floor(o.nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_S < now) throw bad('expired');
  if (typeof claims.iat === 'number' && claims.iat - SKEW_S > now) throw bad('issued in the future');
  if (claims.nonce !== o.nonce) throw bad('nonce mismatch');
  if (typeof claims.sub !== 'string' || !claims.sub) throw bad('no subject');
  return claims;
}
