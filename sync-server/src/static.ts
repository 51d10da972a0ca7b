import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Context } from 'hono';
import { acceptedEncodings, type Encoding } from './content-encoding.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The build's precompressed copy of `file` in the best encoding the client takes, if there is one
 * and it is not older than the file: a file changed after the build (patched by hand) is sent as it
 * now is, never as its stale compressed copy.
 */
async function readEncoded(file: string, modifiedMs: number, accept: string | undefined): Promise<{ body: Buffer; encoding?: Encoding } | undefined> {
  for (const encoding of acceptedEncodings(accept)) {
    try {
      const packed = file + SUFFIX[encoding];
      if ((await stat(packed)).mtimeMs < modifiedMs) continue;
      return { body: await readFile(packed), encoding };
    } catch {
      /* not precompressed (small file or an image): try the next */
    }
  }
  try {
    return { body: await readFile(file) };
  } catch {
    return undefined;
  }
}

/**
 * Serves the built PWA, precompressed: the build writes `.br` and `.gz` beside each text file
 * (scripts/precompress.ts) and the client's Accept-Encoding picks one, with `Vary` so caches keep
 * them apart. Hashed files under /assets never change, so they are immutable for a year;
 * index.html, sw.js and the manifest must be revalidated (ETag) or an update would never arrive.
 * Any other GET that is not a file falls back to index.html (client-side routes).
 */
export function staticHandler(distDir: string) {
  const root = resolve(distDir);
  return async (c: Context) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.notFound();
    const pathname = decodeURIComponent(new URL(c.req.url).pathname);
    if (pathname.startsWith('/api/')) return c.notFound();
    const safe = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, safe);
    if (!file.startsWith(root)) return c.notFound();
    let isFallback = false;
    let s;
    try {
      s = await stat(file);
      if (s.isDirectory()) {
        file = join(file, 'index.html');
        s = await stat(file);
      }
    } catch {
      if (extname(pathname)) return c.notFound();
      file = join(root, 'index.html');
      isFallback = true;
      s = await stat(file).catch(() => undefined);
    }
    const found = s && (await readEncoded(file, s.mtimeMs, c.req.header('accept-encoding')));
    if (!s || !found) {
      return isFallback
        ? c.text('The app has not been built yet. Run `npm run build` (npm start does it for you).', 503)
        : c.notFound();
    }
    const name = file.slice(root.length);
    const immutable = name.startsWith('/assets/') || name.startsWith('\\assets\\');
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    c.header('Vary', 'Accept-Encoding');
    if (found.encoding) c.header('Content-Encoding', found.encoding);
    if (name.endsWith('sw.js')) c.header('Service-Worker-Allowed', '/');
    if (!immutable) {
      // Revalidation is a 304 unless the build changed the file.
      const etag = `"${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}${found.encoding ? `-${found.encoding}` : ''}"`;
      c.header('ETag', etag);
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
    }
    c.header('Content-Length', String(found.body.length));
    if (c.req.method === 'HEAD') return c.body(null);
    return c.body(new Uint8Array(found.body));
  };
}
