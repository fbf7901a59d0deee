import { NavLink, Outlet } from 'react-router';

/** Every page: a skip link, the site's name and sections, the page, and where the data comes from. */
export function AppLayout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand" end>
          CertHub
        </NavLink>
        <nav aria-label="Sections">
          <ul>
            <li>
              <NavLink to="/" end>
                Programs
              </NavLink>
            </li>
            <li>
              <NavLink to="/certified">Is it certified?</NavLink>
            </li>
            <li>
              <NavLink to="/join">How to join</NavLink>
            </li>
            <li>
              <NavLink to="/api">For developers</NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Program data adapted from the Microsoft docs page "How to Join", and certified products from the programs' product pages
          in the same docs (CC BY 4.0). Independent labs set and collect their own testing fees.
        </p>
      </footer>
    </>
  );
}
