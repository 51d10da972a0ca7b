import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Context } from 'hono';

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

/**
 * Serves the built PWA. Hashed files under /assets never change, so they are immutable;
 * index.html, sw.js and the manifest must be revalidated or an update would never arrive.
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
    try {
      const s = await stat(file);
      if (s.isDirectory()) file = join(file, 'index.html');
    } catch {
      if (extname(pathname)) return c.notFound();
      file = join(root, 'index.html');
      isFallback = true;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return isFallback
        ? c.text('The app has not been built yet. Run `npm run build` (npm start does it for you).', 503)
        : c.notFound();
    }
    const name = file.slice(root.length);
    const immutable = name.startsWith('/assets/') || name.startsWith('\\assets\\');
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (name.endsWith('sw.js')) c.header('Service-Worker-Allowed', '/');
    if (c.req.method === 'HEAD') return c.body(null);
    return c.body(new Uint8Array(body));
  };
}
