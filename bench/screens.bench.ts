import type { Page } from 'playwright-core';
import { newDevice, openApp, startTestServer } from '../e2e/harness.ts';
import { percentile, type BenchResult } from './results.ts';

const RUNS = 5;

/** Each main screen by its route, with a selector that only matches once that screen shows its data. */
const SCREENS = [
  { name: 'today', path: '/', sel: '[data-testid="today-content"]' },
  { name: 'progress', path: '/progress', sel: '[data-testid="progress-level"]' },
  { name: 'focus', path: '/focus', sel: '[data-testid="focus-history-item"]' },
  { name: 'planner', path: '/planner', sel: '[data-testid="planner-event"]' },
  { name: 'quests', path: '/quests', sel: '[data-testid="quest-count"]' },
  { name: 'habits', path: '/habits', sel: '[data-testid="habit-streak"]' },
  { name: 'goals', path: '/goals', sel: '[data-testid="goal-card"]' },
  { name: 'exercise', path: '/exercise', sel: 'button[aria-label="Start Bench Day"]' },
  { name: 'exercise_history', path: '/exercise/history', sel: '[data-testid="session-row"]' },
  { name: 'exercise_session', path: '/exercise/history/session/bench-ws-399', sel: '[data-testid="session-detail-sets"]' },
  { name: 'exercise_lift', path: '/exercise/history/exercise/ex_Barbell_Squat', sel: '.records-grid' },
  { name: 'learn', path: '/learn', sel: '[data-testid="course-card"]' },
  { name: 'flashcards', path: '/learn/decks', sel: '[data-testid="deck-card"]' },
  { name: 'deck', path: '/learn/decks/bench-deck-0', sel: '[data-testid="card-item"]' },
  { name: 'journal', path: '/learn/journal', sel: '.journal-list-item' },
  { name: 'books', path: '/books', sel: '[data-testid="pages-per-day"]' },
  { name: 'market', path: '/market', sel: '[data-testid="purchase"]' },
  { name: 'settings', path: '/settings', sel: 'select, input[type="number"]' },
] as const;

/** Seeds one device's IndexedDB (the page must have the app open) with ≈ 3 years of one person's data. */
export async function seedHeavyHistory(page: Page): Promise<Record<string, number>> {
  // tsx names the helpers inside the seeding function with a module-level `__name`; give the page one.
  await page.evaluate('window.__name = (f) => f');
  return page.evaluate(async () => {
    const db = (window as any).__ignition.db;
    const DAY = 86_400_000;
    const YEARS = 3;
    const DAYS = 365 * YEARS;
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    const date = (t: number) => iso(t).slice(0, 10);
    const pick = <T,>(a: readonly T[], i: number) => a[i % a.length];

    // Workouts: 400 sessions × 20 sets over 3 years, with records.
    const EX = ['ex_Barbell_Squat', 'ex_Barbell_Bench_Press_-_Medium_Grip', 'ex_Bent_Over_Barbell_Row', 'ex_Standing_Military_Press'];
    const sessions = [];
    const sets = [];
    const records = [];
    for (let s = 0; s < 400; s++) {
      const t = now - DAYS * DAY + Math.floor(((s + 1) / 400) * (DAYS - 1) * DAY);
      const id = `bench-ws-${s}`;
      sessions.push({ id, workout_id: 'bench-workout', name: 'Bench Day', started_at: iso(t), completed_at: iso(t + 3_600_000), notes: null });
      for (let i = 0; i < 20; i++)
        sets.push({ id: `bench-set-${s}-${i}`, session_id: id, exercise_id: pick(EX, i), set_number: Math.floor(i / EX.length) + 1, weight: 40 + (s % 60) + (i % 3) * 2.5, reps: 5 + (i % 4), rpe: 8, is_warmup: i < 2, notes: null, created_at: iso(t + i * 120_000) });
      if (s % 3 === 0)
        for (const ex of EX) records.push({ id: `bench-pr-${s}-${ex}`, exercise_id: ex, record_type: 'weight', value: 40 + (s % 60), weight: 40 + (s % 60), reps: 5, achieved_at: iso(t), set_id: `bench-set-${s}-0`, session_id: id });
    }
    // Habits: 10 logged (almost) daily for 3 years.
    const habits = Array.from({ length: 10 }, (_, h) => ({ id: `bench-habit-${h}`, name: `Habit ${h}`, description: null, frequency: h < 8 ? 'daily' : 'weekly', target_count: 1, skill_id: 'proficiency', xp_reward: 10, coin_reward: 5, archived: false, created_at: iso(now - DAYS * DAY), updated_at: iso(now - DAYS * DAY) }));
    const habitLogs = [];
    for (let d = 0; d < DAYS; d++)
      for (let h = 0; h < 10; h++) if ((d + h) % 9 !== 0) habitLogs.push({ id: `bench-hl-${h}-${d}`, habit_id: `bench-habit-${h}`, date: date(now - d * DAY), count: 1, notes: null, created_at: iso(now - d * DAY) });
    const focus = Array.from({ length: 1000 }, (_, i) => {
      const at = now - Math.floor((i / 1000) * DAYS * DAY);
      return { id: `bench-focus-${i}`, mode: 'focus', duration: 1500, status: 'completed', started_at: iso(at - 1_500_000), completed_at: iso(at), paused_total: 0, created_at: iso(at - 1_500_000) };
    });
    const journal = Array.from({ length: 1000 }, (_, i) => ({ id: `bench-journal-${i}`, date: date(now - i * DAY), content: `Day ${i}: trained, read, wrote some notes about the week and what comes next. `.repeat(4), mood: 1 + (i % 5), created_at: iso(now - i * DAY), updated_at: iso(now - i * DAY) }));
    const books = Array.from({ length: 60 }, (_, b) => ({ id: `bench-book-${b}`, title: `Book ${b}`, author: `Author ${b % 17}`, total_pages: 300, current_page: b < 3 ? 120 : 300, status: b < 3 ? 'reading' : b < 8 ? 'want-to-read' : 'completed', rating: 4, started_at: iso(now - (b + 1) * 18 * DAY), finished_at: b >= 8 ? iso(now - b * 18 * DAY) : null, created_at: iso(now - (b + 1) * 18 * DAY), updated_at: iso(now - b * 18 * DAY) }));
    const reading = Array.from({ length: 2000 }, (_, i) => ({ id: `bench-rs-${i}`, book_id: `bench-book-${i % 60}`, pages_read: 20, start_page: 0, end_page: 20, duration: 30, notes: null, date: date(now - Math.floor((i / 2000) * DAYS * DAY)) }));
    // Flashcards: 10 decks × 400 cards, 5 reviews each.
    const decks = Array.from({ length: 10 }, (_, d) => ({ id: `bench-deck-${d}`, title: `Deck ${d}`, description: null, card_count: 400, created_at: iso(now - (d + 1) * 90 * DAY), updated_at: iso(now - DAY) }));
    const cards = [];
    const reviews = [];
    for (let c = 0; c < 4000; c++) {
      const next = now + ((c % 40) - 8) * DAY;
      cards.push({ id: `bench-card-${c}`, deck_id: `bench-deck-${c % 10}`, front: `Question ${c}`, back: `Answer ${c}`, next_review: iso(next), interval: 10, ease_factor: 2.5, review_count: 5, last_review: iso(next - 10 * DAY), created_at: iso(now - DAYS * DAY + c * 60_000) });
      for (let r = 0; r < 5; r++) reviews.push({ id: `bench-rev-${c}-${r}`, card_id: `bench-card-${c}`, rating: 'good', reviewed_at: iso(next - (5 - r) * 10 * DAY), interval: 10, ease_factor: 2.5, next_review: iso(next - (4 - r) * 10 * DAY) });
    }
    // Calendar: 3,000 single events over 3 years (and the next weeks) plus 12 recurring series.
    const calendar = [];
    for (let i = 0; i < 3000; i++) {
      const at = now + 14 * DAY - Math.floor((i / 3000) * (DAYS + 14) * DAY);
      calendar.push({ id: `bench-cal-${i}`, title: `Event ${i}`, description: null, event_type: 'task', start_time: iso(at), end_time: iso(at + 3_600_000), all_day: false, completed: at < now, created_at: iso(at - DAY), updated_at: iso(at - DAY) });
    }
    for (let r = 0; r < 12; r++)
      calendar.push({ id: `bench-series-${r}`, title: `Series ${r}`, event_type: 'task', start_time: iso(now - (DAYS - r) * DAY), end_time: iso(now - (DAYS - r) * DAY + 1_800_000), all_day: false, recurrence: pick(['FREQ=DAILY', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=WEEKLY;BYDAY=TU'], r), exdates: [], completed_dates: [], completed: false, created_at: iso(now - DAYS * DAY), updated_at: iso(now - DAYS * DAY) });
    const rewards = Array.from({ length: 20 }, (_, r) => ({ id: `bench-reward-${r}`, name: `Reward ${r}`, description: null, cost: 50 + r * 10, kind: 'treat', is_global: false, is_active: true, created_at: iso(now - DAYS * DAY) }));
    const purchases = Array.from({ length: 600 }, (_, p) => ({ id: `bench-purchase-${p}`, reward_id: `bench-reward-${p % 20}`, cost: 50 + (p % 20) * 10, redeemed: p > 5, redeemed_at: p > 5 ? iso(now - p * DAY * 1.8 + 3_600_000) : null, purchased_at: iso(now - p * DAY * 1.8) }));
    const goals = Array.from({ length: 30 }, (_, g) => ({ id: `bench-goal-${g}`, title: `Goal ${g}`, description: null, target_date: date(now + (g - 10) * 30 * DAY), skill_id: 'guts', status: g < 10 ? 'active' : 'completed', progress: 50, progress_manual: false, created_at: iso(now - (30 - g) * 30 * DAY), updated_at: iso(now - DAY) }));
    const milestones = goals.flatMap((g, gi) => Array.from({ length: 6 }, (_, m) => ({ id: `bench-ms-${gi}-${m}`, goal_id: g.id, title: `Step ${m}`, target_date: null, completed: m < 3, completed_at: m < 3 ? iso(now - DAY) : null, order_index: m })));
    const quests = Array.from({ length: 12 }, (_, q) => ({ id: `bench-quest-${q}`, title: `Quest ${q}`, description: null, type: pick(['daily', 'weekly', 'one_time'], q), event_type: pick(['habit_complete', 'focus_complete', 'workout_complete'], q), target: 3, xp_reward: 20, coin_reward: 10, skill_id: null, is_universal: false, is_active: q < 10, created_at: iso(now - DAYS * DAY), updated_at: iso(now - DAYS * DAY) }));

    // Activity: ≈ 30 events a day for 3 years, shaped after the rows above.
    const types = [
      ['habit_complete', 10, 5, 'proficiency', 10],
      ['focus_complete', 25, 10, 'knowledge', 4],
      ['review_complete', 20, 6, 'knowledge', 5],
      ['reading_session', 4, 2, 'knowledge', 3],
      ['journal_entry', 10, 5, 'charm', 2],
      ['planner_complete', 15, 5, 'proficiency', 4],
      ['workout_complete', 40, 20, 'guts', 1],
      ['reward_purchase', 0, 0, null, 1],
    ] as const;
    const events = [];
    let xp = 0;
    let coins = 0;
    let n = 0;
    for (let d = 0; d < DAYS; d++) {
      const day = now - d * DAY;
      for (const [type, x, c, skill, perDay] of types)
        for (let k = 0; k < perDay; k++) {
          const at = day - k * 1_700_000 - (n % 13) * 60_000;
          const meta: Record<string, unknown> = type === 'habit_complete' ? { habit_id: `bench-habit-${k}`, log_date: date(at), count: 1 } : type === 'review_complete' ? { cards: 12 } : { n };
          const entity = type === 'workout_complete' ? `bench-ws-${Math.max(0, 399 - Math.floor(d / 2.7))}` : type === 'reward_purchase' ? `bench-purchase-${d % 600}` : `bench-entity-${n}`;
          const cost = type === 'reward_purchase' ? -(50 + (d % 20) * 10) : c;
          xp += x;
          coins += cost;
          events.push({ id: `bench-ev-${n++}`, event_type: type, entity_id: entity, skill_id: skill, metadata: meta, created_at: iso(at), local_date: date(at), xp_earned: x, coins_earned: cost, sync_status: 'accepted' });
        }
    }
    const today = date(now);
    await db.workout_sessions.bulkPut(sessions);
    await db.workout_sets.bulkPut(sets);
    await db.personal_records.bulkPut(records);
    await db.workouts.put({ id: 'bench-workout', name: 'Bench Day', description: null, estimated_duration: 60 });
    await db.workout_sections.put({ id: 'bench-section', workout_id: 'bench-workout', name: 'Main', section_type: 'main', order_index: 0 });
    await db.workout_exercises.bulkPut(EX.map((e, i) => ({ id: `bench-item-${i}`, section_id: 'bench-section', exercise_id: e, sets: 5, reps: '5', weight: 60, rest_seconds: 90, order_index: i })));
    await db.habits.bulkPut(habits);
    await db.habit_logs.bulkPut(habitLogs);
    await db.focus_sessions.bulkPut(focus);
    await db.journal_entries.bulkPut(journal);
    await db.books.bulkPut(books);
    await db.reading_sessions.bulkPut(reading);
    await db.flashcard_decks.bulkPut(decks);
    await db.flashcards.bulkPut(cards);
    await db.flashcard_reviews.bulkPut(reviews);
    await db.calendar_events.bulkPut(calendar);
    await db.rewards.bulkPut(rewards);
    await db.reward_purchases.bulkPut(purchases);
    await db.goals.bulkPut(goals);
    await db.goal_milestones.bulkPut(milestones);
    await db.quests.bulkPut(quests);
    await db.activity_events.bulkPut(events);
    await db.user_progress.put({ id: 'up_bench', user_id: 'bench', total_xp: xp, level: 1, coins: Math.max(0, coins), knowledge_xp: xp / 2, guts_xp: xp / 8, proficiency_xp: xp / 4, kindness_xp: 0, charm_xp: xp / 8 });
    await db.user_streaks.put({ id: 'st_bench_daily', user_id: 'bench', streak_type: 'daily', current_streak: DAYS, best_streak: DAYS, shields: 2, last_active_date: today, history: [{ start: date(now - (DAYS - 1) * DAY), end: today, length: DAYS }] });
    return { events: events.length, sets: sets.length, habitLogs: habitLogs.length, cards: cards.length, reviews: reviews.length, calendar: calendar.length };
  });
}

/**
 * Every main screen with a heavy multi-year history on one device (≈ 3 years: 33k activity events,
 * 400 workouts × 20 sets, 10 habits logged daily, 1,000 focus sessions, 1,000 journal entries, books
 * with reading sessions, decks with thousands of cards and reviews, calendar events with recurring
 * series, market purchases) in Chromium's IndexedDB: for each screen, the time from the app shell
 * appearing to that screen's first data-bearing content, over several loads of its route (median).
 */
export async function benchScreens(): Promise<BenchResult[]> {
  const server = await startTestServer();
  const device = await newDevice();
  try {
    const { page } = device;
    await openApp(page, server.url);
    const seeded = await seedHeavyHistory(page);
    console.log(`screens: seeded ${Object.entries(seeded).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    // Times from the page itself: when the shell appears and when the screen's content does.
    await page.addInitScript((screens) => {
      const w = window as any;
      const screen = screens.find((s) => s.path === location.pathname);
      w.__screenTimes = {};
      if (!screen) return;
      new MutationObserver(() => {
        const t = w.__screenTimes;
        if (t.shell == null && document.querySelector('.shell')) t.shell = performance.now();
        if (t.content == null && document.querySelector(screen.sel)) t.content = performance.now();
      }).observe(document, { childList: true, subtree: true });
    }, SCREENS as unknown as Array<{ path: string; sel: string }>);
    const results: BenchResult[] = [];
    // BENCH_SCREENS=habits,planner measures just those (when working on them).
    const only = process.env.BENCH_SCREENS?.split(',');
    for (const s of SCREENS.filter((x) => !only || only.includes(x.name))) {
      const samples: number[] = [];
      try {
        for (let i = 0; i < RUNS; i++) {
          await page.goto(`${server.url}${s.path}`);
          await page.waitForFunction(() => (window as any).__screenTimes?.content != null, null, { timeout: 30_000 });
          const t = await page.evaluate(() => (window as any).__screenTimes as { shell: number; content: number });
          if (i > 0) samples.push(t.content - t.shell); // the first load warms the caches
        }
      } catch (e) {
        console.error(`  ${s.name}: no content within 30 s (${(e as Error).message.split('\n')[0]})`);
        continue;
      }
      const ms = percentile(samples, 50);
      console.log(`  ${s.name.padEnd(18)} ${s.path.padEnd(44)} ${samples.map((x) => x.toFixed(0)).join(', ')} ms → ${ms.toFixed(0)} ms`);
      results.push({ name: `screen_${s.name}_ms`, value: ms, unit: 'ms' });
    }
    return results;
  } finally {
    await device.close();
    await server.stop();
  }
}

// Run alone: `node --import tsx bench/screens.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchScreens()) console.log(`${r.name.padEnd(30)} ${r.value.toFixed(1)} ${r.unit}`);
  process.exit(0);
}
