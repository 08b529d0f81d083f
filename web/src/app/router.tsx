import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { DiscoverPage } from '../features/catalog';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RequireSignIn } from './RequireSignIn';
import { RouteError } from './RouteError';

/** A lazily loaded page that only a signed-in user may open. */
function signedIn(load: () => Promise<ComponentType>) {
  return async () => {
    const Page = await load();
    return {
      Component: () => (
        <RequireSignIn>
          <Page />
        </RequireSignIn>
      ),
    };
  };
}

// The discovery page is the first route; the others load on navigation, each through its
// feature's public index. Discover, plugin and publisher pages are public (signed out too).
export const router = createBrowserRouter([
  {
    path: '/signin',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/auth')).SignInPage }),
  },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while a deep link's lazily loaded page arrives on the first load.
    hydrateFallbackElement: (
      <p className="state-loading" role="status" aria-busy="true">
        Loading…
      </p>
    ),
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <DiscoverPage /> },
          {
            path: 'plugins/:pluginId',
            lazy: async () => ({ Component: (await import('../features/plugin')).PluginPage }),
          },
          {
            path: 'publishers/:publisherId',
            lazy: async () => ({ Component: (await import('../features/publisher')).PublisherPage }),
          },
          { path: 'publish', lazy: signedIn(async () => (await import('../features/publish')).PublishPage) },
          { path: 'my-plugins', lazy: signedIn(async () => (await import('../features/publish')).MyPluginsPage) },
          {
            path: 'invitations',
            lazy: signedIn(async () => (await import('../features/invitations')).InvitationsPage),
          },
          { path: 'org', lazy: signedIn(async () => (await import('../features/org')).OrgPage) },
          { path: 'org/capabilities', lazy: signedIn(async () => (await import('../features/org')).CapabilitiesPage) },
          // The admin console's sections are its own routes (features/admin/components/tabs.ts).
          { path: 'admin/*', lazy: signedIn(async () => (await import('../features/admin')).AdminPage) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
