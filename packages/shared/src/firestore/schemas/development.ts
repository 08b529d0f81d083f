import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';
import { installCapabilitySchema } from './runtime.js';
import { permissionSchema, pluginManifestSchema } from './pieces.js';
import { storedScanSchema } from './moderation.js';

// Development builds ----------------------------------------------------------------------------

/**
 * `orgs/{orgId}/devBuilds/{pluginId}`: the one development build of a plugin an organization may
 * install (server-written; readable by that organization's members only). Each new development
 * upload replaces it and increments `build`; it never creates a version, a listing or a search
 * entry, so it spends no version number.
 */
export const devBuildDocSchema = z.strictObject({
  pluginId: z.string(),
  publisherId: z.string(),
  /** plugin.json's name and version as uploaded (the version is not reserved by a dev build). */
  name: z.string(),
  version: z.string(),
  /** 1 for the first development upload of the plugin into the organization, then +1 each time. */
  build: z.int(),
  uploadId: z.string(),
  uploadedBy: z.string(),
  uploadedAt: timestampSchema,
  sha256: z.string(),
  manifestSha256: z.string(),
  size: z.int(),
  keyId: z.string(),
  /** Where the signed artifact and its envelope are (server-only objects). */
  artifactPath: z.string(),
  envelopePath: z.string(),
  iconDataUrl: z.nullable(z.string()),
  summary: z.string(),
  permissions: z.array(permissionSchema),
  capabilities: z.array(installCapabilitySchema),
  platformRange: z.string(),
  /** The manifest as uploaded (panels and steps are looked up in it, as in a version's). */
  manifest: pluginManifestSchema,
  /** The upload scan; a quarantined build stays installable here (it is never listed), its findings shown. */
  scan: storedScanSchema,
});
