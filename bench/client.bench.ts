import { newDevice, openApp, startTestServer } from '../e2e/harness.ts';
import type { BenchResult } from './results.ts';

/**
 * Applying one pulled batch of 10,000 rows into IndexedDB in Chromium, through the app's own code,
 * beside two floors from the same page: Dexie's bare bulkPut of the same rows into the same table,
 * and IndexedDB with no library at all (10,000 `put`s into a store with no indexes, one
 * transaction), against the same rows stored as one record, which shows the cost is per record.
 */
export async function clientApply10k(): Promise<BenchResult[]> {
  const server = await startTestServer();
  const device = await newDevice();
  try {
    await openApp(device.page, server.url);
    // Baseline in the same run: the same 10,000 rows bulkPut into the same table in one
    // transaction, with no merge and no clocks — IndexedDB's own floor in this Chromium.
    const { ms, floor, rawPut, oneRecord } = await device.page.evaluate(async () => {
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
      const ms = performance.now() - t0;

      // No Dexie, no indexes: the browser's own cost of 10,000 records in one transaction.
      const raw = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('bench-raw-idb', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('rows', { keyPath: 'id' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      // (A loop, not a helper function: tsx names functions with a helper the page does not have.)
      const times: number[] = [];
      for (const values of [rawRows.map((r) => ({ ...r, id: `idb-${r.id}` })), [{ id: 'all-in-one', rows: rawRows }]]) {
        times.push(
          await new Promise<number>((resolve, reject) => {
            const start = performance.now();
            const tx = raw.transaction('rows', 'readwrite');
            const store = tx.objectStore('rows');
            for (const v of values) store.put(v);
            tx.oncomplete = () => resolve(performance.now() - start);
            tx.onerror = () => reject(tx.error);
          }),
        );
      }
      const [rawPut, oneRecord] = times;
      raw.close();
      return { ms, floor, rawPut, oneRecord };
    });
    console.log(
      `client apply 10k: ${ms.toFixed(0)} ms; bare Dexie bulkPut of the same rows ${floor.toFixed(0)} ms; ` +
        `IndexedDB alone: 10,000 puts ${rawPut.toFixed(0)} ms, the same rows as one record ${oneRecord.toFixed(0)} ms`,
    );
    return [
      { name: 'client_apply_10k_ms', value: ms, unit: 'ms', baseline: floor, ratio: ms / floor, target: 500, pass: ms <= 500 },
      { name: 'idb_put_10k_ms', value: rawPut, unit: 'ms', baseline: oneRecord, ratio: rawPut / oneRecord },
    ];
  } finally {
    await device.close();
    await server.stop();
  }
}
