import { createBrowserRouter } from 'react-router';
import { DiscoverPage } from '../features/catalog/DiscoverPage';
import { Layout } from './Layout';

// The discovery page is the first route; the others load on navigation.
export const router = createBrowserRouter([
  { path: '/signin', lazy: async () => ({ Component: (await import('../features/auth/SignInPage')).SignInPage }) },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <DiscoverPage /> },
      {
        path: 'plugins/:pluginId',
        lazy: async () => ({ Component: (await import('../features/plugin-detail/PluginPage')).PluginPage }),
      },
      {
        path: 'publishers/:publisherId',
        lazy: async () => ({ Component: (await import('../features/publisher/PublisherPage')).PublisherPage }),
      },
      {
        path: 'publish',
        lazy: async () => ({ Component: (await import('../features/publish/PublishPage')).PublishPage }),
      },
      {
        path: 'my-plugins',
        lazy: async () => ({ Component: (await import('../features/publish/MyPluginsPage')).MyPluginsPage }),
      },
      {
        path: 'invitations',
        lazy: async () => ({ Component: (await import('../features/invitations/InvitationsPage')).InvitationsPage }),
      },
      { path: 'org', lazy: async () => ({ Component: (await import('../features/org/OrgPage')).OrgPage }) },
      {
        path: 'org/capabilities',
        lazy: async () => ({ Component: (await import('../features/org/CapabilitiesPage')).CapabilitiesPage }),
      },
    ],
  },
]);
