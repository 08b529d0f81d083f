// The catalogue: discovery with search and filters kept in the URL.
export { DiscoverPage } from './components/DiscoverPage';
