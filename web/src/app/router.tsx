import { createBrowserRouter } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { CatalogPage } from '../features/catalog/CatalogPage';
import { Layout } from './Layout';

export const router = createBrowserRouter([
  { path: '/signin', element: <SignInPage /> },
  {
    path: '/',
    element: <Layout />,
    children: [{ index: true, element: <CatalogPage /> }],
  },
]);
