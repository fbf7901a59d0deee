import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.js';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        Nothing of the console is at this address. <Link to="/">Go to the programs</Link>.
      </p>
    </section>
  );
}
