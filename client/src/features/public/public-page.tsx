import { Link, useLocation } from 'wouter';
import { useSession } from '../../sync/session.ts';
import { PAGES } from './content.ts';
import { PublicFooter } from './footer.tsx';
import './public.css';

function Landing() {
  const session = useSession();
  return (
    <section className="page public-page">
      <div className="public-hero">
        <h1>Make progress feel like a game</h1>
        <p className="public-lead">
          Ignition rewards the focus sessions, habits, workouts, lessons and pages you finish with XP, levels and coins to spend on rewards you choose. It works offline, on every device.
        </p>
        <div className="row">
          <Link href="/" className="btn btn-primary btn-big">
            Start now — no account needed
          </Link>
          {!session?.user && (
            <Link href="/settings" className="btn btn-big">
              Sign in to sync
            </Link>
          )}
        </div>
      </div>
      <div className="public-grid">
        {[
          ['⏱️', 'Focus', 'A timer that counts only focused minutes and pays XP for each one.'],
          ['🔁', 'Habits & streaks', 'Daily or weekly habits with streak bonuses at 7, 14, 30 days and beyond.'],
          ['🗺️', 'Quests', 'Daily and weekly quests that reward the things you already want to do.'],
          ['🏋️', 'Training', 'Log sets, see personal records, and earn guts.'],
          ['📚', 'Learning', 'Courses and flashcards with spaced repetition.'],
          ['🛒', 'Your market', 'Spend coins on rewards you define — a film, a treat, a day off.'],
        ].map(([icon, title, text]) => (
          <article key={title} className="card">
            <h2>
              <span aria-hidden>{icon}</span> {title}
            </h2>
            <p className="muted">{text}</p>
          </article>
        ))}
      </div>
      <PublicFooter />
    </section>
  );
}

/** Landing, about, privacy, terms, contact and help: readable signed out and offline (precached with the app). */
export default function PublicPage() {
  const [location] = useLocation();
  const session = useSession();
  if (location === '/welcome') return <Landing />;
  const page = PAGES[location];
  if (!page) return null;
  return (
    <section className="page public-page">
      <h1>{page.title}</h1>
      <p className="public-lead">{page.lead}</p>
      {location === '/terms' && <p className="muted small">Current version: {session?.tosVersion ?? '2026-11-01'}</p>}
      {page.sections.map((s) => (
        <section key={s.heading} className="card stack">
          <h2>{s.heading}</h2>
          {location === '/terms' && s.heading === 'In brief' ? (
            <ul>
              {s.body.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            s.body.map((p) => <p key={p}>{p}</p>)
          )}
        </section>
      ))}
      <PublicFooter />
    </section>
  );
}
