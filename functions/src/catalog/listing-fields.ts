import { permissionFlagsOf, searchTokens, type ListingOverrides, type PluginManifest } from '@mlebotics/shared';
import { listingScore } from './score.js';
import semver from 'semver';

/** Which of two versions the listing shows as "latest": the highest stable one, else the highest. */
export function preferredLatest(current: string | null | undefined, candidate: string): boolean {
  if (!current) return true;
  const candidateStable = semver.prerelease(candidate) === null;
  const currentStable = semver.prerelease(current) === null;
  if (candidateStable !== currentStable) return candidateStable;
  return semver.gt(candidate, current);
}

export type { ListingOverrides };

/** Listing fields derived from the manifest of the version the listing shows, with overrides. */
export function manifestListingFields(
  manifest: PluginManifest,
  iconDataUrl: string | null,
  overrides: ListingOverrides = {},
) {
  const capabilityTypes = [...new Set(manifest.capabilities.map((c) => c.type))];
  const summary = overrides.summary ?? manifest.description;
  const categories = overrides.categories ?? manifest.categories;
  return {
    id: manifest.id,
    name: manifest.name,
    summary,
    categories,
    keywords: manifest.keywords,
    capabilityTypes,
    // One boolean per category and capability type: equality filters Firestore can combine
    // (the query takes a single array-contains, which search uses).
    categoryFlags: Object.fromEntries(categories.map((c) => [c, true])),
    capabilityFlags: Object.fromEntries(capabilityTypes.map((t) => [t, true])),
    permissionNames: manifest.permissions.map((p) => p.name),
    permissionFlags: permissionFlagsOf(manifest.permissions.map((p) => p.name)),
    iconDataUrl,
    repository: manifest.repository,
    homepage: manifest.homepage ?? null,
    license: manifest.license,
    searchTokens: searchTokens({
      id: manifest.id,
      name: manifest.name,
      summary,
      keywords: manifest.keywords,
      publisherId: manifest.publisher,
    }),
  };
}

/** Fields a listing starts with, owned by aggregates and by the publisher's listing settings. */
export function initialListingFields(publisherId: string) {
  return {
    publisherId,
    visibility: 'public' as const,
    privateOrgId: null,
    pricing: { model: 'free' as const },
    priceClass: 'free' as const,
    rating: { count: 0, sum: 0, average: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
    // One flag per minimum rating the discovery filter offers (kept by the reviews trigger).
    ratingAtLeast: { '1': false, '2': false, '3': false, '4': false },
    installCount: 0,
    score: listingScore(0, undefined),
    deprecated: null,
    revoked: null,
    publisherSuspended: false,
    discoverable: true,
  };
}

const ICON_TYPES: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml' };

/** The icon as a data URL for <img src>, where an SVG cannot run script. */
export function iconDataUrl(path: string, bytes: Uint8Array | undefined): string | null {
  if (!bytes) return null;
  const type = ICON_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
  return type ? `data:${type};base64,${Buffer.from(bytes).toString('base64')}` : null;
}
