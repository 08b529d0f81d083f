import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';

/**
 * Pages that act for a signed-in user (publishing, organizations, invitations): a signed-out
 * visitor is sent to sign in and comes back here afterwards. The public catalogue (discover,
 * plugin and publisher pages) needs no account.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === null) {
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return children;
}
