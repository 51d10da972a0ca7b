import { describe, expect, it } from 'vitest';
import { bestsFromHistory, detectPersonalRecords, displayWeight, estimate1RM, fitnessFieldError, fromKg, parseRepTarget, sessionVolume, storedKg, toKg, typedWeightError } from './fitness.ts';

describe('estimated 1RM (Epley)', () => {
  it.each([
    [100, 1, 100],
    [100, 5, 116.67],
    [60, 10, 80],
    [100, 0, 0],
  ])('%d kg × %d reps → %d', (w, r, e) => {
    expect(estimate1RM(w, r)).toBeCloseTo(e, 2);
  });
});

describe('volume and units', () => {
  it('leaves warm-ups out of volume', () => {
    expect(sessionVolume([{ id: 'a', weight: 100, reps: 5 }, { id: 'b', weight: 40, reps: 10, is_warmup: true }])).toBe(500);
  });
  it('converts pounds and kilograms both ways', () => {
    expect(toKg(225, 'lb')).toBeCloseTo(102.058, 3);
    expect(fromKg(toKg(135, 'lb'), 'lb')).toBeCloseTo(135, 9);
    expect(toKg(100, 'kg')).toBe(100);
  });
  it('stores kilograms to the gram and shows them back in the chosen unit', () => {
    expect(storedKg(225, 'lb')).toBe(102.058);
    expect(displayWeight(storedKg(225, 'lb'), 'lb')).toBe('225');
    expect(displayWeight(storedKg(102.5, 'kg'), 'kg')).toBe('102.5');
    expect(displayWeight(null, 'kg')).toBe('');
  });
  it.each([
    ['8', { min: 8, max: 8 }],
    ['8-12', { min: 8, max: 12 }],
    [' 5 – 6 ', { min: 5, max: 6 }],
    ['12-8', null],
    ['lots', null],
  ])('reads the rep target %j', (t, e) => {
    expect(parseRepTarget(t)).toEqual(e);
  });
});

describe('personal records', () => {
  const history = bestsFromHistory([
    { id: 'h1', session_id: 's0', weight: 100, reps: 5 },
    { id: 'h2', session_id: 's0', weight: 100, reps: 5 },
    { id: 'h3', session_id: 's0', weight: 110, reps: 1, is_warmup: true },
  ]);

  it('finds nothing on a tie', () => {
    expect(detectPersonalRecords(history, [{ id: 'n1', weight: 100, reps: 5 }])).toEqual([]);
  });

  it('finds a heavier weight, a better 1RM', () => {
    const prs = detectPersonalRecords(history, [{ id: 'n1', weight: 105, reps: 3 }]);
    expect(prs.map((p) => p.record_type).sort()).toEqual(['weight']);
    const prs2 = detectPersonalRecords(history, [{ id: 'n2', weight: 105, reps: 5 }]);
    expect(prs2.map((p) => p.record_type).sort()).toEqual(['e1rm', 'weight']);
  });

  it('finds more reps at a weight done before', () => {
    const prs = detectPersonalRecords(history, [{ id: 'n1', weight: 100, reps: 6 }]);
    expect(prs.find((p) => p.record_type === 'reps')).toEqual({ record_type: 'reps', value: 6, set_id: 'n1' });
  });

  it('finds a bigger session volume', () => {
    const prs = detectPersonalRecords(history, [
      { id: 'n1', weight: 100, reps: 5 },
      { id: 'n2', weight: 100, reps: 5 },
      { id: 'n3', weight: 100, reps: 5 },
    ]);
    expect(prs.map((p) => p.record_type)).toEqual(['volume']);
  });

  it('ignores warm-up sets and compares pounds in kilograms', () => {
    expect(detectPersonalRecords(history, [{ id: 'w', weight: 200, reps: 5, is_warmup: true }])).toEqual([]);
    // 225 lb is 102.06 kg: heavier than 100 kg
    const prs = detectPersonalRecords(history, [{ id: 'lb', weight: toKg(225, 'lb'), reps: 1 }]);
    expect(prs.map((p) => p.record_type)).toContain('weight');
  });

  it('treats 100 kg typed in pounds as a tie, not a record', () => {
    expect(detectPersonalRecords(history, [{ id: 'lb', weight: storedKg(220.462, 'lb'), reps: 5 }])).toEqual([]);
  });

  it('reports a record once, for the first set that reached it when two sets tie', () => {
    const prs = detectPersonalRecords(history, [
      { id: 'a', weight: 105, reps: 5 },
      { id: 'b', weight: 105, reps: 5 },
    ]);
    expect(prs.find((p) => p.record_type === 'weight')!.set_id).toBe('a');
    expect(prs.find((p) => p.record_type === 'e1rm')!.set_id).toBe('a');
    expect(prs.find((p) => p.record_type === 'volume')).toEqual({ record_type: 'volume', value: 1050, set_id: 'b' });
  });

  it('counts every working set of a first session as a record against an empty history', () => {
    const prs = detectPersonalRecords(bestsFromHistory([]), [{ id: 'f', weight: 20, reps: 8 }]);
    expect(prs.map((p) => p.record_type)).toEqual(['weight', 'e1rm', 'volume']);
  });

  it('volume counts only working sets', () => {
    expect(sessionVolume([{ id: 'a', weight: 60, reps: 10, is_warmup: true }, { id: 'b', weight: 80, reps: 8 }, { id: 'c', weight: 80, reps: 7 }])).toBe(1200);
  });
});

describe('what a workout row may hold', () => {
  it('accepts what the app writes, including partial edits and empty values', () => {
    expect(fitnessFieldError('workout_sets', { weight: 102.058, reps: 5, rpe: 8.5, set_number: 3, is_warmup: 0 })).toBeNull();
    expect(fitnessFieldError('workout_sets', { weight: 0, reps: 12, rpe: null })).toBeNull();
    expect(fitnessFieldError('workout_sets', { notes: 'felt easy' })).toBeNull();
    expect(fitnessFieldError('workout_exercises', { sets: 4, reps: '8-12', weight: 60, rest_seconds: 120 })).toBeNull();
    expect(fitnessFieldError('workout_exercises', { reps: null, weight: null })).toBeNull();
    for (const t of ['warmup', 'main', 'cooldown', 'superset', 'circuit']) expect(fitnessFieldError('workout_sections', { section_type: t })).toBeNull();
    expect(fitnessFieldError('journal_entries', { mood: 99 })).toBeNull();
  });
  it.each([
    ['workout_sets', { rpe: 11 }, /RPE/],
    ['workout_sets', { rpe: 0 }, /RPE/],
    ['workout_sets', { weight: -5 }, /weight/],
    ['workout_sets', { weight: 5000 }, /weight/],
    ['workout_sets', { reps: -1 }, /reps/],
    ['workout_sets', { reps: 100000 }, /reps/],
    ['workout_sets', { set_number: 0 }, /set_number/],
    ['workout_exercises', { reps: 'lots' }, /range/],
    ['workout_exercises', { reps: '12-8' }, /range/],
    ['workout_exercises', { sets: 0 }, /sets/],
    ['workout_exercises', { rest_seconds: 99999 }, /rest/],
    ['workout_sections', { section_type: 'dropset' }, /section_type/],
    ['workout_sections', { section_type: null }, /section_type/],
  ])('refuses %s %j', (table, fields, message) => {
    expect(fitnessFieldError(table, fields)).toMatch(message);
  });
});

describe('a weight typed in a form', () => {
  it('accepts what the server accepts once stored in kilograms, in either unit', () => {
    for (const [value, unit] of [[0, 'kg'], [2000, 'kg'], [4409, 'lb'], [132.3, 'lb']] as const) {
      expect(typedWeightError(value, unit)).toBeNull();
      expect(fitnessFieldError('workout_sets', { weight: storedKg(value, unit) })).toBeNull();
    }
  });

  it('refuses the rest with the limit in the person’s unit', () => {
    expect(typedWeightError(2000.5, 'kg')).toBe('Enter a weight between 0 and 2000 kg');
    expect(typedWeightError(4410, 'lb')).toBe('Enter a weight between 0 and 4409.2 lb');
    expect(fitnessFieldError('workout_sets', { weight: storedKg(4410, 'lb') })).toMatch(/weight/);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(typedWeightError(bad, 'kg')).not.toBeNull();
  });
});
