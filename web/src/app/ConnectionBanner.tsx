import { useConnection } from '../lib/connection';

/** Says when the console cannot reach the marketplace (and what it shows meanwhile), and when it can again. */
export function ConnectionBanner() {
  const connection = useConnection();
  if (connection.state === 'online') return null;
  if (connection.state === 'back') {
    return (
      <p className="connection-banner alert-ok" role="status" data-testid="connection-back">
        Connected again: everything on this page is up to date.
      </p>
    );
  }
  return (
    <p className="connection-banner alert-warn" role="alert" data-testid="connection-lost">
      Cannot reach the marketplace. What was already loaded stays shown and may be out of date; the console keeps
      retrying.
    </p>
  );
}
