import { createClient, type Client } from '@libsql/client';
import { EmbeddedClient } from './embedded.ts';

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
export async function openDatabase(url: string, authToken?: string): Promise<Client> {
  const path = embeddedPath(url);
  if (path !== null) return new EmbeddedClient(path);
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  await client.execute('PRAGMA foreign_keys=ON');
  return client;
}
