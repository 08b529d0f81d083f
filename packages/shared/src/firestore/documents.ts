import type { DsseEnvelope } from '../signing/dsse.js';
import type { CapabilityType } from '../catalogue/index.js';
import type { Category, Permission, PluginManifest } from '../manifest/manifest.generated.js';
import type { PermissionDiff } from '../permissions/diff.js';

/**
 * The shapes of the server-owned documents clients read. Timestamps are the SDK's own
 * (`T` is the client or Admin Timestamp class); only functions write these documents.
 */
export type Pricing =
  | { model: 'free' }
  | { model: 'one-time'; amount: number; currency: string }
  | { model: 'subscription'; amount: number; currency: string };

export interface RatingSummary {
  count: number;
  sum: number;
  average: number;
  histogram: Record<'1' | '2' | '3' | '4' | '5', number>;
}

/** `plugins/{pluginId}`: the listing. */
export interface ListingDoc<T = unknown> {
  id: string;
  name: string;
  summary: string;
  publisherId: string;
  publisherName: string;
  publisherVerified: boolean;
  categories: Category[];
  keywords: string[];
  capabilityTypes: CapabilityType[];
  permissionNames: string[];
  latestVersion: string | null;
  versionCount: number;
  visibility: 'public' | 'private';
  privateOrgId: string | null;
  pricing: Pricing;
  priceClass: 'free' | 'paid';
  rating: RatingSummary;
  installCount: number;
  score: number;
  iconDataUrl: string | null;
  repository: string;
  homepage: string | null;
  license: string;
  deprecated: { message: string; replacement: string | null } | null;
  createdAt: T;
  updatedAt: T;
}

/** `plugins/{pluginId}/versions/{version}`. */
export interface VersionDoc<T = unknown> {
  pluginId: string;
  version: string;
  prerelease: boolean;
  publisherId: string;
  manifest: PluginManifest;
  manifestSha256: string;
  platformRange: string;
  permissions: Permission[];
  permissionDiff: PermissionDiff;
  previousVersion: string | null;
  sha256: string;
  size: number;
  fileCount: number;
  artifactPath: string;
  envelopePath: string;
  /** Inline when small; otherwise read it from envelopePath in Storage. */
  envelope: DsseEnvelope | null;
  keyId: string;
  iconDataUrl: string | null;
  status: 'published' | 'yanked';
  deprecated: { message: string; replacement: string | null } | null;
  publishedBy: string;
  publishedAt: T;
}

/** `orgs/{orgId}/installs/{pluginId}`. */
export interface InstallDoc<T = unknown> {
  pluginId: string;
  name: string;
  publisherId: string;
  iconDataUrl: string | null;
  version: string;
  grantedPermissions: Permission[];
  capabilities: Array<{ type: CapabilityType; id: string; title: string }>;
  consent: {
    uid: string;
    email: string | null;
    at: T;
    manifestSha256: string;
    packageSha256: string;
    permissions: Permission[];
  };
  installedAt: T;
  installedBy: string;
  updatedAt: T;
}
