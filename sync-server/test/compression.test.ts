import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { acceptedEncodings } from '../src/content-encoding.ts';
import { precompressFolder } from '../../scripts/precompress.ts';
import { createTestApp, ORIGIN, type TestApp } from './test-app.ts';

/** A GET over a real socket, bytes as they came on the wire (node:http does not decompress). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const dist = mkdtempSync(join(tmpdir(), 'ignition-dist-'));
// A script big enough to be worth compressing, in the shape of a build's hashed chunk.
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word number ${i}`))};\n`;
const html = `<!doctype html><html><head><title>Ignition</title><script type="module" src="/assets/index-abc123.js"></script></head><body>${'<p>shell</p>'.repeat(80)}</body></html>`;
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), html);
writeFileSync(join(dist, 'sw.js'), `self.addEventListener("fetch", () => {});\n// ${'precache '.repeat(100)}`);
writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
writeFileSync(join(dist, 'assets', 'tiny-abc123.js'), 'export {}');
writeFileSync(join(dist, 'icon.png'), Buffer.alloc(2048, 1));
precompressFolder(dist);

let t: TestApp;
let server: ServerType;
let base = '';
beforeAll(async () => {
  t = await createTestApp();
  const app = createApp({ db: t.db, env: t.env }, { distDir: dist });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the build precompresses static files', () => {
  it('writes a brotli and a gzip copy beside every text file worth compressing, and none for images or tiny files', () => {
    const js = readFileSync(join(dist, 'assets', 'index-abc123.js'));
    expect(brotliDecompressSync(readFileSync(join(dist, 'assets', 'index-abc123.js.br')))).toEqual(js);
    expect(gunzipSync(readFileSync(join(dist, 'assets', 'index-abc123.js.gz')))).toEqual(js);
    expect(() => readFileSync(join(dist, 'icon.png.br'))).toThrow();
    expect(() => readFileSync(join(dist, 'assets', 'tiny-abc123.js.br'))).toThrow();
  });
});

describe('serving static files over HTTP', () => {
  it('sends brotli to a browser that takes it, with Vary and a year of immutable caching for hashed assets', async () => {
    const res = await get(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends gzip to a client without brotli, and the file as it is to one that asks for no encoding', async () => {
    const gz = await get(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const refused = await get(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(script);
    const plain = await get(`${base}/assets/index-abc123.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.body.toString()).toBe(script);
  });

  it('sends files without a compressed copy as they are', async () => {
    const png = await get(`${base}/icon.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.status).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(2048);
  });

  it('compresses index.html for client routes too, and has index.html and sw.js revalidated with an ETag', async () => {
    for (const path of ['/', '/habits', '/sw.js']) {
      const res = await get(`${base}${path}`, { 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      const etag = String(res.headers['etag']);
      expect(etag).toMatch(/^".+"$/);
      const again = await get(`${base}${path}`, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    }
    expect(brotliDecompressSync((await get(`${base}/habits`, { 'accept-encoding': 'br' })).body).toString()).toBe(html);
  });

  it('answers a revalidation with the new file once a build changed it', async () => {
    const first = await get(`${base}/sw.js`, { 'accept-encoding': 'gzip' });
    writeFileSync(join(dist, 'sw.js'), `self.addEventListener("fetch", () => {});\n// ${'new precache '.repeat(100)}`);
    precompressFolder(dist);
    const res = await get(`${base}/sw.js`, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers['etag']) });
    expect(res.status).toBe(200);
    expect(gunzipSync(res.body).toString()).toContain('new precache');
  });

  it('sends a file changed after the build as it now is, not its stale compressed copy', async () => {
    const later = new Date(Date.now() + 120_000);
    writeFileSync(join(dist, 'assets', 'patched-abc123.js'), script);
    precompressFolder(dist);
    writeFileSync(join(dist, 'assets', 'patched-abc123.js'), `${script}// patched\n`);
    utimesSync(join(dist, 'assets', 'patched-abc123.js'), later, later);
    const res = await get(`${base}/assets/patched-abc123.js`, { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toContain('// patched');
  });

  it('answers HEAD with the headers of the encoded file and no body', async () => {
    const res = await get(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });
});

describe('compressing JSON API replies over HTTP', () => {
  it('compresses a large reply (a first pull) with brotli or gzip, whichever the client takes', async () => {
    const cookie = await t.signIn('compress@example.com');
    for (const [accept, decode] of [
      ['gzip, deflate, br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const res = await get(`${base}/api/sync/pull`, { cookie, origin: ORIGIN, 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(accept === 'gzip' ? 'gzip' : 'br');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toContain('application/json');
      const json = JSON.parse(decode(res.body).toString());
      expect(json.changes.length).toBeGreaterThan(0);
      expect(res.body.length).toBeLessThan(decode(res.body).length / 2);
    }
  });

  it('leaves a small reply, and any reply to a client without compression, as it is', async () => {
    const small = await get(`${base}/api/health`, { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['vary']).toMatch(/accept-encoding/i);
    expect(JSON.parse(small.body.toString()).ok).toBe(true);
    const cookie = await t.signIn('plain@example.com');
    const plain = await get(`${base}/api/sync/pull`, { cookie, origin: ORIGIN });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).changes.length).toBeGreaterThan(0);
  });

  it('compresses error replies in the one error shape too, and a bad request is still a 4xx', async () => {
    const res = await get(`${base}/api/nope`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).error.code).toBe('not_found');
  });
});

describe('choosing an encoding from Accept-Encoding', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['gzip, deflate, br', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['br;q=0.5, gzip;q=0.8', ['gzip', 'br']],
    ['br;q=0, gzip', ['gzip']],
    ['*', ['br', 'gzip']],
    ['*;q=0', []],
    ['identity', []],
    ['x-gzip', ['gzip']],
    ['BR, GZIP', ['br', 'gzip']],
  ] as const)('%j accepts %j', (header, expected) => {
    expect(acceptedEncodings(header)).toEqual(expected);
  });
});
