import { createClient, type Client } from '@libsql/client';

/**
 * Opens the libSQL database. Embedded files get WAL and synchronous=NORMAL (an fsync per
 * transaction costs 5x; see TOOLCHAIN.md) and a busy timeout so several processes on one file
 * wait for the write lock instead of failing. Foreign keys are on for every connection.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Client> {
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  const local = url === ':memory:' || url.startsWith('file:');
  if (local) {
    // The busy timeout comes first: switching a new file to WAL needs a lock that another
    // instance starting at the same moment may hold.
    await client.execute('PRAGMA busy_timeout=5000');
    if (url.startsWith('file:')) await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA synchronous=NORMAL');
  }
  await client.execute('PRAGMA foreign_keys=ON');
  return client;
}
