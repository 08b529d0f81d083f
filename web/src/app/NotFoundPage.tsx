import { Link, useLocation } from 'react-router';
import { useTitle } from '../hooks/use-title';

/** Any URL the console does not know, inside the layout. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  useTitle('Page not found');
  return (
    <section className="panel state-empty" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <Link to="/" className="button">
          Browse plugins
        </Link>
      </p>
    </section>
  );
}
