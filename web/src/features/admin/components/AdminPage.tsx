import { Navigate, Route, Routes } from 'react-router';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorState, Loading } from '../../../components/ui/States';
import { useTitle } from '../../../hooks/use-title';
import { AdminTabs } from './AdminTabs';
import { ADMIN_TABS } from './tabs';
import './admin.css';

/**
 * The marketplace administrators' console (/admin/*): its tabs and the open one. Other accounts
 * see that the page is not for them; the server checks every read and action again (rules and
 * the callables' `requireAdmin`).
 */
export function AdminPage() {
  const { session, error } = useSession();
  useTitle('Admin console');
  if (!session) {
    return error ? (
      <ErrorState title="Your session could not be loaded" message={error} />
    ) : (
      <Loading label="Loading your session…" />
    );
  }
  if (!session.isAdmin) {
    return (
      <section className="admin">
        <h1>Admin console</h1>
        <EmptyState title="Only marketplace administrators can open this page">
          <p>
            The admin console is for the marketplace&rsquo;s staff. If you should have access, ask an administrator to
            grant your account the administrator role, then sign in again.
          </p>
        </EmptyState>
      </section>
    );
  }
  const first = ADMIN_TABS[0];
  return (
    <section className="admin">
      <h1>Admin console</h1>
      <AdminTabs tabs={ADMIN_TABS} />
      <Routes>
        {first && <Route index element={<Navigate to={first.path} replace />} />}
        {ADMIN_TABS.map(({ path, Component }) => (
          <Route key={path} path={path} element={<Component />} />
        ))}
        <Route
          path="*"
          element={<ErrorState title="No such section" message="This admin console section does not exist." />}
        />
      </Routes>
    </section>
  );
}
