import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { registerServiceWorker, requestPersistentStorage } from './app/update-prompt.tsx';
import { startSync } from './sync/engine.ts';
import { db } from './db/db.ts';
import { commit } from './sync/outbox.ts';
import { applyPulledChanges } from './sync/apply-pull.ts';
import { ensureSharedContent } from './db/seed-shared.ts';
import './app/styles.css';

// A handle for end-to-end tests and benchmarks to seed and inspect this device's own data.
(window as unknown as { __ignition: unknown }).__ignition = { db, commit, applyPulledChanges };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
// Universal quests, global rewards and skills exist on a fresh install, before any sync.
void ensureSharedContent().catch(() => undefined);
void requestPersistentStorage();
startSync();
// A focus session that ended while the app was closed is recorded now, whichever page opens
// (loaded lazily so the focus screen's code stays out of the first paint).
void import('./features/focus/focus-logic.ts').then((m) => m.settleActive()).catch(() => undefined);
