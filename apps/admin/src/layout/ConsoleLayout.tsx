import { useMutation } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { graphql } from '../gql/index.js';
import { useSession } from '../session/session.js';

const SignOut = graphql(`
  mutation SignOut {
    logout
  }
`);

const SECTIONS = [
  { to: '/', label: 'Programs', end: true },
  { to: '/applications', label: 'Applications' },
  { to: '/products', label: 'Certified products' },
  { to: '/catalogue', label: 'Categories, labs, specs' },
  { to: '/import', label: 'Import' },
  { to: '/audit', label: 'Audit log' },
] as const;

/** Every screen of a signed-in staff member: the sections, who is signed in, and the screen. */
export function ConsoleLayout() {
  const { me, signedOut } = useSession();
  const navigate = useNavigate();
  const [signOut, { loading: signingOut }] = useMutation(SignOut);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new screen: focus goes to it, so keyboard and screen-reader users start at its top.
  const previousPath = useRef(location.pathname);
  useEffect(() => {
    if (previousPath.current !== location.pathname) main.current?.focus();
    previousPath.current = location.pathname;
  }, [location.pathname]);

  const onSignOut = async () => {
    try {
      await signOut();
    } catch {
      // An ended session is signed out already; the console forgets it all the same.
    }
    await signedOut('signed-out');
    navigate('/login', { replace: true });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header console-header">
        <NavLink to="/" className="brand" end>
          CertHub admin
        </NavLink>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={'end' in section}>
                  {section.label}
                </NavLink>
              </li>
            ))}
            {me?.role === 'ADMIN' && (
              <>
                <li>
                  <NavLink to="/users">Users</NavLink>
                </li>
                <li>
                  <NavLink to="/webhooks">Webhooks</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <div className="account">
          <span className="muted">
            {me?.displayName} <span className="visually-hidden">signed in as</span> ({me?.role === 'ADMIN' ? 'admin' : 'editor'})
          </span>
          <NavLink to="/change-password">Change password</NavLink>
          <a href="/">Public site</a>
          <button type="button" className="secondary" onClick={() => void onSignOut()} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}
