import { createClient, type Client } from '@libsql/client';
import { EmbeddedClient } from './embedded.ts';
import { RoundTripClient, WriteGate } from './round-trips.ts';

/** The path the embedded driver opens for a `file:` or `:memory:` URL, or null for a remote one. */
export function embeddedPath(url: string): string | null {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (!url.startsWith('file:')) return null;
  let path = url.slice('file:'.length);
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  // file:///abs and file://localhost/abs name the same file as file:/abs.
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    const host = path.slice(2, slash < 0 ? undefined : slash);
    if (host !== '' && host !== 'localhost') throw new Error(`Invalid host in file URL: ${JSON.stringify(host)}`);
    path = slash < 0 ? '' : path.slice(slash);
  }
  if (!path) throw new Error('A file: URL needs a path');
  return decodeURIComponent(path);
}

/**
 * Opens the libSQL database. An embedded file (or `:memory:`) goes through the `libsql`
 * driver directly (embedded.ts: cached statements, WAL, synchronous=NORMAL — an fsync per
 * transaction costs 5x, see TOOLCHAIN.md — a busy timeout and foreign keys on every
 * connection). A libSQL server or Turso goes through @libsql/client.
 */
export interface OpenOptions {
  /**
   * `client` opens a `file:` URL through @libsql/client too: the code path a libSQL server or
   * Turso takes, so tests and the bench exercise it on a local file (DATABASE_DRIVER=client).
   */
  driver?: 'auto' | 'client';
  /** a fixed delay per database call, standing in for a network (DB_CALL_DELAY_MS; tests and bench) */
  callDelayMs?: number;
}

export async function openDatabase(url: string, authToken?: string, opts: OpenOptions = {}): Promise<Client> {
  const path = embeddedPath(url);
  let client: Client;
  if (path !== null && opts.driver !== 'client') client = new EmbeddedClient(path);
  else {
    // A local file through @libsql/client: every pooled connection waits for the file's lock (busy
    // timeout) as the embedded path's do.
    client = createClient({ url, ...(authToken ? { authToken } : {}), ...(path !== null ? { timeout: 5000 } : {}) });
    await client.execute('PRAGMA foreign_keys=ON');
  }
  // Through @libsql/client a local file needs its writers queued in-process (see WriteGate); the
  // wrapper also counts round trips and adds the injected delay.
  if (path !== null && opts.driver === 'client') return new RoundTripClient(client, opts.callDelayMs ?? 0, new WriteGate());
  return opts.callDelayMs ? new RoundTripClient(client, opts.callDelayMs) : client;
}
