import { describe, expect, it } from 'vitest';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/libsql';
import { eq } from 'drizzle-orm';
import * as tables from '@ignition/shared/server/tables.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

describe('drizzle table definitions', () => {
  it('describe every table, column, key and index of the migrated database', async () => {
    const db = await openDatabase(':memory:');
    await migrate(db);
    const names = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'")).rows.map((r) => String(r.name));
    const configs = new Map(Object.values(tables).map((t) => [getTableConfig(t as SQLiteTable).name, getTableConfig(t as SQLiteTable)]));
    expect([...configs.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      const config = configs.get(name)!;
      const cols = (await db.execute(`PRAGMA table_info("${name}")`)).rows;
      expect(config.columns.map((c) => c.name).sort(), name).toEqual(cols.map((c) => String(c.name)).sort());
      for (const c of cols) {
        const d = config.columns.find((x) => x.name === c.name)!;
        if (Number(c.pk) === 0) expect(d.notNull, `${name}.${c.name} NOT NULL`).toBe(!!Number(c.notnull));
      }
      const indexes = (await db.execute({ sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", args: [name] })).rows.map((r) => String(r.name));
      expect(config.indexes.map((i) => i.config.name).sort(), `${name} indexes`).toEqual(indexes.sort());
      const fks = (await db.execute(`PRAGMA foreign_key_list("${name}")`)).rows;
      expect(config.foreignKeys.length, `${name} foreign keys`).toBe(fks.length);
    }
    db.close();
  });

  it('query the real database through drizzle', async () => {
    const db = await openDatabase(':memory:');
    await migrate(db);
    const orm = drizzle(db);
    await orm.insert(tables.users).values({ id: 'u1', name: 'Ada', email: 'ada@example.com', created_at: '2026-11-26T00:00:00.000Z', updated_at: '2026-11-26T00:00:00.000Z' });
    const rows = await orm.select({ name: tables.users.name }).from(tables.users).where(eq(tables.users.email, 'ada@example.com'));
    expect(rows).toEqual([{ name: 'Ada' }]);
    db.close();
  });
});
