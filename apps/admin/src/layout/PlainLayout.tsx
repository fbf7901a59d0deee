import { Outlet } from 'react-router';

/** Signing in and choosing a password: the console's name and the form, nothing else. */
export function PlainLayout() {
  return (
    <>
      <header className="app-header console-header">
        <span className="brand">CertHub admin</span>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
