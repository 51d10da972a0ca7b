import { createElement, useEffect, useReducer, type ComponentType } from 'react';

/**
 * A screen in its own lazily loaded chunk. Unlike React.lazy under <Suspense>, a screen whose
 * chunk arrives is shown at once: React holds back a Suspense boundary's content for up to
 * 300 ms after its fallback appeared, which on app start delayed Today by that much.
 * `preload()` starts the download early (main.tsx does it for the screen being opened).
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  let failed: unknown;
  let pending: Promise<void> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (m) => void (loaded = m.default),
      (e) => {
        failed = e;
        pending = undefined; // a later visit may retry (e.g. back online)
      },
    ));
  function LazyPage(props: P) {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    // Whether this render showed the placeholder: the chunk may arrive between the render and its
    // effect (Preact runs effects after the next frame), and then the placeholder must still go.
    const waiting = !loaded;
    useEffect(() => {
      if (waiting) void preload().then(rerender);
    }, [waiting]);
    if (loaded) return createElement(loaded, props);
    if (failed) {
      const e = failed;
      failed = undefined;
      throw e;
    }
    return createElement('div', { className: 'page-loading', 'aria-busy': true }, 'Loading…');
  }
  return Object.assign(LazyPage, { preload });
}

const PublicPage = lazyPage(() => import('../features/public/public-page.tsx'));
export const TodayRoute = lazyPage(() => import('../features/today/today-page.tsx'));

/** Each area is its own lazily loaded chunk so the first paint stays small. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wouter's Route takes a component of any props
export const ROUTES: Array<{ path: string; component: ComponentType<any>; nest?: boolean }> = [
  { path: '/', component: TodayRoute },
  { path: '/focus', component: lazyPage(() => import('../features/focus/focus-page.tsx')) },
  { path: '/planner', component: lazyPage(() => import('../features/planner/planner-page.tsx')) },
  { path: '/quests', component: lazyPage(() => import('../features/quests/quests-page.tsx')) },
  { path: '/habits', component: lazyPage(() => import('../features/habits/habits-page.tsx')) },
  { path: '/goals', component: lazyPage(() => import('../features/goals/goals-page.tsx')) },
  { path: '/tasks', component: lazyPage(() => import('../features/tasks/tasks-page.tsx')) },
  { path: '/exercise', component: lazyPage(() => import('../features/exercise/exercise-page.tsx')), nest: true },
  { path: '/learn', component: lazyPage(() => import('../features/learn/learn-page.tsx')), nest: true },
  { path: '/books', component: lazyPage(() => import('../features/books/books-page.tsx')), nest: true },
  { path: '/recipes', component: lazyPage(() => import('../features/recipes/recipes-page.tsx')), nest: true },
  { path: '/tracks', component: lazyPage(() => import('../features/tracks/tracks-page.tsx')) },
  { path: '/infobase', component: lazyPage(() => import('../features/infobase/infobase-page.tsx')), nest: true },
  { path: '/market', component: lazyPage(() => import('../features/market/market-page.tsx')) },
  { path: '/progress', component: lazyPage(() => import('../features/progress/progress-page.tsx')) },
  { path: '/settings', component: lazyPage(() => import('../features/settings/settings-page.tsx')) },
  { path: '/welcome', component: PublicPage },
  { path: '/about', component: PublicPage },
  { path: '/privacy', component: PublicPage },
  { path: '/terms', component: PublicPage },
  { path: '/contact', component: PublicPage },
  { path: '/help', component: PublicPage },
  { path: '/feedback', component: lazyPage(() => import('../features/feedback/feedback-page.tsx')) },
  { path: '/admin', component: lazyPage(() => import('../features/admin/admin-page.tsx')), nest: true },
];
