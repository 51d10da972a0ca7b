import type { Client } from '@libsql/client';
import type { Context } from 'hono';
import { lt, sql } from 'drizzle-orm';
import { rateLimits } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

/**
 * Fixed-window counter kept in the database, so every server instance shares it (rule 6).
 * Returns the seconds to wait when over the limit, else 0.
 */
export async function hitRateLimit(db: Client, key: string, limit: number, windowSeconds: number, nowMs: number): Promise<number> {
  const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  const o = orm(db);
  const [hit] = await o
    .insert(rateLimits)
    .values({ key, window_start: windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.window_start} = excluded.window_start THEN ${rateLimits.count} + 1 ELSE 1 END`,
        window_start: sql`excluded.window_start`,
      },
    })
    .returning({ count: rateLimits.count });
  const count = hit?.count ?? 1;
  // A new window for this key: a good moment to forget counters nobody has touched for a day (every window here is shorter).
  if (count === 1) await o.delete(rateLimits).where(lt(rateLimits.window_start, windowStart - 86_400));
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
