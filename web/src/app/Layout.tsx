import { signOut } from 'firebase/auth';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';
import { ConnectionBanner } from './ConnectionBanner';
import { WaitNotice } from '../components/ui/WaitNotice';
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

/** The admin console's link, for marketplace administrators only. */
function AdminLink() {
  const { session } = useSession();
  return session?.isAdmin ? <NavLink to="/admin">Admin</NavLink> : null;
}

/**
 * The shell: header with the user and organization, and the routed page. Signed out, the
 * header offers the public catalogue and sign-in; pages that need an account redirect to
 * sign-in themselves (RequireSignIn).
 */
export function Layout() {
  const { user } = useAuth();
  const location = useLocation();
  const signInLink = `/signin?next=${encodeURIComponent(location.pathname + location.search)}`;
  // While Firebase restores the session (user === undefined) the page already mounts: its
  // Firestore subscriptions wait for the credentials inside the SDK, so the data is on its way
  // in parallel instead of after sign-in completes.
  return (
    <SessionProvider>
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          // Focus the page itself (without a #main in the router's URL): the next Tab starts there.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          MLEbotics <span>Marketplace</span>
        </Link>
        <nav className="app-nav" aria-label="Main">
          <NavLink to="/" end>
            Discover
          </NavLink>
          {user !== null && (
            <>
              <NavLink to="/org" end>
                Organization
              </NavLink>
              <NavLink to="/org/capabilities">Capabilities</NavLink>
              <NavLink to="/publish">Publish</NavLink>
              <NavLink to="/my-plugins">My plugins</NavLink>
              <NavLink to="/invitations">Invitations</NavLink>
              <AdminLink />
            </>
          )}
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
          ) : user === null ? (
            <Link to={signInLink} className="button">
              Sign in
            </Link>
          ) : (
            <span className="muted" aria-busy="true">
              Signing in…
            </span>
          )}
        </div>
      </header>
      <ConnectionBanner />
      <WaitNotice />
      <main className="app-main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </SessionProvider>
  );
}
