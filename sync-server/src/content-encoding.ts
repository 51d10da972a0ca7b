import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { MiddlewareHandler } from 'hono';

export type Encoding = 'br' | 'gzip';

/**
 * The encodings the client accepts, best first: by q-value, brotli before gzip on a tie (smaller
 * for text). `q=0` refuses an encoding; a `*` stands for any encoding not named.
 */
export function acceptedEncodings(acceptEncoding: string | undefined): Encoding[] {
  if (!acceptEncoding) return [];
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get('*') ?? 0;
  const weight = (e: Encoding) => q.get(e) ?? (e === 'gzip' ? (q.get('x-gzip') ?? wildcard) : wildcard);
  return (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
}

export const pickEncoding = (acceptEncoding: string | undefined): Encoding | undefined => acceptedEncodings(acceptEncoding)[0];

/** Adds Accept-Encoding to a response's Vary header, keeping what is there. */
export function varyOnEncoding(headers: Headers) {
  const current = headers.get('vary');
  if (current === '*' || (current && /(^|,)\s*accept-encoding\s*(,|$)/i.test(current))) return;
  headers.set('vary', current ? `${current}, Accept-Encoding` : 'Accept-Encoding');
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** JSON replies smaller than this go as they are: the saving would not pay for the work. */
export const API_COMPRESS_MIN_BYTES = 1024;

/**
 * Compresses JSON API replies of at least API_COMPRESS_MIN_BYTES with brotli (a fast level: this
 * happens per request) or gzip. Downloads (content-disposition: attachment, e.g. a streamed
 * backup) pass through untouched so they keep streaming.
 */
export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || !res.body || res.headers.has('content-encoding')) return;
    if (!/^application\/json/i.test(res.headers.get('content-type') ?? '')) return;
    if (res.headers.has('content-disposition') || /no-transform/i.test(res.headers.get('cache-control') ?? '')) return;
    varyOnEncoding(res.headers);
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length < API_COMPRESS_MIN_BYTES) {
      c.res = new Response(new Uint8Array(body), res);
      return;
    }
    const packed =
      encoding === 'br'
        ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzipAsync(body, { level: 6 });
    c.res = new Response(new Uint8Array(packed), res);
    c.res.headers.delete('content-length');
    c.res.headers.set('content-encoding', encoding);
  };
}
