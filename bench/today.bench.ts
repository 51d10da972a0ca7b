import { newDevice, openApp, startTestServer } from '../e2e/harness.ts';
import { percentile, type BenchResult } from './results.ts';

const RUNS = 7;

/**
 * The Today page with a year of one person's data (≈ 20,000 activity events plus the rows a
 * year leaves behind) in Chromium's IndexedDB: time from the app shell appearing to Today's
 * first content, over several reloads (median). Target 200 ms.
 */
export async function benchToday(eventCount = 20_000): Promise<BenchResult> {
  const server = await startTestServer();
  const device = await newDevice();
  try {
    const { page } = device;
    await openApp(page, server.url);
    const seeded = await page.evaluate(async (N) => {
      const ig = (window as any).__ignition;
      const db = ig.db;
      const DAY = 86_400_000;
      const now = Date.now();
      const types = [
        ['focus_complete', 25, 10, 'knowledge'],
        ['habit_complete', 10, 5, 'proficiency'],
        ['workout_complete', 40, 20, 'guts'],
        ['review_complete', 20, 6, 'knowledge'],
        ['reading_session', 4, 2, 'knowledge'],
        ['journal_entry', 10, 5, 'charm'],
        ['planner_complete', 15, 5, 'proficiency'],
      ] as const;
      const events = [];
      let xp = 0;
      let coins = 0;
      for (let i = 0; i < N; i++) {
        const at = now - Math.floor((i / N) * 365 * DAY) - (i % 7) * 60_000;
        const [type, x, c, skill] = types[i % types.length];
        xp += x;
        coins += c;
        events.push({ id: `bench-ev-${i}`, event_type: type, entity_id: `bench-entity-${i}`, skill_id: skill, metadata: { n: i }, created_at: new Date(at).toISOString(), local_date: new Date(at).toISOString().slice(0, 10), xp_earned: x, coins_earned: c, sync_status: 'accepted' });
      }
      const focus = Array.from({ length: 3000 }, (_, i) => {
        const at = now - Math.floor((i / 3000) * 365 * DAY);
        return { id: `bench-focus-${i}`, mode: 'focus', duration: 1500, status: 'completed', started_at: new Date(at - 1500_000).toISOString(), completed_at: new Date(at).toISOString(), paused_total: 0 };
      });
      const calendar = Array.from({ length: 2000 }, (_, i) => ({ id: `bench-cal-${i}`, title: `Event ${i}`, start_time: new Date(now - Math.floor((i / 2000) * 365 * DAY)).toISOString(), completed: i % 2 === 0 }));
      const today = new Date(now).toISOString().slice(0, 10);
      const yearAgo = new Date(now - 364 * DAY).toISOString().slice(0, 10);
      await db.activity_events.bulkPut(events);
      await db.focus_sessions.bulkPut(focus);
      await db.calendar_events.bulkPut(calendar);
      await db.user_progress.put({ id: 'up_bench', user_id: 'bench', total_xp: xp, level: 1, coins, knowledge_xp: xp / 2, guts_xp: xp / 8, proficiency_xp: xp / 4, kindness_xp: 0, charm_xp: xp / 8 });
      await db.user_streaks.put({ id: 'st_bench_daily', user_id: 'bench', streak_type: 'daily', current_streak: 365, best_streak: 365, shields: 2, last_active_date: today, history: [{ start: yearAgo, end: today, length: 365 }] });
      return events.length;
    }, eventCount);
    // Times from the page itself: when the shell appears and when Today's content does.
    await page.addInitScript(() => {
      const w = window as any;
      w.__todayTimes = {};
      new MutationObserver(() => {
        const t = w.__todayTimes;
        if (t.shell == null && document.querySelector('.shell')) t.shell = performance.now();
        if (t.content == null && document.querySelector('[data-testid="today-content"]')) t.content = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload();
      await page.waitForFunction(() => (window as any).__todayTimes?.content != null, null, { timeout: 30_000 });
      const t = await page.evaluate(() => (window as any).__todayTimes as { shell: number; content: number });
      if (i > 0) samples.push(t.content - t.shell); // the first reload warms the caches
    }
    const ms = percentile(samples, 50);
    console.log(`today: ${seeded} events, shell→first content ${samples.map((s) => s.toFixed(0)).join(', ')} ms`);
    return { name: 'today_first_content_ms', value: ms, unit: 'ms', target: 200, pass: ms <= 200 };
  } finally {
    await device.close();
    await server.stop();
  }
}
