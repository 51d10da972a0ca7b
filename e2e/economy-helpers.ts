import type { Page } from 'playwright-core';

/**
 * Earns through the app's own commit path (no other area's screens needed): a finished workout
 * with three working sets (26 XP, 13 coins → completes "Stay Active": 30 XP, 15 coins) and two
 * 25-minute focus sessions (25 XP, 10 coins each → completes "Deep Focus": 50 XP, 25 coins).
 * Total 156 XP (level 2) and 73 coins, by the rules of GAME-RULES.md.
 */
export async function earnAWorkoutAndTwoFocusSessions(page: Page) {
  await page.evaluate(async () => {
    const ig = (window as any).__ignition;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const id = () => crypto.randomUUID();
    const session = id();
    const sets = [1, 2, 3].map((n) => ({
      table: 'workout_sets',
      id: id(),
      fields: { session_id: session, exercise_id: 'ex_Barbell_Full_Squat', set_number: n, weight: 60, reps: 5, is_warmup: false, created_at: iso(now - 20 * 60_000) },
    }));
    await ig.commit(
      [{ table: 'workout_sessions', id: session, fields: { name: 'Legs', started_at: iso(now - 40 * 60_000), completed_at: iso(now - 10 * 60_000) } }, ...sets],
      [{ event_type: 'workout_complete', entity_id: session, skill_id: 'guts', xp: 26, coins: 13 }],
    );
    for (const startMin of [65, 30]) {
      const f = id();
      await ig.commit(
        [{ table: 'focus_sessions', id: f, fields: { mode: 'focus', duration: 1500, status: 'completed', started_at: iso(now - startMin * 60_000), completed_at: iso(now - (startMin - 25) * 60_000), paused_total: 0, created_at: iso(now - startMin * 60_000) } }],
        [{ event_type: 'focus_complete', entity_id: f, skill_id: 'knowledge', xp: 25, coins: 10 }],
      );
    }
  });
}

export const chipText = async (page: Page, id: 'xp' | 'coins' | 'level' | 'streak') => ((await page.getByTestId(id).textContent()) ?? '').trim();
