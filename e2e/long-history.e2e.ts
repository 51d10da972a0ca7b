import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openApp, setOffline, useWorld } from './harness.ts';

/** A device with a long history, offline: the lists show the newest page and page back on request. */
describe.skipIf(!HAVE_CHROMIUM)('long histories, offline', () => {
  const w = useWorld(['device']);

  it('pages the workout history and the wins feed newest first with "Show more"', async () => {
    const { page, context } = w.device;
    await openApp(page, w.server.url);
    await setOffline(context, true);
    // 35 finished workouts (one set each) and 35 wins, one a day, written straight into the device's database.
    await page.evaluate(async () => {
      const { db } = (window as unknown as { __ignition: { db: Record<string, { bulkPut: (rows: unknown[]) => Promise<unknown> }> } }).__ignition;
      const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i, 18)).toISOString();
      await db.workout_sessions.bulkPut(Array.from({ length: 35 }, (_, i) => ({ id: `lh-w${i}`, workout_id: null, name: `Workout ${i}`, started_at: day(i), completed_at: day(i), notes: null })));
      await db.workout_sets.bulkPut(Array.from({ length: 35 }, (_, i) => ({ id: `lh-s${i}`, session_id: `lh-w${i}`, exercise_id: 'ex_Barbell_Squat', set_number: 1, weight: 100, reps: 5, rpe: null, is_warmup: false, notes: null, created_at: day(i) })));
      await db.activity_events.bulkPut(Array.from({ length: 35 }, (_, i) => ({ id: `lh-e${i}`, event_type: 'journal_entry', entity_id: `lh-j${i}`, metadata: {}, created_at: day(i), local_date: day(i).slice(0, 10), xp_earned: 15, coins_earned: 5, sync_status: 'accepted' })));
    });

    await page.goto(`${w.server.url}/exercise/history`);
    const rows = page.getByTestId('session-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(30);
    expect(await rows.first().textContent()).toContain('Workout 34');
    await page.getByRole('button', { name: 'Show older workouts' }).click();
    await rows.nth(34).waitFor();
    expect(await rows.count()).toBe(35);
    expect(await rows.last().textContent()).toContain('Workout 0');
    expect(await page.getByRole('button', { name: 'Show older workouts' }).count()).toBe(0);

    await page.locator('.side-nav').getByRole('link', { name: 'Progress' }).click();
    const wins = page.getByTestId('wins').locator('li');
    await wins.first().waitFor();
    expect(await wins.count()).toBe(30);
    await page.getByRole('button', { name: 'Show more' }).click();
    await wins.nth(34).waitFor();
    expect(await wins.count()).toBe(35);
    await setOffline(context, false);
  });
});
