import { Suspense } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { Compass, Menu } from 'lucide-react';
import { NAV_ITEMS } from './nav.ts';
import { ROUTES } from './routes.tsx';
import { SyncStatus } from '../sync/sync-status.tsx';
import { UpdatePrompt } from './update-prompt.tsx';
import { Notices } from '../ui/notices.tsx';
import { useSession } from '../sync/session.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { EconomyChip } from '../ui/economy-chip.tsx';
import { AccountNotices } from '../features/account/account-notices.tsx';
import { SearchTrigger } from '../features/search/index.ts';

function NavLinks({ primaryOnly }: { primaryOnly?: boolean }) {
  const [location] = useLocation();
  const session = useSession();
  const items = NAV_ITEMS.filter((i) => (!primaryOnly || i.primary) && (!i.adminOnly || session?.user?.role === 'admin'));
  return (
    <>
      {items.map((item) => {
        const active = item.path === '/' ? location === '/' : location.startsWith(item.path);
        return (
          <Link key={item.path} href={item.path} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
            <item.icon className="nav-link__icon" aria-hidden size={20} />
            <span className="nav-link__label">{item.label}</span>
          </Link>
        );
      })}
      {primaryOnly && (
        <Link href="/more" className={location === '/more' ? 'nav-link active' : 'nav-link'}>
          <Menu className="nav-link__icon" aria-hidden size={20} />
          <span className="nav-link__label">More</span>
        </Link>
      )}
    </>
  );
}

function MorePage() {
  return (
    <section className="page">
      <h1>All areas</h1>
      <nav className="more-grid" aria-label="All areas">
        <NavLinks />
      </nav>
    </section>
  );
}

export function App() {
  return (
    <div className="shell">
      <aside className="side-nav" aria-label="Main">
        <div className="brand">
          <img src="/icons/icon.svg" alt="" width={28} height={28} /> Ignition
        </div>
        <nav>
          <NavLinks />
        </nav>
      </aside>
      <div className="main-column">
        <header className="top-bar">
          <span className="brand brand--compact">
            <img src="/icons/icon.svg" alt="" width={24} height={24} /> Ignition
          </span>
          <EconomyChip />
          <SearchTrigger />
          <SyncStatus />
        </header>
        <AccountNotices />
        <main id="main">
          <Suspense fallback={<div className="page-loading" aria-busy="true">Loading…</div>}>
            <Switch>
              {ROUTES.map(({ path, component, nest }) => (
                <Route key={path} path={path} component={component} nest={nest} />
              ))}
              <Route path="/more" component={MorePage} />
              <Route>
                <EmptyState icon={<Compass aria-hidden size={40} />} title="This page does not exist" action={<Link href="/">Back to Today</Link>} />
              </Route>
            </Switch>
          </Suspense>
        </main>
      </div>
      <nav className="bottom-nav" aria-label="Main">
        <NavLinks primaryOnly />
      </nav>
      <UpdatePrompt />
      <Notices />
    </div>
  );
}
