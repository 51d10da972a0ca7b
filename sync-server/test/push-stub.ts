import { createECDH, createPublicKey, hkdfSync, createDecipheriv, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a push service (FCM, Mozilla autopush, Apple): it takes the server's
 * Web Push requests, checks the VAPID signature (RFC 8292) and decrypts the payload with the
 * subscription's own keys (RFC 8291, aes128gcm), as a browser would. Each subscription it hands
 * out has a fresh ECDH P-256 key pair and auth secret made here with node:crypto.
 */
export interface StubSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface Delivery {
  subscriptionId: string;
  payload: any;
  ttl: string | null;
  urgency: string | null;
  vapid: { publicKey: string; claims: { aud: string; exp: number; sub: string } };
}

const b64u = (b: Buffer) => b.toString('base64url');

export async function startPushStub() {
  const subs = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer; status: number; delayMs?: number }>();
  const deliveries: Delivery[] = [];
  const failures: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const id0 = (req.url ?? '').replace(/^\/push\//, '');
      const wait = subs.get(id0)?.delayMs;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      try {
        const id = (req.url ?? '').replace(/^\/push\//, '');
        const sub = subs.get(id);
        if (!sub) throw Object.assign(new Error(`unknown subscription ${id}`), { status: 404 });
        if (req.method !== 'POST') throw new Error('push requests are POSTs');
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        const vapid = checkVapid(String(req.headers.authorization ?? ''), `http://${req.headers.host}`);
        if (sub.status !== 201) {
          res.writeHead(sub.status).end();
          return;
        }
        const plaintext = decrypt(Buffer.concat(chunks), sub.ecdh, sub.auth);
        deliveries.push({ subscriptionId: id, payload: JSON.parse(plaintext.toString('utf8')), ttl: (req.headers.ttl as string) ?? null, urgency: (req.headers.urgency as string) ?? null, vapid });
        res.writeHead(201).end();
      } catch (e) {
        failures.push((e as Error).message);
        res.writeHead((e as { status?: number }).status ?? 400).end((e as Error).message);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  return {
    origin,
    deliveries,
    failures,
    /** a new subscription, as a browser's PushSubscription.toJSON() gives it */
    subscribe(): StubSubscription {
      const id = `sub${++n}-${randomBytes(4).toString('hex')}`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subs.set(id, { ecdh, auth, status: 201 });
      return { id, endpoint: `${origin}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
    },
    /** what this subscription's endpoint answers from now on (404 or 410: gone) */
    answer(id: string, status: number) {
      subs.get(id)!.status = status;
    },
    /** this subscription's push service answers only after a while */
    slow(id: string, delayMs: number) {
      subs.get(id)!.delayMs = delayMs;
    },
    to(id: string) {
      return deliveries.filter((d) => d.subscriptionId === id).map((d) => d.payload);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** RFC 8291 §3.4 and RFC 8188: one aes128gcm record, decrypted with the user agent's keys. */
export function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || asPublic[0] !== 4) throw new Error('keyid is not the sender’s uncompressed P-256 key');
  const record = body.subarray(21 + idlen);
  if (record.length > rs) throw new Error('more than one record');
  const uaPublic = ecdh.getPublicKey();
  const ecdhSecret = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`; the JWT's audience is the push service's origin. */
function checkVapid(header: string, audience: string) {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!m) throw Object.assign(new Error(`bad Authorization: ${header}`), { status: 401 });
  const [h, p, s] = m[1].split('.');
  const key = Buffer.from(m[2], 'base64url');
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(key.subarray(1, 33)), y: b64u(key.subarray(33, 65)) }, format: 'jwk' });
  if (JSON.parse(Buffer.from(h, 'base64url').toString()).alg !== 'ES256') throw new Error('VAPID JWT is not ES256');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')))
    throw Object.assign(new Error('VAPID signature does not verify'), { status: 403 });
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (claims.aud !== audience) throw Object.assign(new Error(`VAPID aud ${claims.aud} is not ${audience}`), { status: 403 });
  if (!(claims.exp > Date.now() / 1000) || claims.exp > Date.now() / 1000 + 24 * 3600) throw Object.assign(new Error('VAPID exp out of range'), { status: 403 });
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error('VAPID sub missing');
  return { publicKey: m[2], claims };
}
