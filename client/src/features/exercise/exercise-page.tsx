import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { PageHeader } from '../../ui/empty-state.tsx';
import { ensureExerciseLibrary, useWeightUnit } from './library.ts';
import { LogHome, StartFromLink } from './log-home.tsx';
import './exercise.css';

// The Log tab is what opens first; the other views are chunks of their own, loaded when opened
// (they were three quarters of the screen's script on its first load).
const SessionView = lazy(() => import('./session-view.tsx').then((m) => ({ default: m.SessionView })));
const TemplatesView = lazy(() => import('./templates-view.tsx').then((m) => ({ default: m.TemplatesView })));
const TemplateEditor = lazy(() => import('./template-editor.tsx').then((m) => ({ default: m.TemplateEditor })));
const LibraryView = lazy(() => import('./library-view.tsx').then((m) => ({ default: m.LibraryView })));
const SessionList = lazy(() => import('./history-view.tsx').then((m) => ({ default: m.SessionList })));
const SessionDetail = lazy(() => import('./history-view.tsx').then((m) => ({ default: m.SessionDetail })));
const ExerciseHistory = lazy(() => import('./history-view.tsx').then((m) => ({ default: m.ExerciseHistory })));

/** How long the screen waits after opening before it stores the built-in library. */
const LIBRARY_AFTER_MS = 8000;

const TABS = [
  { href: '/', label: 'Log' },
  { href: '/templates', label: 'Templates' },
  { href: '/library', label: 'Library' },
  { href: '/history', label: 'History' },
];

function UnitToggle() {
  const [unit, setUnit] = useWeightUnit();
  return (
    <div className="unit-toggle" role="group" aria-label="Weight unit">
      {(['kg', 'lb'] as const).map((u) => (
        <button key={u} type="button" className={unit === u ? 'btn btn-small btn-primary' : 'btn btn-small'} aria-pressed={unit === u} onClick={() => void setUnit(u)}>
          {u}
        </button>
      ))}
    </div>
  );
}

export default function ExercisePage() {
  const [location] = useLocation();
  // The library is needed offline for names and search from the first visit, account or not. It is
  // stored once the first load is well over (its chunk's evaluation and its 873 rows were a phone's
  // longest tasks while the screen was still loading) and the browser is idle; the picker and the
  // library tab ask for it at once themselves, and its chunk is precached for offline use.
  useEffect(() => {
    let idle: number | undefined;
    const store = () => void ensureExerciseLibrary().catch(() => undefined);
    const later = setTimeout(() => {
      if ('requestIdleCallback' in window) idle = requestIdleCallback(store, { timeout: 5000 });
      else store();
    }, LIBRARY_AFTER_MS);
    return () => {
      clearTimeout(later);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, []);
  const active = (href: string) => (href === '/' ? location === '/' || location.startsWith('/session') : location.startsWith(href));
  return (
    <section className="page exercise-page">
      <PageHeader title="Exercise" subtitle="Works with no signal: every set is saved on this device first." actions={<UnitToggle />} />
      <nav className="tabs" aria-label="Exercise">
        {TABS.map((t) => (
          <Link key={t.href} href={t.href} className={active(t.href) ? 'active' : ''} aria-current={active(t.href) ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <Suspense fallback={<div className="page-loading" aria-busy="true">Loading…</div>}>
        <Switch>
          <Route path="/" component={LogHome} />
          <Route path="/start/:workoutId">{(p) => <StartFromLink workoutId={p.workoutId} />}</Route>
          <Route path="/session/:id">{(p) => <SessionView sessionId={p.id} />}</Route>
          <Route path="/templates" component={TemplatesView} />
          <Route path="/templates/:id">{(p) => <TemplateEditor workoutId={p.id} />}</Route>
          <Route path="/library" component={LibraryView} />
          <Route path="/history" component={SessionList} />
          <Route path="/history/session/:id">{(p) => <SessionDetail sessionId={p.id} />}</Route>
          <Route path="/history/exercise/:id">{(p) => <ExerciseHistory exerciseId={p.id} />}</Route>
        </Switch>
      </Suspense>
    </section>
  );
}
