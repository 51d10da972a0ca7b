/**
 * What the sync layer needs from the layers above it, passed in once by the app's entry
 * (`main.tsx`): sync never imports the UI or the app shell (the lint forbids it), so it tells the
 * person and asks for an update through these callbacks. Until they are connected (tests, workers)
 * a notice goes nowhere; the failure it reports is still thrown or kept in the sync state.
 */
export interface SyncHooks {
  /** Shows a short message, with an optional action, for `ms` milliseconds. */
  notify: (text: string, kind: 'info' | 'success' | 'error', action?: { label: string; run: () => void }, ms?: number) => void;
  /** The server answered `client_outdated`: look for the new version of the app now. */
  onClientOutdated: () => void;
}

const hooks: SyncHooks = { notify: () => undefined, onClientOutdated: () => undefined };

export function connectSync(given: Partial<SyncHooks>): void {
  Object.assign(hooks, given);
}

export const syncHooks: Readonly<SyncHooks> = hooks;
