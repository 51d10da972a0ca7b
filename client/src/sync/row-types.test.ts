// The rows a device reads and the writes it commits are typed per table from the shared registry
// and row contracts (`TableRowOf`, `WriteOp`). These checks are enforced by the type check
// (`npm run typecheck`, run by CI before the tests): each `@ts-expect-error` fails the check the
// day the mistake it names stops being an error, and the `expectTypeOf` lines pin the shapes.
import 'fake-indexeddb/auto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TableRowOf } from '@ignition/shared/tables.ts';
import { enumValueOf } from '@ignition/shared/contracts.ts';
import { openIgnitionDb } from '../db/db.ts';
import { commit, newId, type WriteOp } from './outbox.ts';

describe('typed rows and writes', () => {
  it('types a table read by its columns, enums as their closed list', async () => {
    const db = openIgnitionDb(`types-${newId()}`);
    const id = newId();
    await commit([{ table: 'habits', id, fields: { name: 'Walk', frequency: 'weekly', target_count: 3 } }], [], db);
    const habit = await db.habits.get(id);
    expectTypeOf(habit).toEqualTypeOf<TableRowOf<'habits'> | undefined>();
    expectTypeOf(habit!.frequency).toEqualTypeOf<'daily' | 'weekly' | null | undefined>();
    expectTypeOf(habit!.target_count).toEqualTypeOf<number | null | undefined>();
    // a server-owned table is typed from the registry's columns
    expectTypeOf<TableRowOf<'user_progress'>['total_xp']>().toEqualTypeOf<number | null | undefined>();
    expect(habit).toMatchObject({ name: 'Walk', frequency: 'weekly', target_count: 3 });
    db.close();
  });

  it('refuses, at compile time, a misspelt column, a wrong type or a value outside an enum', () => {
    const id = 'x';
    const ops: WriteOp[] = [
      // @ts-expect-error a misspelt column is not a column of habits
      { table: 'habits', id, fields: { nmae: 'Walk' } },
      // @ts-expect-error target_count is a number
      { table: 'habits', id, fields: { target_count: '3' } },
      // @ts-expect-error frequency is 'daily' or 'weekly'
      { table: 'habits', id, fields: { frequency: 'hourly' } },
      // @ts-expect-error a column of another table
      { table: 'books', id, fields: { frequency: 'daily' } },
      { table: 'books', id, fields: { title: 'Dune', total_pages: 412 } },
      { table: 'habits', id, delete: true },
    ];
    expect(ops).toHaveLength(6);
  });

  it('reads a form value into an enum field, falling back when it is not one', () => {
    const picked = enumValueOf('habits', 'frequency', 'weekly', 'daily');
    expectTypeOf(picked).toEqualTypeOf<'daily' | 'weekly'>();
    expect(picked).toBe('weekly');
    expect(enumValueOf('habits', 'frequency', 'hourly', 'daily')).toBe('daily');
    expect(enumValueOf('quests', 'type', undefined, 'one_time')).toBe('one_time');
  });
});
