// The organization: its page (installed plugins, members, internal registry, install policy)
// and its capabilities (running steps, opening panels).
export { CapabilitiesPage } from './components/CapabilitiesPage';
export { OrgPage } from './components/OrgPage';
