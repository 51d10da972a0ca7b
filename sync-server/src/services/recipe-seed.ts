import type { Client } from '@libsql/client';
import { starterRecipeRows } from '@ignition/shared/starter-recipes.ts';
import { recordChanges } from './sync/change-log.ts';
import { multiInsert, selectIn, type SqlValue } from './sync/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

/**
 * Seeds the starter recipes (global rows, fixed ids) when missing. Idempotent, and it never
 * overwrites: an admin may edit a starter recipe, and one an admin deleted (tombstoned in the
 * change log) stays deleted.
 */
export async function seedStarterRecipes(db: Client): Promise<void> {
  const rows = starterRecipeRows();
  const ids = rows.map((r) => r.id);
  const have = new Set((await selectIn<{ id: string }>(db, 'SELECT id FROM recipes WHERE id IN', ids)).map((r) => String(r.id)));
  const gone = new Set((await selectIn<{ row_id: string }>(db, "SELECT row_id FROM sync_rows WHERE table_name = 'recipes' AND deleted = 1 AND row_id IN", ids)).map((r) => String(r.row_id)));
  const fresh = rows.filter((r) => !have.has(r.id) && !gone.has(r.id));
  if (!fresh.length) return;
  const stmts = multiInsert(
    'INSERT OR IGNORE INTO recipes (id, user_id, title, description, category, tags, servings, duration_minutes, ingredients, instructions, steps, is_global, created_at, updated_at)',
    14,
    fresh.map((r): SqlValue[] => [r.id, null, r.title, r.description, r.category, JSON.stringify(r.tags), r.servings, r.duration_minutes, r.ingredients, null, JSON.stringify(r.steps), 1, r.created_at, r.updated_at]),
  );
  await withWriteTransaction(db, async (tx) => {
    for (const s of stmts) await tx.execute(s);
    await recordChanges(tx, fresh.map((r) => ({ table: 'recipes', id: r.id, userId: null })));
  });
}
