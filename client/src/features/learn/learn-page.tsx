import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { EmptyState } from '../../ui/empty-state.tsx';
import { CoursePage, CoursesPage, LessonPage } from './courses.tsx';
import { DeckPage, DecksPage } from './decks.tsx';
import { countDue, ensureStarterCourses } from './learn-data.ts';
import { ReviewPage } from './review.tsx';
import './learn.css';

const JournalPage = lazy(() => import('./journal/journal-page.tsx'));

const TABS = [
  { href: '/', label: 'Courses', match: (p: string) => p === '/' || p.startsWith('/courses') },
  { href: '/decks', label: 'Flashcards', match: (p: string) => p.startsWith('/decks') || p.startsWith('/review') },
  { href: '/journal', label: 'Journal', match: (p: string) => p.startsWith('/journal') },
];

/** Learn: courses and lessons, flashcard decks with reviews, and the journal (its own module), under `/learn`. */
export default function LearnPage() {
  const [location] = useLocation();
  // Counted on the index: this badge sits on every Learn screen and re-runs on each card write.
  const due = useLiveQuery(() => countDue(new Date()), []);
  useEffect(() => {
    void ensureStarterCourses().catch(() => undefined);
  }, []);
  return (
    <section className="page learn">
      <nav className="tabs" aria-label="Learn">
        {TABS.map((t) => {
          const active = t.match(location);
          return (
            <Link key={t.href} href={t.href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
              {t.label}
              {t.href === '/decks' && !!due && (
                <span className="badge learn-due-badge" aria-label={`${due} cards due`}>
                  {due}
                </span>
              )}
            </Link>
          );
        })}
      </nav>
      <Switch>
        <Route path="/" component={CoursesPage} />
        <Route path="/courses/:courseId" component={CoursePage} />
        <Route path="/courses/:courseId/lessons/:lessonId" component={LessonPage} />
        <Route path="/decks" component={DecksPage} />
        <Route path="/decks/:deckId" component={DeckPage} />
        <Route path="/decks/:deckId/review" component={ReviewPage} />
        <Route path="/review" component={ReviewPage} />
        <Route path="/journal">
          <Suspense fallback={<div className="page-loading">Loading…</div>}>
            <JournalPage />
          </Suspense>
        </Route>
        <Route>
          <EmptyState icon="🧭" title="Nothing here" action={<Link href="/">Back to Learn</Link>}>
            This Learn page does not exist.
          </EmptyState>
        </Route>
      </Switch>
    </section>
  );
}
