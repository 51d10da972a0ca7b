import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { ROUTES } from './app/routes.tsx';
import { checkForUpdate, registerServiceWorker, requestPersistentStorage, watchDatabaseUpgrades } from './app/update-prompt.tsx';
import { notify } from './ui/notices.tsx';
import { connectSync } from './sync/sync-hooks.ts';
import { startSync } from './sync/engine.ts';
import { startEconomy } from './sync/progress.ts';
import { db } from './db/db.ts';
import { commit } from './sync/outbox.ts';
import { applyPulledChanges } from './sync/apply-pull.ts';
import { ensureSharedContent } from './db/seed-shared.ts';
import { focusAddedAutofocus } from './app/autofocus.ts';
import './app/styles.css';

// The sync layer tells the person things and asks for updates through these (it imports no UI).
connectSync({ notify, onClientOutdated: checkForUpdate });

// Every first screen waits for IndexedDB to open: ask for it before anything else (a failure
// still surfaces on the first read, as before).
void db.open().catch(() => undefined);

// A handle for end-to-end tests and benchmarks to seed and inspect this device's own data.
(window as unknown as { __ignition: unknown }).__ignition = { db, commit, applyPulledChanges };

// The first screen's reads start now rather than after its first render: the shell's economy
// figures, and the opened screen's chunk (Today's starts its own reads as it loads).
const economyReady = startEconomy();
const here = location.pathname;
const opened = ROUTES.find(({ path }) => (path === '/' ? here === '/' : here === path || here.startsWith(`${path}/`)));
// Not during this module's own evaluation: a screen's chunk imports this entry chunk, and
// Chromium can leave an import() that depends on a module still evaluating pending for ever
// (seen as a screen stuck on "Loading…" when its chunk came from the cache). A task later is enough.
setTimeout(() => (opened?.component as { preload?: () => Promise<void> } | undefined)?.preload?.(), 0);

const root = document.getElementById('root')!;
focusAddedAutofocus(root);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
watchDatabaseUpgrades(db);
// A notification clicked or "Done" from a reminder: the service worker asks this window to route or sync.
void import('./features/reminders/sw-messages.ts').then((m) => m.listenToServiceWorker()).catch(() => undefined);
// Housekeeping waits until the first screen's figures are read (at most a second), so its
// IndexedDB reads and writes do not queue ahead of them.
void Promise.race([economyReady, new Promise((r) => setTimeout(r, 1000))]).then(() => {
  // Universal quests, global rewards and skills exist on a fresh install, before any sync.
  void ensureSharedContent().catch(() => undefined);
  void requestPersistentStorage();
  startSync();
  // A focus session that ended while the app was closed is recorded now, whichever page opens, and
  // a running one shows its time in the title and announces its end on every page
  // (loaded lazily so the focus screen's code stays out of the first paint).
  void import('./features/focus/focus-watch.ts').then((m) => m.startFocusWatch()).catch(() => undefined);
  // Recipe step timers ring on every page too (lazily, like the focus watch).
  void import('./features/recipes/timer-watch.ts').then((m) => m.startRecipeTimerWatch()).catch(() => undefined);
});
