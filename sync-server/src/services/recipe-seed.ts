import type { Client } from '@libsql/client';
import { and, eq, inArray } from 'drizzle-orm';
import { recipes, syncRows } from '@ignition/shared/server/tables.ts';
import { starterRecipeRows } from '@ignition/shared/starter-recipes.ts';
import { recordChanges } from './sync/change-log.ts';
import { orm, readInSlices } from '../db/orm.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

/**
 * Seeds the starter recipes (global rows, fixed ids) when missing. Idempotent, and it never
 * overwrites: an admin may edit a starter recipe, and one an admin deleted (tombstoned in the
 * change log) stays deleted.
 */
export async function seedStarterRecipes(db: Client): Promise<void> {
  const rows = starterRecipeRows();
  const ids = rows.map((r) => r.id);
  const o = orm(db);
  const have = new Set((await readInSlices(ids, (slice) => o.select({ id: recipes.id }).from(recipes).where(inArray(recipes.id, slice)))).map((r) => r.id));
  const gone = new Set(
    (
      await readInSlices(ids, (slice) =>
        o
          .select({ id: syncRows.row_id })
          .from(syncRows)
          .where(and(eq(syncRows.table_name, 'recipes'), eq(syncRows.deleted, 1), inArray(syncRows.row_id, slice))),
      )
    ).map((r) => r.id),
  );
  const fresh = rows.filter((r) => !have.has(r.id) && !gone.has(r.id));
  if (!fresh.length) return;
  const values = fresh.map((r) => ({ ...r, tags: JSON.stringify(r.tags), steps: JSON.stringify(r.steps), instructions: null, user_id: null, is_global: 1 }));
  await withWriteTransaction(db, async (tx) => {
    const t = orm(tx);
    // Slices keep each insert under SQLite's bound-parameter cap.
    for (let i = 0; i < values.length; i += 50) await t.insert(recipes).values(values.slice(i, i + 50)).onConflictDoNothing();
    await recordChanges(tx, fresh.map((r) => ({ table: 'recipes', id: r.id, userId: null })));
  });
}
