// The drizzle table definitions (generated from the migrated schema) and the row contracts
// (shared-schema/src/contracts.ts: what a device may write) describe the same rows: every
// contract field is a column of its table, of a storage type that holds it, and a field the
// contract closes to a list is the same enum in drizzle.
import { describe, expect, it } from 'vitest';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as tables from '@ignition/shared/server/tables.ts';
import { CONTRACTS, type ContractTable } from '@ignition/shared/contracts.ts';
import { enumValues, type ColumnType, type RowField } from '@ignition/shared/row-field.ts';

const configs = new Map(Object.values(tables).map((t) => [getTableConfig(t as SQLiteTable).name, getTableConfig(t as SQLiteTable)]));

/** The SQLite storage a contract type needs (bools are 0/1 integers, JSON is text). */
const STORAGE: Record<ColumnType, string[]> = {
  text: ['SQLiteText'],
  json: ['SQLiteText'],
  integer: ['SQLiteInteger'],
  bool: ['SQLiteInteger'],
  real: ['SQLiteReal', 'SQLiteInteger', 'SQLiteNumeric'],
};

describe('the drizzle tables and the row contracts', () => {
  it.each(Object.keys(CONTRACTS) as ContractTable[])('agree on %s', (table) => {
    const config = configs.get(table);
    expect(config, `${table} has a drizzle table`).toBeDefined();
    const columns = new Map(config!.columns.map((c) => [c.name, c as SQLiteColumn & { enumValues?: string[] }]));
    for (const [name, field] of Object.entries(CONTRACTS[table].fields as Record<string, RowField>)) {
      const column = columns.get(name);
      expect(column, `${table}.${name} is a column`).toBeDefined();
      expect(STORAGE[field.type], `${table}.${name} (${field.type}) is stored as ${column!.columnType}`).toContain(column!.columnType);
      const closed = enumValues(field);
      if (closed) expect(column!.enumValues, `${table}.${name} enum`).toEqual([...closed]);
    }
  });
});
