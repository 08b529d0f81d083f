import { signOut } from 'firebase/auth';
import { Link, NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';
import { auth } from '../lib/firebase';
import { SessionProvider, useSession } from './session';

function OrgSwitcher() {
  const { session, currentOrgId, setCurrentOrgId } = useSession();
  if (!session || session.orgs.length === 0) return null;
  return (
    <label className="org-switcher">
      <span className="visually-hidden">Organization</span>
      <select aria-label="Organization" value={currentOrgId} onChange={(e) => setCurrentOrgId(e.target.value)}>
        {session.orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name} ({org.role})
          </option>
        ))}
      </select>
    </label>
  );
}

/** The signed-in shell: header with the user and organization, and the routed page. */
export function Layout() {
  const { user } = useAuth();
  const location = useLocation();
  if (user === null)
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // While Firebase restores the session (user === undefined) the page already mounts: its
  // Firestore subscriptions wait for the credentials inside the SDK, so the data is on its way
  // in parallel instead of after sign-in completes.
  return (
    <SessionProvider>
      <header className="app-header">
        <Link to="/" className="brand">
          MLEbotics <span>Marketplace</span>
        </Link>
        <nav className="app-nav" aria-label="Main">
          <NavLink to="/" end>
            Discover
          </NavLink>
          <NavLink to="/org" end>
            Organization
          </NavLink>
          <NavLink to="/org/capabilities">Capabilities</NavLink>
          <NavLink to="/publish">Publish</NavLink>
          <NavLink to="/my-plugins">My plugins</NavLink>
          <NavLink to="/invitations">Invitations</NavLink>
        </nav>
        <div className="app-user">
          <OrgSwitcher />
          {user ? (
            <>
              <span data-testid="signed-in-user">{user.email ?? user.uid}</span>
              <button type="button" className="button ghost" onClick={() => void signOut(auth)}>
                Sign out
              </button>
            </>
          ) : (
            <span className="muted" aria-busy="true">
              Signing in…
            </span>
          )}
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </SessionProvider>
  );
}
