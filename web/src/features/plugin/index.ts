// A plugin's page: listing, README (with its package images), versions and their signatures,
// permissions and capabilities; composes the install box and the reviews.
export { PluginPage } from './components/PluginPage';
