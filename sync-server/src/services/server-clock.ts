import { Hlc, latestAllowedHlc } from '@ignition/shared/hlc.ts';

/**
 * The server's own HLC for writes it makes through the sync path (REST routes, admin edits, and
 * restamped far-ahead changes). Its node id is fixed per process; it only needs to be monotonic
 * within the process, because per-field merges compare full HLC strings and ties break on the
 * node id. It follows a remote stamp only within MAX_CLOCK_AHEAD_MS of its wall clock (rule 8),
 * so one user's wrong clock never moves the stamps of another user's rows.
 */
const nodeId = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
const clock = new Hlc(nodeId);

export function serverHlc(): string {
  return clock.tick();
}

/** The highest stamp a change may carry and be taken as it is, by this server's wall clock. */
export function latestAllowedNow(): string {
  return latestAllowedHlc(Date.now());
}

export function observeHlc(remote: string) {
  try {
    clock.receive(remote);
  } catch {
    /* a malformed clock is refused by the push's validation */
  }
}
