// A publisher's public page.
export { PublisherPage } from './components/PublisherPage';
