import { createBrowserRouter } from 'react-router';
import { DiscoverPage } from '../features/catalog';
import { Layout } from './Layout';

// The discovery page is the first route; the others load on navigation, each through its
// feature's public index.
export const router = createBrowserRouter([
  { path: '/signin', lazy: async () => ({ Component: (await import('../features/auth')).SignInPage }) },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <DiscoverPage /> },
      { path: 'plugins/:pluginId', lazy: async () => ({ Component: (await import('../features/plugin')).PluginPage }) },
      {
        path: 'publishers/:publisherId',
        lazy: async () => ({ Component: (await import('../features/publisher')).PublisherPage }),
      },
      { path: 'publish', lazy: async () => ({ Component: (await import('../features/publish')).PublishPage }) },
      { path: 'my-plugins', lazy: async () => ({ Component: (await import('../features/publish')).MyPluginsPage }) },
      {
        path: 'invitations',
        lazy: async () => ({ Component: (await import('../features/invitations')).InvitationsPage }),
      },
      { path: 'org', lazy: async () => ({ Component: (await import('../features/org')).OrgPage }) },
      {
        path: 'org/capabilities',
        lazy: async () => ({ Component: (await import('../features/org')).CapabilitiesPage }),
      },
    ],
  },
]);
