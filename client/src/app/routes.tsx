import { lazy } from 'react';

const PublicPage = lazy(() => import('../features/public/public-page.tsx'));

/** Each area is its own lazily loaded chunk so the first paint stays small. */
export const ROUTES = [
  { path: '/', component: lazy(() => import('../features/today/today-page.tsx')) },
  { path: '/focus', component: lazy(() => import('../features/focus/focus-page.tsx')) },
  { path: '/planner', component: lazy(() => import('../features/planner/planner-page.tsx')) },
  { path: '/quests', component: lazy(() => import('../features/quests/quests-page.tsx')) },
  { path: '/habits', component: lazy(() => import('../features/habits/habits-page.tsx')) },
  { path: '/goals', component: lazy(() => import('../features/goals/goals-page.tsx')) },
  { path: '/exercise', component: lazy(() => import('../features/exercise/exercise-page.tsx')), nest: true },
  { path: '/learn', component: lazy(() => import('../features/learn/learn-page.tsx')), nest: true },
  { path: '/books', component: lazy(() => import('../features/books/books-page.tsx')), nest: true },
  { path: '/market', component: lazy(() => import('../features/market/market-page.tsx')) },
  { path: '/progress', component: lazy(() => import('../features/progress/progress-page.tsx')) },
  { path: '/settings', component: lazy(() => import('../features/settings/settings-page.tsx')) },
  { path: '/welcome', component: PublicPage },
  { path: '/about', component: PublicPage },
  { path: '/privacy', component: PublicPage },
  { path: '/terms', component: PublicPage },
  { path: '/contact', component: PublicPage },
  { path: '/help', component: PublicPage },
  { path: '/feedback', component: lazy(() => import('../features/feedback/feedback-page.tsx')) },
  { path: '/admin', component: lazy(() => import('../features/admin/admin-page.tsx')), nest: true },
];
