import { describe, expect, it } from 'vitest';
import { changedFields, sameFieldValue } from './changed-fields.ts';

describe('sameFieldValue', () => {
  it.each([
    ['bool', 1, true, true],
    ['bool', 0, false, true],
    ['bool', 0, true, false],
    ['json', '[{"a":1,"b":2}]', [{ b: 2, a: 1 }], true],
    ['json', { a: [1, 2] }, { a: [2, 1] }, false],
    ['integer', 5, 5, true],
    ['integer', 5, 6, false],
    ['text', null, undefined, true],
    ['text', '', null, false],
    ['text', 'Walk', 'Walk', true],
    ['text', 'Walk', 'walk', false],
  ] as const)('%s: %j vs %j → %s', (type, stored, given, same) => {
    expect(sameFieldValue(type, stored, given)).toBe(same);
  });
});

describe('changedFields', () => {
  const stored = { id: 'h1', user_id: 'u1', name: 'Walk', description: 'Around the block', target_count: 1, archived: 0, updated_at: '2026-01-01T00:00:00.000Z' };

  it('gives every field of a row not stored yet, never id or user_id', () => {
    expect(changedFields('habits', undefined, { id: 'h1', user_id: 'x', name: 'Walk', notes: undefined })).toEqual({ name: 'Walk' });
  });

  it('gives nothing for a save that repeats the stored values, whatever its updated_at', () => {
    expect(changedFields('habits', stored, { name: 'Walk', description: 'Around the block', target_count: 1, archived: false, updated_at: '2027-01-01T00:00:00.000Z' })).toEqual({});
  });

  it('gives the changed fields, with updated_at riding along', () => {
    expect(changedFields('habits', stored, { name: 'Evening walk', description: 'Around the block', updated_at: '2027-01-01T00:00:00.000Z' })).toEqual({
      name: 'Evening walk',
      updated_at: '2027-01-01T00:00:00.000Z',
    });
  });
});
