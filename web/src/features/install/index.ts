// Installing: the consent dialog and the install, update and uninstall actions, used by the
// plugin page (install), the organization page (installed plugins) and the capabilities page.
export { useOrgInstalls } from './api/installs';
export { InstallPanel } from './components/InstallPanel';
export { InstalledPlugins } from './components/InstalledPlugins';
export { DevelopmentBuilds } from './components/DevelopmentBuilds';
export { InstallRequests } from './components/InstallRequests';
