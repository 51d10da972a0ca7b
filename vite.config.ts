import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { precompress } from './scripts/precompress.ts';

/** `@ignition/shared/…` is shared-schema's source (the same alias is in tsconfig.json and vitest.config.ts). */
const SHARED_ALIAS = { '@ignition/shared': fileURLToPath(new URL('./shared-schema/src', import.meta.url)) };

/**
 * The browser bundle runs React's API on Preact (preact/compat): react-dom alone is about 58 KB of
 * brotli, which with Dexie (28 KB) left no room under the 90 KB first-load budget; Preact's is
 * about 11 KB. Types, unit tests and the server stay on React.
 */
const PREACT_ALIAS = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

const API = process.env.API_URL ?? 'http://127.0.0.1:8787';

/**
 * `push-sw.js`: the service worker's Web Push handlers (client/src/sw/push-sw.ts), bundled on
 * their own (with Dexie and the outbox) into one classic script that the generated `sw.js`
 * loads with `importScripts` (workbox's option below).
 */
function pushServiceWorker(): Plugin {
  return {
    name: 'ignition-push-sw',
    apply: 'build',
    async generateBundle() {
      const out = await build({
        configFile: false,
        logLevel: 'warn',
        resolve: { alias: SHARED_ALIAS },
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          write: false,
          minify: true,
          sourcemap: false,
          lib: { entry: fileURLToPath(new URL('./client/src/sw/push-sw.ts', import.meta.url)), formats: ['iife'], name: 'IgnitionPushSw', fileName: () => 'push-sw.js' },
        },
      });
      const output = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
      const chunk = output.output.find((o) => o.type === 'chunk');
      if (!chunk?.code) throw new Error('push-sw.js was not built');
      this.emitFile({ type: 'asset', fileName: 'push-sw.js', source: chunk.code });
    },
  };
}

export default defineConfig({
  root: 'client',
  resolve: { alias: [...Object.entries(SHARED_ALIAS).map(([find, replacement]) => ({ find, replacement })), ...PREACT_ALIAS] },
  publicDir: '../public',
  build: { outDir: '../dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { '/api': { target: API, changeOrigin: true } } },
  plugins: [
    react(),
    pushServiceWorker(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      filename: 'sw.js',
      // The glob below already lists icons and sounds; naming them again here (or letting the
      // manifest's icons be added) put them in the precache twice.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Ignition — your life, levelled up',
        short_name: 'Ignition',
        description:
          'An offline-first life OS: focus sessions, planner, quests, habits, goals, workouts, learning and books, all earning XP, coins and streaks.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#f97316',
        background_color: '#0f172a',
        categories: ['productivity', 'health', 'education', 'lifestyle'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,mp3,wav}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // Web Push: showing reminders and their "Done" / "Snooze" buttons (see pushServiceWorker above).
        importScripts: ['push-sw.js'],
      },
    }),
    precompress(),
  ],
});
