import type { Client } from '@libsql/client';
import type { Context } from 'hono';

/**
 * Fixed-window counter kept in the database, so every server instance shares it (rule 6).
 * Returns the seconds to wait when over the limit, else 0.
 */
export async function hitRateLimit(db: Client, key: string, limit: number, windowSeconds: number, nowMs: number): Promise<number> {
  const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  const rs = await db.execute({
    sql: `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
          ON CONFLICT(key) DO UPDATE SET
            count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
            window_start = excluded.window_start
          RETURNING count`,
    args: [key, windowStart],
  });
  const count = Number(rs.rows[0]?.count ?? 1);
  // A new window for this key: a good moment to forget counters nobody has touched for a day (every window here is shorter).
  if (count === 1) await db.execute({ sql: 'DELETE FROM rate_limits WHERE window_start < ?', args: [windowStart - 86_400] });
  return count > limit ? windowStart + windowSeconds - Math.floor(nowMs / 1000) : 0;
}

/**
 * Who is asking: the socket's address, or the first X-Forwarded-For hop when TRUST_PROXY says a
 * proxy sets it. Trusting the header without a proxy would let anyone dodge the limit by inventing it.
 */
export function requesterKey(c: Context): string {
  const trustProxy = (c.var as { deps?: { env?: { TRUST_PROXY?: boolean } } }).deps?.env?.TRUST_PROXY;
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0].trim() : undefined;
  if (forwarded) return forwarded.slice(0, 64);
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
