import type {
  CallableInput,
  declineInstallRequest,
  getManifest,
  install,
  listInstalled,
  requestInstall,
  uninstall,
  updateInstall,
} from '@mlebotics/shared';
import { useLiveQuery } from '../../../lib/firestore';
import { call } from '../../../lib/functions';
import { queries } from '../../../lib/queries';

/** Installs a plugin version into an organization with the permissions the person consented to. */
export const installPlugin = (input: CallableInput<typeof install>) => call<typeof install>('install', input);

/** Moves an install to another version (with fresh consent when it asks for more). */
export const updateInstalled = (input: CallableInput<typeof updateInstall>) =>
  call<typeof updateInstall>('updateInstall', input);

/** Removes a plugin from an organization. */
export const uninstallPlugin = (orgId: string, pluginId: string) =>
  call<typeof uninstall>('uninstall', { orgId, pluginId });

/** A version's manifest (its full permission set, for consent). */
export const fetchManifest = (pluginId: string, version: string) =>
  call<typeof getManifest>('getManifest', { pluginId, version });

/** An organization's installs with their latest versions and update permission diffs. */
export const fetchInstalled = (orgId: string) => call<typeof listInstalled>('listInstalled', { orgId });

/** An organization's install documents, live (`null` while there is no organization). */
export function useOrgInstalls(orgId: string | null) {
  return useLiveQuery(orgId ? queries.installs(orgId) : null, orgId ?? 'none');
}

/** The organization's development builds, live (`null` while there is no organization). */
export function useDevBuilds(orgId: string | null) {
  return useLiveQuery(orgId ? queries.devBuilds(orgId) : null, orgId ?? 'none');
}

/** Asks the organization's owners and admins to install a plugin. */
export const askToInstall = (input: CallableInput<typeof requestInstall>) =>
  call<typeof requestInstall>('requestInstall', input);

/** Declines a member's install request, saying why. */
export const declineRequest = (input: CallableInput<typeof declineInstallRequest>) =>
  call<typeof declineInstallRequest>('declineInstallRequest', input);
