import { Link } from 'wouter';

const FOOTER_LINKS = [
  ['/welcome', 'Welcome'],
  ['/about', 'About'],
  ['/help', 'Help'],
  ['/privacy', 'Privacy'],
  ['/terms', 'Terms'],
  ['/contact', 'Contact'],
] as const;

/** The links to the public pages, under them and at the foot of Settings; each a full-height tap target. */
export function PublicFooter() {
  return (
    <nav className="public-footer" aria-label="About Ignition">
      {FOOTER_LINKS.map(([href, label]) => (
        <Link key={href} href={href} className="tap-link">
          {label}
        </Link>
      ))}
    </nav>
  );
}
