import { Link } from 'react-router';
import { usePageMeta } from '../page-head/page-meta.js';

export function NotFoundPage() {
  usePageMeta({ title: 'Page not found', status: 404 });
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">See all certification programs</Link>
      </p>
    </section>
  );
}
