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
