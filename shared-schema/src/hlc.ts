/**
 * Hybrid logical clock. Timestamps look like `2026-11-24T20:16:11.000Z-0000-4f2a9c0d11e87b35`
 * (wall time in ms, a 4-hex counter, a 16-hex node id) and sort correctly as plain strings.
 * `tick` never goes backwards even when the wall clock does: it keeps the larger of the wall
 * time and the last time issued and bumps the counter instead.
 */
export interface ParsedHlc {
  millis: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 0xffff;

/**
 * Rule 8 (clocks are bounded): how far ahead of a wall clock a stamp may be and still be taken
 * as it is. A server never moves its clock to a stamp further ahead, and a change stamped further
 * ahead is restamped at the server's clock on arrival, so no device's wrong clock can freeze a
 * row. A minute covers honest drift between devices that sync their clocks.
 */
export const MAX_CLOCK_AHEAD_MS = 60_000;

/** The highest stamp that may be taken as it is at wall time `nowMs`: anything above it is too far ahead. */
export function latestAllowedHlc(nowMs: number): string {
  return formatHlc({ millis: nowMs + MAX_CLOCK_AHEAD_MS, counter: MAX_COUNTER, node: 'ffffffffffffffff' });
}

const RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

export function isValidHlc(s: string): boolean {
  return RE.test(s);
}

export function parseHlc(s: string): ParsedHlc {
  const m = RE.exec(s);
  if (!m) throw new Error(`Not an HLC timestamp: ${s}`);
  return { millis: Date.parse(m[1]), counter: parseInt(m[2], 16), node: m[3] };
}

export function formatHlc(h: ParsedHlc): string {
  return `${new Date(h.millis).toISOString()}-${h.counter.toString(16).padStart(4, '0')}-${h.node}`;
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxHlc(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}

export function newNodeId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Hlc {
  private millis = 0;
  private counter = 0;

  constructor(
    readonly nodeId: string,
    last?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!/^[0-9a-f]{16}$/.test(nodeId)) throw new Error('HLC node id must be 16 hex digits');
    // A last stamp further ahead than the bound came from a clock that was wrong: start from now.
    if (last && isValidHlc(last) && last <= latestAllowedHlc(this.now())) {
      const p = parseHlc(last);
      this.millis = p.millis;
      this.counter = p.counter;
    }
  }

  get last(): string {
    return formatHlc({ millis: this.millis, counter: this.counter, node: this.nodeId });
  }

  private advance(toMillis: number, counter: number) {
    if (counter > MAX_COUNTER) {
      this.millis = toMillis + 1;
      this.counter = 0;
    } else {
      this.millis = toMillis;
      this.counter = counter;
    }
  }

  tick(): string {
    const wall = this.now();
    if (wall > this.millis) this.advance(wall, 0);
    else this.advance(this.millis, this.counter + 1);
    return this.last;
  }

  /**
   * Moves past a timestamp seen from elsewhere so later local stamps sort after it. A stamp
   * further ahead of this clock's wall time than MAX_CLOCK_AHEAD_MS is not followed (rule 8).
   */
  receive(remote: string): string {
    const r = parseHlc(remote);
    const wall = this.now();
    if (r.millis > wall + MAX_CLOCK_AHEAD_MS) return this.last;
    const top = Math.max(wall, this.millis, r.millis);
    if (top === this.millis && top === r.millis) this.advance(top, Math.max(this.counter, r.counter) + 1);
    else if (top === this.millis) this.advance(top, this.counter + 1);
    else if (top === r.millis) this.advance(top, r.counter + 1);
    else this.advance(top, 0);
    return this.last;
  }
}
