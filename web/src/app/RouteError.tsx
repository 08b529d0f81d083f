import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTitle } from '../hooks/use-title';

/**
 * What a route shows instead of React Router's developer page when loading or rendering it
 * fails: a lazily loaded page that cannot be fetched (the console was updated or the network
 * dropped) or a bug. The user can reload or go back to the catalogue.
 */
export function RouteError() {
  const error = useRouteError();
  useTitle('Something went wrong');
  const failedToLoad =
    error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : failedToLoad
      ? 'This page could not be loaded: the connection dropped or the console was just updated.'
      : 'This page stopped because of an error in the console. Reloading usually helps; if it does not, tell us what you were doing.';
  return (
    <main className="app-main">
      <section className="panel state-error" role="alert">
        <h1>Something went wrong</h1>
        <p>{message}</p>
        <p className="actions">
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>{' '}
          <Link to="/" className="button ghost" reloadDocument>
            Back to the catalogue
          </Link>
        </p>
      </section>
    </main>
  );
}
