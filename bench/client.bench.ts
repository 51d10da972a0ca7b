import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST_DIR } from '../sync-server/src/server.ts';
import { ensureBuilt, newDevice, openApp, startTestServer } from '../e2e/harness.ts';
import type { BenchResult } from './results.ts';

/** Gzipped size of the JS the browser must fetch before first paint: the entry and its preloads. */
export function initialJsGzipKb(): BenchResult {
  ensureBuilt();
  const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(m[1]);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(DIST_DIR, f.replace(/^\//, '')))).length;
  const allJs = readdirSync(join(DIST_DIR, 'assets')).filter((f) => f.endsWith('.js')).length;
  console.log(`initial JS: ${[...files].join(', ')} (of ${allJs} chunks)`);
  return { name: 'initial_js_gzip_kb', value: bytes / 1024, unit: 'KB' };
}

/** Applying one pulled batch of 10,000 rows into IndexedDB in Chromium, through the app's own code. */
export async function clientApply10k(): Promise<BenchResult> {
  const server = await startTestServer();
  const device = await newDevice();
  try {
    await openApp(device.page, server.url);
    // Baseline in the same run: the same 10,000 rows bulkPut into the same table in one
    // transaction, with no merge and no clocks — IndexedDB's own floor in this Chromium.
    const { ms, floor } = await device.page.evaluate(async () => {
      const ig = (window as unknown as { __ignition: { db: { transaction: (...a: unknown[]) => Promise<unknown>; workout_sets: { bulkPut: (rows: unknown[]) => Promise<unknown> } }; applyPulledChanges: (db: unknown, ch: unknown[]) => Promise<unknown> } }).__ignition;
      const changes = Array.from({ length: 10_000 }, (_, i) => ({
        table: 'workout_sets',
        id: `bench-set-${i}`,
        op: 'upsert',
        seq: i + 1,
        row: { id: `bench-set-${i}`, session_id: 'bench-session', exercise_id: 'ex_Barbell_Squat', set_number: (i % 5) + 1, weight: 100, reps: 5, rpe: 8, is_warmup: false, created_at: '2026-01-01T10:00:00.000Z' },
        clocks: { weight: '2026-01-01T10:00:00.000Z-0000-00000000000000cc' },
      }));
      const rawRows = changes.map((c) => ({ ...c.row, id: `raw-${c.id}` }));
      let t0 = performance.now();
      await ig.db.transaction('rw', [ig.db.workout_sets], () => ig.db.workout_sets.bulkPut(rawRows));
      const floor = performance.now() - t0;
      t0 = performance.now();
      await ig.applyPulledChanges(ig.db, changes);
      return { ms: performance.now() - t0, floor };
    });
    console.log(`client apply 10k: ${ms.toFixed(0)} ms; bare bulkPut of the same rows ${floor.toFixed(0)} ms`);
    return { name: 'client_apply_10k_ms', value: ms, unit: 'ms', baseline: floor, ratio: ms / floor, target: 500, pass: ms <= 500 };
  } finally {
    await device.close();
    await server.stop();
  }
}
