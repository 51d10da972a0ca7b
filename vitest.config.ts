import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/** `@ignition/shared/…` is shared-schema's source, as in tsconfig.json and vite.config.ts. */
const resolve = { alias: { '@ignition/shared': fileURLToPath(new URL('./shared-schema/src', import.meta.url)) } };

// Each layer is its own project so `npm test` reports them together with one count.
export default defineConfig({
  test: {
    projects: [
      { resolve, test: { name: 'shared', include: ['shared-schema/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' } },
      {
        resolve,
        test: {
          name: 'server',
          include: ['sync-server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        // Every push of the suites that push, made the planned way (one read batch, one guarded
        // write batch) with any fallback to the interactive transaction failing the test
        // (PUSH_PLAN_STRICT): what the plan covers, kept covered. The embedded file, no delay.
        test: {
          name: 'server-planned',
          include: [
            'sync-server/test/sync-push.test.ts',
            'sync-server/test/economy.test.ts',
            'sync-server/test/habits.test.ts',
            'sync-server/test/habit-schedules.test.ts',
            'sync-server/test/habit-streak-carry.test.ts',
            'sync-server/test/streak-carry.test.ts',
            'sync-server/test/focus.test.ts',
            'sync-server/test/learn.test.ts',
            'sync-server/test/learn-sync.test.ts',
            'sync-server/test/books.test.ts',
            'sync-server/test/goals.test.ts',
            'sync-server/test/calendar-sync.test.ts',
            'sync-server/test/journal.test.ts',
            'sync-server/test/tasks.test.ts',
            'sync-server/test/recipes.test.ts',
            'sync-server/test/infobase.test.ts',
            'sync-server/test/exercise-records.test.ts',
            'sync-server/test/hostile-client.test.ts',
            'sync-server/test/bad-input-fuzz.test.ts',
            'sync-server/test/rest-write-changes.test.ts',
          ],
          environment: 'node',
          env: { PUSH_PATH: 'planned', PUSH_PLAN_STRICT: '1' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        // The remote code path: the same sync, economy, crash-safety and three-instance suites
        // through @libsql/client (as on a libSQL server or Turso) with 2 ms added to every
        // database call, standing in for a network.
        test: {
          name: 'server-remote',
          include: [
            'sync-server/test/sync-push.test.ts',
            'sync-server/test/economy.test.ts',
            'sync-server/test/crash-safety.test.ts',
            'sync-server/test/horizontal-scale.test.ts',
            'sync-server/test/hostile-client.test.ts',
            'sync-server/test/round-trips.test.ts',
            // the workout rewarder (personal records) through the planned push
            'sync-server/test/exercise-records.test.ts',
            // each rewarder and follower: the same answers on the planned push as on the interactive one
            'sync-server/test/economy-planned.test.ts',
            'sync-server/test/learnfocus-planned.test.ts',
            'sync-server/test/habits-planned.test.ts',
          ],
          environment: 'node',
          env: { DATABASE_DRIVER: 'client', DB_CALL_DELAY_MS: '2' },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: 'client',
          include: ['client/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['client/test-setup.ts'],
          // Client tests sync through a real in-process server; give slow machines room.
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
