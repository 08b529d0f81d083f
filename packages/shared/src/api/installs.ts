import { z } from 'zod';
import { PLUGIN_ID } from '../id-patterns.js';
import type { Permission, PluginManifest } from '../manifest/manifest.generated.js';
import type { PermissionDiff } from '../permissions/diff.js';
import { defineCallable } from './define.js';
import { orgIdSchema } from './orgs.js';

export const pluginIdSchema = z.string().regex(PLUGIN_ID, 'must be a plugin id such as acme.thermo-sense');

export const versionSchema = z
  .string()
  .max(64)
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.0');

/** A permission as granted: its name and scopes (the author's reason is not part of a grant). */
export const grantedPermissionSchema = z
  .object({
    name: z.string().min(1).max(64),
    hosts: z.array(z.string().max(259)).max(20).optional(),
    secrets: z.array(z.string().max(64)).max(20).optional(),
    reason: z.string().max(300).optional(),
  })
  .strict();

export const installInputSchema = z
  .object({
    orgId: orgIdSchema,
    pluginId: pluginIdSchema,
    /** Defaults to the listing's latest version. */
    version: versionSchema.optional(),
    /** Exactly the permissions the version declares: the operator's consent. */
    grantedPermissions: z.array(grantedPermissionSchema).max(20),
    /**
     * Install (or move to) the organization's development build instead of a published version:
     * `build` is the build number consented to (refused if a newer upload replaced it meanwhile).
     */
    development: z.object({ build: z.number().int().positive() }).strict().optional(),
  })
  .strict();

export interface InstallOutput {
  pluginId: string;
  version: string;
  /** false when the same version was already installed with the same consent (idempotent). */
  changed: boolean;
}

export const install = defineCallable<InstallOutput>()('install', installInputSchema);

export const uninstallInputSchema = z.object({ orgId: orgIdSchema, pluginId: pluginIdSchema }).strict();

export const uninstall = defineCallable<{ pluginId: string; changed: boolean }>()('uninstall', uninstallInputSchema);

export const updateInstallInputSchema = z
  .object({
    orgId: orgIdSchema,
    pluginId: pluginIdSchema,
    toVersion: versionSchema,
    /** Required when the new version asks for more than was granted; then it must equal the new set. */
    grantedPermissions: z.array(grantedPermissionSchema).max(20).optional(),
  })
  .strict();

export interface UpdateInstallOutput {
  pluginId: string;
  fromVersion: string;
  version: string;
  /** True when the update needed, and got, fresh consent. */
  reconsented: boolean;
}

export const updateInstall = defineCallable<UpdateInstallOutput>()('updateInstall', updateInstallInputSchema);

export const listInstalledInputSchema = z.object({ orgId: orgIdSchema }).strict();

export interface InstalledPlugin {
  pluginId: string;
  name: string;
  version: string;
  /** The installed version was yanked by its publisher (it keeps running; updating is advised). */
  yanked: boolean;
  /** The marketplace revoked the plugin, or the installed version: it no longer runs (the banner says why). */
  revoked: { scope: 'plugin' | 'version'; reason: string; at: string } | null;
  latestVersion: string | null;
  updateAvailable: boolean;
  /** What updating to latestVersion would change in the permissions. */
  updateDiff: PermissionDiff | null;
  /** Whether that update needs fresh consent. */
  updateNeedsConsent: boolean;
  grantedPermissions: Permission[];
  installedAt: string;
  installedBy: string;
  capabilities: Array<{ type: string; id: string; title: string }>;
  /**
   * A development build (never listed; runs load the organization's latest build): the build
   * consented to, the latest build, and whether the latest asks for more than was granted.
   */
  development: { build: number; latestBuild: number | null; needsConsent: boolean } | null;
}

export const listInstalled = defineCallable<{ installs: InstalledPlugin[] }>()(
  'listInstalled',
  listInstalledInputSchema,
);

export const getManifestInputSchema = z.object({ pluginId: pluginIdSchema, version: versionSchema }).strict();

export const getManifest = defineCallable<{
  manifest: PluginManifest;
  sha256: string;
  status: 'published' | 'yanked';
}>()('getManifest', getManifestInputSchema);
