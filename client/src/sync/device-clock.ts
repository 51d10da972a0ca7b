import { MAX_CLOCK_AHEAD_MS } from '@ignition/shared/hlc.ts';
import type { IgnitionDb } from '../db/db.ts';

/**
 * The device's clock, corrected by what the server's replies say its time is (rule 8). A phone
 * whose clock runs days ahead would otherwise stamp every edit days ahead: the server restamps
 * such a change on arrival, and from the first reply on the device stamps with corrected time,
 * so its edits and every other device's keep landing in the order they were made.
 *
 * The offset is kept in `meta` so a reload starts corrected; it is cached per database so
 * stamping stays synchronous.
 */
const OFFSET_KEY = 'clock_offset_ms';
const offsets = new WeakMap<IgnitionDb, number>();
const skews = new WeakMap<IgnitionDb, number>();
const listeners = new WeakMap<IgnitionDb, () => void>();

/** Offsets under this are network noise, not a wrong clock: left alone so stamps do not jitter. */
const NOISE_MS = 2_000;

export async function loadClockOffset(db: IgnitionDb): Promise<number> {
  const cached = offsets.get(db);
  if (cached !== undefined) return cached;
  const stored = Number((await db.meta.get(OFFSET_KEY))?.value ?? 0);
  const offset = Number.isFinite(stored) ? stored : 0;
  offsets.set(db, offset);
  return offset;
}

/** Now by this device's clock, corrected by the last known offset to the server's. */
export function deviceNow(db: IgnitionDb): number {
  return Date.now() + (skews.get(db) ?? 0) + (offsets.get(db) ?? 0);
}

/** Called when the correction changes, so the outbox can restart its clock from corrected time. */
export function onClockCorrected(db: IgnitionDb, listener: () => void) {
  listeners.set(db, listener);
}

/**
 * Learns the offset from a reply: the server's time minus the device's at the middle of the
 * request. Returns true when the correction changed by more than network noise.
 */
export async function learnServerTime(db: IgnitionDb, serverTime: string | undefined, sentAt: number, receivedAt: number): Promise<boolean> {
  const server = serverTime ? Date.parse(serverTime) : NaN;
  if (!Number.isFinite(server)) return false;
  const local = (sentAt + receivedAt) / 2 + (skews.get(db) ?? 0);
  const measured = Math.round(server - local);
  const offset = Math.abs(measured) < NOISE_MS ? 0 : measured;
  const before = await loadClockOffset(db);
  if (Math.abs(offset - before) < NOISE_MS) return false;
  offsets.set(db, offset);
  await db.meta.put({ key: OFFSET_KEY, value: offset });
  listeners.get(db)?.();
  return true;
}

/** Whether a stamp's time is further ahead of the server's than the bound: the server restamped it. */
export function wasAhead(hlc: string, serverTime: string | undefined): boolean {
  const server = serverTime ? Date.parse(serverTime) : NaN;
  return Number.isFinite(server) && Date.parse(hlc.slice(0, 24)) > server + MAX_CLOCK_AHEAD_MS;
}

/** The device's raw clock is `ms` off real time (tests only: a phone whose clock is wrong). */
export function skewDeviceClockForTests(db: IgnitionDb, ms: number) {
  skews.set(db, ms);
}
