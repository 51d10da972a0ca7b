import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Hlc, MAX_CLOCK_AHEAD_MS, compareHlc, isValidHlc, latestAllowedHlc, parseHlc, newNodeId } from './hlc.ts';

const NODE = '4f2a9c0d11e87b35';

describe('the hybrid logical clock', () => {
  it('formats as sortable text with a 4-hex counter and a 16-hex node', () => {
    const c = new Hlc(NODE, undefined, () => Date.UTC(2026, 10, 24, 20, 16, 11));
    expect(c.tick()).toBe('2026-11-24T20:16:11.000Z-0000-4f2a9c0d11e87b35');
    expect(isValidHlc(c.last)).toBe(true);
  });

  it('stays monotonic when the wall clock jumps backwards', () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const c = new Hlc(NODE, undefined, () => now);
    const a = c.tick();
    now -= 3 * 86_400_000; // the clock jumps back three days
    const b = c.tick();
    const d = c.tick();
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, d)).toBe(-1);
    expect(parseHlc(b).millis).toBe(parseHlc(a).millis);
  });

  it('is monotonic across a reload when given the last stamp', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const first = new Hlc(NODE, undefined, () => now);
    const last = first.tick();
    const reloaded = new Hlc(NODE, last, () => now - 1000);
    expect(reloaded.tick() > last).toBe(true);
  });

  it('moves past a remote stamp that is ahead within the bound', () => {
    const c = new Hlc(NODE, undefined, () => Date.UTC(2026, 0, 1));
    const remote = '2026-01-01T00:00:30.000Z-0005-aaaaaaaaaaaaaaaa';
    c.receive(remote);
    expect(c.tick() > remote).toBe(true);
  });

  it('does not follow a remote stamp further ahead than MAX_CLOCK_AHEAD_MS (rule 8)', () => {
    const wall = Date.UTC(2026, 0, 1);
    const c = new Hlc(NODE, undefined, () => wall);
    for (const remote of ['2026-06-01T00:00:00.000Z-0005-aaaaaaaaaaaaaaaa', '2999-01-01T00:00:00.000Z-0000-aaaaaaaaaaaaaaaa', '9999-12-31T23:59:59.999Z-ffff-ffffffffffffffff']) c.receive(remote);
    expect(c.tick()).toBe(`2026-01-01T00:00:00.000Z-0000-${NODE}`);
    expect(parseHlc(c.tick()).millis - wall).toBeLessThanOrEqual(MAX_CLOCK_AHEAD_MS);
  });

  it('starts from its wall clock when its last stamp was made by a clock far ahead', () => {
    const c = new Hlc(NODE, '2026-01-04T00:00:00.000Z-0003-4f2a9c0d11e87b35', () => Date.UTC(2026, 0, 1));
    expect(c.tick().startsWith('2026-01-01T00:00:00.000Z')).toBe(true);
    expect(latestAllowedHlc(Date.UTC(2026, 0, 1)) > '2026-01-01T00:01:00.000Z-0000').toBe(true);
    expect(latestAllowedHlc(Date.UTC(2026, 0, 1)) < '2026-01-01T00:01:00.001Z').toBe(true);
  });

  it('overflows the counter into the next millisecond', () => {
    const c = new Hlc(NODE, '2026-01-01T00:00:00.000Z-ffff-4f2a9c0d11e87b35', () => Date.UTC(2026, 0, 1));
    expect(c.tick()).toBe('2026-01-01T00:00:00.001Z-0000-4f2a9c0d11e87b35');
  });

  it('rejects malformed node ids and makes valid ones', () => {
    expect(() => new Hlc('xyz')).toThrow();
    expect(newNodeId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('sorts as text in the order the stamps were issued (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100_000, max: 100_000 }), { minLength: 2, maxLength: 50 }), (jumps) => {
        let now = Date.UTC(2026, 0, 1);
        const c = new Hlc(NODE, undefined, () => now);
        const stamps: string[] = [];
        for (const j of jumps) {
          now += j;
          stamps.push(c.tick());
        }
        expect([...stamps].sort()).toEqual(stamps);
      }),
    );
  });
});
