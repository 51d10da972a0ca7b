import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { formatClock, scaleIngredients, timerState } from '@ignition/shared/rules/recipes.ts';
import { db } from '../../db/db.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { notify } from '../../ui/notices.tsx';
import { shareStepTimers } from './timer-push.ts';
import { abandonRun, finishRun, openRun, setRunServings, setRunStep, startStepTimer, takeFinishedTimers, toggleStepTimer, type RecipeView } from './recipes-data.ts';
import { formatTimer } from './recipe-format.ts';
import { announceTimers, followView } from './recipe-alerts.ts';

/** Keeps the screen on while follow mode is open, where the browser allows it (taken again when the tab comes back). */
function useWakeLock(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const wl = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void>; addEventListener(t: 'release', f: () => void): void }> } }).wakeLock;
    if (!wl) return;
    let sentinel: { release(): Promise<void> } | undefined;
    let gone = false;
    const take = async () => {
      if (gone || document.visibilityState !== 'visible') return;
      try {
        const s = await wl.request('screen');
        if (gone) return void s.release();
        sentinel = s;
        setHeld(true);
        s.addEventListener('release', () => setHeld(false));
      } catch {
        setHeld(false);
      }
    };
    void take();
    const onVisible = () => void take();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      gone = true;
      document.removeEventListener('visibilitychange', onVisible);
      void sentinel?.release().catch(() => undefined);
    };
  }, []);
  return held;
}

/**
 * Follow mode: one step at a time in large text, step timers from timestamps kept in IndexedDB
 * (a reload, a closed tab or a locked phone loses nothing; a timer that ran out meanwhile rings
 * once when the app is next open), the screen kept awake, keys on a desktop: → / ← for the next
 * and previous step, space to start or pause the step's timer, Escape to leave.
 */
export function FollowMode({ recipe }: { recipe: RecipeView }) {
  const [, navigate] = useLocation();
  const run = useLiveQuery(() => db.recipe_runs.get(recipe.id), [recipe.id]);
  const [now, setNow] = useState(() => Date.now());
  const [showIngredients, setShowIngredients] = useState(false);
  const awake = useWakeLock();
  // While follow mode is on screen it announces its own timers; elsewhere timer-watch.ts does.
  useEffect(() => {
    followView.open = recipe.id;
    return () => {
      if (followView.open === recipe.id) followView.open = null;
    };
  }, [recipe.id]);
  const total = recipe.steps.length;

  // A finished or stopped run is gone: it must not be opened again on the way out.
  const leaving = useRef(false);
  useEffect(() => {
    if (run === undefined && !leaving.current) void openRun(recipe.id, recipe.servings);
  }, [run, recipe.id, recipe.servings]);

  // The clock: what is left is always computed from the stored timestamps.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    const onVisible = () => setNow(Date.now());
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const anyRunning = !!run && Object.values(run.timers).some((t) => !t.alerted);
  useEffect(() => {
    if (!anyRunning) return;
    void takeFinishedTimers(recipe.id, db, now).then((steps) => announceTimers(recipe.title, steps));
  }, [now, anyRunning, recipe.id, recipe.title]);

  const step = Math.min(run?.step ?? 0, Math.max(0, total - 1));
  const current = recipe.steps[step];
  const timer = run?.timers[step];
  const state = timer ? timerState(timer, now) : null;

  // The run is opened first (a no-op when it is): a key pressed before the opening effect ran still counts.
  const go = useCallback(
    (to: number) => void openRun(recipe.id, recipe.servings).then(() => setRunStep(recipe.id, Math.max(0, Math.min(total - 1, to)))),
    [recipe.id, recipe.servings, total],
  );
  const timerAction = useCallback(() => {
    if (!current?.timer_s) return;
    const seconds = current.timer_s;
    const changed = openRun(recipe.id, recipe.servings).then(() => (!timer || (state?.done ?? false) ? startStepTimer(recipe.id, step, seconds) : toggleStepTimer(recipe.id, step)));
    void changed.then(() => shareStepTimers(recipe.id));
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  }, [current?.timer_s, timer, state?.done, recipe.id, recipe.servings, step]);
  const finish = useCallback(async () => {
    leaving.current = true;
    const { xp, coins } = await finishRun(recipe);
    void shareStepTimers(recipe.id);
    notify(xp ? `Finished “${recipe.title}” · +${xp} XP, +${coins} coins` : `Finished “${recipe.title}”`, 'success');
    navigate(`/${recipe.id}`);
  }, [recipe, navigate]);

  const stop = async () => {
    leaving.current = true;
    await abandonRun(recipe.id);
    void shareStepTimers(recipe.id);
    notify('Run stopped');
    navigate(`/${recipe.id}`);
  };

  // A layout effect: the keys follow the step shown at once (Preact runs plain effects a frame
  // later, and a key pressed in between would act on the step before).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'ArrowRight') {
        e.preventDefault();
        go(step + 1);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        go(step - 1);
      } else if (e.key === ' ' && (el?.tagName !== 'BUTTON' || el.dataset.timer !== undefined)) {
        e.preventDefault();
        timerAction();
      } else if (e.key === 'Escape') navigate(`/${recipe.id}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, step, timerAction, navigate, recipe.id]);

  if (total === 0)
    return (
      <p className="muted">
        This recipe has no steps yet. <Link href={`/${recipe.id}`}>Back</Link>
      </p>
    );
  if (!run) return <p className="page-loading">Loading…</p>;
  const servings = run.servings ?? recipe.servings;

  return (
    <article className="recipe-follow stack" aria-label={`Following ${recipe.title}`}>
      <header className="row recipe-follow__head">
        <Link href={`/${recipe.id}`} className="btn btn-small" aria-label="Leave follow mode">
          ✕
        </Link>
        <h1 className="recipe-follow__title">{recipe.title}</h1>
        <span className="muted small" aria-live="polite">
          Step {step + 1} of {total}
        </span>
        {awake && (
          <span className="badge" title="The screen stays on while you follow this recipe">
            screen on
          </span>
        )}
      </header>
      <progress className="recipe-follow__progress" max={total} value={step + 1} aria-label={`Step ${step + 1} of ${total}`} />
      {recipe.ingredients && (
        <div className="stack">
          <button type="button" className="btn btn-small" aria-expanded={showIngredients} onClick={() => setShowIngredients(!showIngredients)}>
            {showIngredients ? 'Hide' : 'Show'} what you need
          </button>
          {showIngredients && (
            <div className="card stack">
              {recipe.servings ? (
                <label className="check">
                  Servings
                  <input type="number" min={1} max={1000} value={servings ?? ''} onChange={(e) => void setRunServings(recipe.id, Math.max(1, Number(e.target.value) || 1))} style={{ width: '5rem' }} />
                </label>
              ) : null}
              <ul className="recipe-ingredients">
                {scaleIngredients(recipe.ingredients, recipe.servings, servings ?? 1)
                  .split('\n')
                  .filter((l) => l.trim())
                  .map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <section className="recipe-follow__step card" aria-label={`Step ${step + 1}`}>
        <Markdown text={current.text} className="recipe-follow__text" />
      </section>
      {current.timer_s ? (
        <section className="recipe-follow__timer card row" aria-label="Step timer">
          <span className={`recipe-follow__clock${state?.done ? ' done' : ''}`} role="timer" aria-live="off" data-testid="step-timer">
            {state ? formatClock(state.remainingMs) : formatClock(current.timer_s * 1000)}
          </span>
          <button type="button" className="btn btn-primary" data-timer onClick={timerAction}>
            {!state ? `Start timer (${formatTimer(current.timer_s)})` : state.done ? 'Restart timer' : state.paused ? 'Resume' : 'Pause'}
          </button>
          {state?.done && <span className="badge badge-ok">Time is up</span>}
        </section>
      ) : null}
      <nav className="row recipe-follow__nav" aria-label="Steps">
        <button type="button" className="btn btn-big" onClick={() => go(step - 1)} disabled={step === 0}>
          ← Back
        </button>
        {step < total - 1 ? (
          <button type="button" className="btn btn-primary btn-big" onClick={() => go(step + 1)}>
            Next →
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-big" onClick={() => void finish()}>
            Finish ✓
          </button>
        )}
      </nav>
      <p className="muted small recipe-follow__keys">
        Keys: → next · ← back · space starts or pauses the timer · Esc leaves.{' '}
        <button type="button" className="btn btn-small" onClick={() => void stop()}>
          Stop this run
        </button>
      </p>
    </article>
  );
}
