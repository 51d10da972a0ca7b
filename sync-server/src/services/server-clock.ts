import { Hlc } from '../../../shared-schema/src/hlc.ts';

/**
 * The server's own HLC for writes it makes through the sync path (REST routes, admin edits).
 * Its node id is fixed per process; it only needs to be monotonic within the process, because
 * per-field merges compare full HLC strings and ties break on the node id.
 */
const nodeId = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
const clock = new Hlc(nodeId);

export function serverHlc(): string {
  return clock.tick();
}

export function observeHlc(remote: string) {
  try {
    clock.receive(remote);
  } catch {
    /* a malformed or far-future clock is validated elsewhere */
  }
}
