import { Link, Route, Switch, useLocation } from 'wouter';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { useSession } from '../../sync/session.ts';
import { AdminUsers } from './admin-users.tsx';
import { AdminFeedback } from './admin-feedback.tsx';
import { AdminStats } from './admin-stats.tsx';
import { AdminBackup } from './admin-backup.tsx';
import { AdminAudit } from './admin-audit.tsx';
import { ContentManager } from './content-editor.tsx';
import { EXERCISES, LearnContent, QUESTS, RECIPES, REWARDS, SKILL_DEFS } from './content-kinds.tsx';
import './admin.css';

const TABS = [
  { href: '/', label: 'Users' },
  { href: '/quests', label: 'Quests' },
  { href: '/feedback', label: 'Feedback' },
  { href: '/skills', label: 'Skills' },
  { href: '/rewards', label: 'Rewards' },
  { href: '/exercises', label: 'Exercises' },
  { href: '/learn', label: 'Courses' },
  { href: '/recipes', label: 'Recipes' },
  { href: '/stats', label: 'Stats' },
  { href: '/backup', label: 'Backup' },
  { href: '/audit', label: 'Audit log' },
];

export default function AdminPage() {
  const session = useSession();
  const [location] = useLocation();
  if (session === undefined) return <p className="page-loading">Loading…</p>;
  if (session?.user?.role !== 'admin')
    return (
      <section className="page">
        <PageHeader title="Admin" />
        <EmptyState icon="🛡️" title="Admins only">
          This area is for the people who run this Ignition server.
        </EmptyState>
      </section>
    );
  const active = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <section className="page admin-page">
      <PageHeader title="Admin" subtitle="Changes to shared content reach every device on its next sync. Every change is in the audit log." />
      <nav className="tabs" aria-label="Admin">
        {TABS.map((t) => (
          <Link key={t.href} href={t.href} className={active(t.href) ? 'active' : ''} aria-current={active(t.href) ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {!navigator.onLine && <p className="notice info">You are offline — admin work needs a connection.</p>}
      <Switch>
        <Route path="/" component={AdminUsers} />
        <Route path="/quests">{() => <ContentManager def={QUESTS} />}</Route>
        <Route path="/feedback" component={AdminFeedback} />
        <Route path="/skills">{() => <ContentManager def={SKILL_DEFS} />}</Route>
        <Route path="/rewards">{() => <ContentManager def={REWARDS} />}</Route>
        <Route path="/exercises">{() => <ContentManager def={EXERCISES} />}</Route>
        <Route path="/learn" component={LearnContent} />
        <Route path="/recipes">{() => <ContentManager def={RECIPES} />}</Route>
        <Route path="/stats" component={AdminStats} />
        <Route path="/backup" component={AdminBackup} />
        <Route path="/audit" component={AdminAudit} />
      </Switch>
    </section>
  );
}
