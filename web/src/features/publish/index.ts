// Publishing: uploading a package (checked in the browser first) and following its pipeline;
// "My plugins": publishers, their members, plugins, versions and listing settings.
export { MyPluginsPage } from './components/MyPluginsPage';
export { PublishPage } from './components/PublishPage';
