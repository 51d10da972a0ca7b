import type { Client, Transaction } from '@libsql/client';

/**
 * Runs `work` in one write transaction and commits what it did; if it throws, or `rollbackIf`
 * says so of its result (a dry run), nothing of it is kept. The transaction is always closed, so
 * a failed write never holds the database's write lock.
 */
export async function withWriteTransaction<T>(db: Client, work: (tx: Transaction) => Promise<T>, opts: { rollbackIf?: (result: T) => boolean } = {}): Promise<T> {
  const tx = await db.transaction('write');
  try {
    const result = await work(tx);
    if (opts.rollbackIf?.(result)) await tx.rollback();
    else await tx.commit();
    return result;
  } catch (e) {
    await tx.rollback().catch(() => undefined);
    throw e;
  } finally {
    tx.close();
  }
}
