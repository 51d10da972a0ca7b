import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIgnitionDb, type IgnitionDb } from '../../db/db.ts';
import { newId } from '../../sync/outbox.ts';
import { SyncClient, type FetchLike } from '../../sync/sync-client.ts';
import { STARTER_RECIPES } from '@ignition/shared/starter-recipes.ts';
import { timerState } from '@ignition/shared/rules/recipes.ts';
import { createTestApp, type TestApp } from '../../../../sync-server/test/test-app.ts';
import {
  copyRecipe,
  deleteRecipe,
  ensureStarterRecipes,
  filterRecipes,
  finishRun,
  moveStep,
  openRun,
  recipeViews,
  saveRecipe,
  setMark,
  startStepTimer,
  takeFinishedTimers,
  toggleStepTimer,
  type RecipeDraft,
} from './recipes-data.ts';
import { formatTimer, parseTimer, stepsToText, textToSteps } from './recipe-format.ts';

const draft = (over: Partial<RecipeDraft> = {}): RecipeDraft => ({
  title: 'Tea',
  description: null,
  category: 'cooking',
  tags: ['drink'],
  servings: 2,
  duration_minutes: 5,
  ingredients: '500 ml water',
  steps: [{ text: 'Boil' }, { text: 'Steep', timer_s: 180 }, { text: '  ' }],
  ...over,
});

describe('recipes on a device', () => {
  let server: TestApp;
  let cookie: string;
  beforeAll(async () => {
    server = await createTestApp();
    cookie = await server.signIn('recipes-device@example.com');
  });
  afterAll(() => server.close());

  function device(): { db: IgnitionDb; sync: SyncClient } {
    const db = openIgnitionDb(`recipes-${newId()}`);
    const f: FetchLike = async (input, init) =>
      server.app.request(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, origin: 'http://127.0.0.1:8787' } });
    return { db, sync: new SyncClient(db, f) };
  }
  const views = async (db: IgnitionDb) => recipeViews(await db.recipes.toArray(), await db.recipe_marks.toArray());

  it('has the starter recipes offline once, global, with the server’s ids', async () => {
    const { db } = device();
    await ensureStarterRecipes(db);
    await ensureStarterRecipes(db);
    const list = await views(db);
    expect(list.map((r) => r.id).sort()).toEqual(STARTER_RECIPES.map((r) => r.id).sort());
    expect(list.every((r) => r.global && r.steps.length > 0)).toBe(true);
    expect(await db.outbox_changes.count()).toBe(0);
  });

  it('saves a personal recipe (blank steps dropped), filters, marks, copies and deletes', async () => {
    const { db } = device();
    await ensureStarterRecipes(db);
    const id = await saveRecipe(draft(), undefined, db);
    let list = await views(db);
    const mine = list.find((r) => r.id === id)!;
    expect(mine).toMatchObject({ global: false, steps: [{ text: 'Boil', timer_s: null }, { text: 'Steep', timer_s: 180 }], tags: ['drink'] });
    expect(filterRecipes(list, { category: 'fitness' }).map((r) => r.id)).toEqual(['recipe-workout-warmup']);
    expect(filterRecipes(list, { tag: 'drink' }).map((r) => r.id)).toEqual([id]);
    expect(filterRecipes(list, { show: 'mine' }).map((r) => r.id)).toEqual([id]);
    expect(filterRecipes(list, { q: 'PANCAKE' }).map((r) => r.id)).toEqual(['recipe-weeknight-pancakes']);

    const warmup = list.find((r) => r.id === 'recipe-workout-warmup')!;
    await setMark(warmup, 'favorite', true, db);
    list = await views(db);
    expect(list[0]).toMatchObject({ id: 'recipe-workout-warmup', favorite: true, saved: false });
    await setMark(list[0], 'saved', true, db);
    expect(await db.recipe_marks.count()).toBe(1);
    expect(filterRecipes(await views(db), { show: 'saved' }).map((r) => r.id)).toEqual(['recipe-workout-warmup']);

    const copy = await copyRecipe(warmup, db);
    expect((await views(db)).find((r) => r.id === copy)).toMatchObject({ global: false, title: 'Ten-minute workout warm-up (my copy)', steps: warmup.steps });

    await deleteRecipe((await views(db)).find((r) => r.id === id)!, db);
    expect(await db.recipes.get(id)).toBeUndefined();
  });

  it('moves steps up and down', () => {
    const s = [{ text: 'a' }, { text: 'b' }, { text: 'c' }];
    expect(moveStep(s, 1, -1).map((x) => x.text)).toEqual(['b', 'a', 'c']);
    expect(moveStep(s, 2, 1)).toBe(s);
  });

  it('keeps a run’s step timer in IndexedDB as timestamps: a reopened database (a reload) reads the same time left', async () => {
    const name = `recipes-run-${newId()}`;
    const t0 = Date.parse('2026-12-07T10:00:00.000Z');
    let db = openIgnitionDb(name);
    await openRun('recipe-weeknight-pancakes', 4, db, t0);
    await startStepTimer('recipe-weeknight-pancakes', 2, 300, db, t0 + 1000);
    db.close();
    db = openIgnitionDb(name);
    const run = (await db.recipe_runs.get('recipe-weeknight-pancakes'))!;
    expect(run.servings).toBe(4);
    expect(timerState(run.timers[2], t0 + 61_000).remainingMs).toBe(240_000);
    // pause at 61 s, resume at 121 s: a minute paused does not count
    await toggleStepTimer('recipe-weeknight-pancakes', 2, db, t0 + 61_000);
    await toggleStepTimer('recipe-weeknight-pancakes', 2, db, t0 + 121_000);
    const after = (await db.recipe_runs.get('recipe-weeknight-pancakes'))!;
    expect(timerState(after.timers[2], t0 + 121_000).remainingMs).toBe(240_000);
    // it rings once, even across reloads
    expect(await takeFinishedTimers('recipe-weeknight-pancakes', db, t0 + 200_000)).toEqual([]);
    expect(await takeFinishedTimers('recipe-weeknight-pancakes', db, t0 + 400_000)).toEqual([2]);
    expect(await takeFinishedTimers('recipe-weeknight-pancakes', db, t0 + 500_000)).toEqual([]);
    db.close();
  });

  it('finishing a run records recipe_complete with the rule’s guess, clears the run, and the server confirms it', async () => {
    const { db, sync } = device();
    await ensureStarterRecipes(db);
    const focus = (await views(db)).find((r) => r.id === 'recipe-focus-ritual')!;
    await openRun(focus.id, null, db);
    expect(await finishRun(focus, db)).toEqual({ xp: 10, coins: 4 });
    expect(await db.recipe_runs.get(focus.id)).toBeUndefined();
    const [ev] = await db.activity_events.where('event_type').equals('recipe_complete').toArray();
    expect(ev).toMatchObject({ entity_id: focus.id, xp_earned: 10, sync_status: 'pending' });
    // and a personal recipe made offline syncs with its run
    const mineId = await saveRecipe(draft(), undefined, db);
    const mine = (await views(db)).find((r) => r.id === mineId)!;
    await finishRun(mine, db);
    await sync.syncOnce();
    const events = await db.activity_events.where('event_type').equals('recipe_complete').toArray();
    expect(events.map((e) => e.sync_status)).toEqual(['accepted', 'accepted']);
    expect(events.map((e) => e.xp_earned)).toEqual([10, 10]);
    const other = device();
    await other.sync.syncOnce();
    expect((await other.db.recipes.get(mineId))?.title).toBe('Tea');
    expect((await views(other.db)).find((r) => r.id === mineId)?.global).toBe(false);
  });

  it('guesses nothing past the daily cap', async () => {
    const { db } = device();
    await ensureStarterRecipes(db);
    const r = (await views(db)).find((x) => x.id === 'recipe-weekly-review')!;
    const paid = [];
    for (let i = 0; i < 4; i++) paid.push((await finishRun(r, db)).xp);
    expect(paid).toEqual([10, 10, 10, 0]);
  });
});

describe('timer and step text in forms', () => {
  it.each<[string, number | null | undefined]>([
    ['5', 300],
    ['5 min', 300],
    ['1.5', 90],
    ['90s', 90],
    ['1:30', 90],
    ['1:00:00', 3600],
    ['2h', 7200],
    ['', null],
    ['0', undefined],
    ['25h', undefined],
    ['soon', undefined],
  ])('%s → %s', (text, want) => {
    expect(parseTimer(text)).toBe(want);
  });

  it('round-trips steps through the admin text form', () => {
    const steps = [
      { text: 'Boil **water**', timer_s: 300 },
      { text: 'Line one\nline two', timer_s: null },
      { text: 'Steep', timer_s: 90 },
    ];
    expect(stepsToText(steps)).toBe('Boil **water**\ntimer: 5 min\n---\nLine one\nline two\n---\nSteep\ntimer: 1:30');
    expect(textToSteps(stepsToText(steps))).toEqual(steps);
    expect(formatTimer(3725)).toBe('1:02:05');
  });
});
