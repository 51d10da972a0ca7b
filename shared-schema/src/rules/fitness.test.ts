import { describe, expect, it } from 'vitest';
import { bestsFromHistory, detectPersonalRecords, estimate1RM, fromKg, parseRepTarget, sessionVolume, toKg } from './fitness.ts';

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
});
