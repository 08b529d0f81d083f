/**
 * Every Firestore collection and document path of the marketplace, in one place. Functions,
 * the web app, scripts and tests build references from these; nobody spells a path by hand.
 */
export const collections = {
  publishers: 'publishers',
  plugins: 'plugins',
  uploads: 'uploads',
  orgs: 'orgs',
  users: 'users',
  signingKeys: 'signingKeys',
  idClaims: 'idClaims',
  ledger: 'ledger',
  stats: 'stats',
  processedEvents: 'processedEvents',
  rateLimits: 'rateLimits',
  callRequests: 'callRequests',
  searchChanges: 'searchChanges',
  searchIndex: 'searchIndex',
  artifactLocks: 'artifactLocks',
  publisherClaims: 'publisherClaims',
  panelSessions: 'panelSessions',
  invitations: 'invitations',
  publisherProfiles: 'publisherProfiles',
  scanReports: 'scanReports',
  heldVersions: 'heldVersions',
  blocklist: 'blocklist',
  adminAudit: 'adminAudit',
  publisherTokens: 'publisherTokens',
} as const;

/** An id that cannot name a Firestore document (callables answer invalid-argument). */
export class InvalidIdError extends Error {
  constructor(segment: string) {
    super(`${JSON.stringify(segment.slice(0, 100))} is not a valid id.`);
    this.name = 'InvalidIdError';
  }
}

const enc = (segment: string): string => {
  if (
    typeof segment !== 'string' ||
    segment === '' ||
    segment.includes('/') ||
    segment === '.' ||
    segment === '..' ||
    /^__.*__$/.test(segment) ||
    new TextEncoder().encode(segment).length > 1500
  ) {
    throw new InvalidIdError(String(segment));
  }
  return segment;
};

export const paths = {
  /** A publisher with its members (readable by its members and administrators). */
  publisher: (publisherId: string) => `${collections.publishers}/${enc(publisherId)}`,
  /** What everyone may read of a publisher: its name and badge (kept by a trigger). */
  publisherProfile: (publisherId: string) => `${collections.publisherProfiles}/${enc(publisherId)}`,
  plugin: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}`,
  versions: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/versions`,
  version: (pluginId: string, version: string) => `${collections.plugins}/${enc(pluginId)}/versions/${enc(version)}`,
  /** Large per-version content kept out of the version document (the README). */
  versionAsset: (pluginId: string, version: string, asset: 'readme') =>
    `${collections.plugins}/${enc(pluginId)}/versions/${enc(version)}/assets/${asset}`,
  /** The author's own review (readable by its author only): `reviews/{uid}`. */
  reviews: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/reviews`,
  review: (pluginId: string, uid: string) => `${collections.plugins}/${enc(pluginId)}/reviews/${enc(uid)}`,
  /** Server-only state of each author's review: what it counts, moderation, standing, reply. */
  reviewStates: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/reviewState`,
  reviewState: (pluginId: string, uid: string) => `${collections.plugins}/${enc(pluginId)}/reviewState/${enc(uid)}`,
  /** What the public page shows of a published review, under an opaque id (no uid, no org). */
  publicReviews: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/publicReviews`,
  publicReview: (pluginId: string, reviewId: string) =>
    `${collections.plugins}/${enc(pluginId)}/publicReviews/${enc(reviewId)}`,
  /** One helpful vote or flag per organization with a real install (server-written). */
  reviewReactions: (pluginId: string, reviewId: string, kind: 'votes' | 'flags') =>
    `${collections.plugins}/${enc(pluginId)}/publicReviews/${enc(reviewId)}/${kind}`,
  reviewReaction: (pluginId: string, reviewId: string, kind: 'votes' | 'flags', orgId: string) =>
    `${collections.plugins}/${enc(pluginId)}/publicReviews/${enc(reviewId)}/${kind}/${enc(orgId)}`,
  /** A publisher's earnings per plugin, month, currency and test mode, kept by the functions. */
  earnings: (publisherId: string) => `${collections.publishers}/${enc(publisherId)}/earnings`,
  earningsRow: (publisherId: string, rowId: string) =>
    `${collections.publishers}/${enc(publisherId)}/earnings/${enc(rowId)}`,
  upload: (uploadId: string) => `${collections.uploads}/${enc(uploadId)}`,
  org: (orgId: string) => `${collections.orgs}/${enc(orgId)}`,
  installs: (orgId: string) => `${collections.orgs}/${enc(orgId)}/installs`,
  install: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/installs/${enc(pluginId)}`,
  /** Members' requests to install a plugin, one per plugin (readable by the organization's members). */
  installRequests: (orgId: string) => `${collections.orgs}/${enc(orgId)}/installRequests`,
  installRequest: (orgId: string, pluginId: string) =>
    `${collections.orgs}/${enc(orgId)}/installRequests/${enc(pluginId)}`,
  /** The one open checkout of a plugin for an organization (server-only). */
  openCheckout: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/checkouts/${enc(pluginId)}`,
  /** The organization's development builds, one per plugin (readable by its members only). */
  devBuilds: (orgId: string) => `${collections.orgs}/${enc(orgId)}/devBuilds`,
  devBuild: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/devBuilds/${enc(pluginId)}`,
  entitlements: (orgId: string) => `${collections.orgs}/${enc(orgId)}/entitlements`,
  entitlement: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/entitlements/${enc(pluginId)}`,
  auditLog: (orgId: string) => `${collections.orgs}/${enc(orgId)}/auditLog`,
  pluginData: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/pluginData/${enc(pluginId)}`,
  /** `storage:plugin` entries of one plugin in one organization (key-value, server-written). */
  pluginStorageEntries: (orgId: string, pluginId: string) =>
    `${collections.orgs}/${enc(orgId)}/pluginData/${enc(pluginId)}/entries`,
  /** The platform's live readings of the organization's sensors, read by `sensors:read`. */
  sensors: (orgId: string) => `${collections.orgs}/${enc(orgId)}/sensors`,
  sensor: (orgId: string, sensorId: string) => `${collections.orgs}/${enc(orgId)}/sensors/${enc(sensorId)}`,
  /** Organization secrets (owners and admins write them; only `secrets:read` grants read one). */
  secret: (orgId: string, name: string) => `${collections.orgs}/${enc(orgId)}/secrets/${enc(name)}`,
  /** Queues the platform consumes: actuator commands, notifications, automation runs. */
  actuatorCommands: (orgId: string) => `${collections.orgs}/${enc(orgId)}/actuatorCommands`,
  notifications: (orgId: string) => `${collections.orgs}/${enc(orgId)}/notifications`,
  automationRuns: (orgId: string) => `${collections.orgs}/${enc(orgId)}/automationRuns`,
  /** Records of automation step runs from the console (server-written, kept 30 days). */
  runs: (orgId: string) => `${collections.orgs}/${enc(orgId)}/runs`,
  run: (orgId: string, runId: string) => `${collections.orgs}/${enc(orgId)}/runs/${enc(runId)}`,
  /** A short-lived session of an open UI panel, named by its random token. */
  panelSession: (token: string) => `${collections.panelSessions}/${enc(token)}`,
  invitation: (invitationId: string) => `${collections.invitations}/${enc(invitationId)}`,
  user: (uid: string) => `${collections.users}/${enc(uid)}`,
  signingKey: (keyId: string) => `${collections.signingKeys}/${enc(keyId)}`,
  idClaim: (skeleton: string) => `${collections.idClaims}/${enc(skeleton)}`,
  catalogStats: () => `${collections.stats}/catalog`,
  /** Which upload may write the registry artifact of a version that is not published yet. */
  artifactLock: (pluginId: string, version: string) => `${collections.artifactLocks}/${enc(pluginId)}@${enc(version)}`,
  /** One revenue ledger entry (ids derive from the provider's payment and refund totals). */
  ledgerEntry: (entryId: string) => `${collections.ledger}/${enc(entryId)}`,
  /** Which publisher holds a skeleton of a publisher id or display name. */
  publisherClaim: (key: string) => `${collections.publisherClaims}/${enc(key)}`,
  processedEvent: (eventId: string) => `${collections.processedEvents}/${enc(eventId)}`,
  rateLimit: (key: string) => `${collections.rateLimits}/${enc(key)}`,
  callRequest: (key: string) => `${collections.callRequests}/${enc(key)}`,
  searchChange: (pluginId: string) => `${collections.searchChanges}/${enc(pluginId)}`,
  searchIndex: (name: 'public') => `${collections.searchIndex}/${name}`,
  /** The scan of a signed version and, when quarantined, its review (publisher members and administrators). */
  scanReport: (pluginId: string, version: string) => `${collections.scanReports}/${enc(pluginId)}@${enc(version)}`,
  /** A quarantined version's documents, server-only until an administrator decides. */
  heldVersion: (pluginId: string, version: string) => `${collections.heldVersions}/${enc(pluginId)}@${enc(version)}`,
  /** A package or file digest an administrator blocked. */
  blocklistEntry: (sha256: string) => `${collections.blocklist}/${enc(sha256)}`,
  /** One marketplace administrator action (append-only). */
  adminAuditEntry: (entryId: string) => `${collections.adminAudit}/${enc(entryId)}`,
  /** A publisher API token's record (server-only; the secret only as its hash). */
  publisherToken: (tokenId: string) => `${collections.publisherTokens}/${enc(tokenId)}`,
} as const;

/**
 * Document patterns of the Firestore triggers (the functions' `document:` option), with the
 * wildcard names the handlers read from `event.params`.
 */
export const triggerPatterns = {
  plugin: `${collections.plugins}/{pluginId}`,
  review: `${collections.plugins}/{pluginId}/reviews/{uid}`,
  install: `${collections.orgs}/{orgId}/installs/{pluginId}`,
  publisher: `${collections.publishers}/{publisherId}`,
  searchChange: `${collections.searchChanges}/{pluginId}`,
} as const;

/** The top folders of the Storage bucket: developers' uploads, and the signed registry. */
const UPLOADS = 'uploads';
const REGISTRY = 'registry';
const DEV_BUILDS = 'dev-builds';

/** Storage object paths. */
export const objectPaths = {
  /** A gzipped snapshot of the public catalogue's search index (functions/src/search). */
  searchSnapshot: (builtAtMs: number) => `search/public-${builtAtMs}.idx.gz`,
  /** Where a developer's browser uploads a package for an upload intent. */
  upload: (uid: string, uploadId: string) => `${UPLOADS}/${enc(uid)}/${enc(uploadId)}.tgz`,
  /** The immutable, signed artifact of a published version. */
  artifact: (pluginId: string, version: string) => `${REGISTRY}/${enc(pluginId)}/${enc(version)}.tgz`,
  /** The DSSE envelope of a published version. */
  envelope: (pluginId: string, version: string) => `${REGISTRY}/${enc(pluginId)}/${enc(version)}.dsse.json`,
  /**
   * A development build's signed artifact and envelope (server-only): one folder per organization
   * and plugin, one object per upload, the previous build's removed once a new one is committed.
   */
  devArtifact: (orgId: string, pluginId: string, uploadId: string) =>
    `${DEV_BUILDS}/${enc(orgId)}/${enc(pluginId)}/${enc(uploadId)}.tgz`,
  devEnvelope: (orgId: string, pluginId: string, uploadId: string) =>
    `${DEV_BUILDS}/${enc(orgId)}/${enc(pluginId)}/${enc(uploadId)}.dsse.json`,
  /** The folder of every development build's objects (the sweep lists it). */
  devBuildsFolder: `${DEV_BUILDS}/`,
  /** The organization and plugin of a development build's object; undefined for anything else. */
  parseDevObject(objectPath: string): { orgId: string; pluginId: string } | undefined {
    const match = new RegExp(`^${DEV_BUILDS}/([^/]+)/([^/]+)/[^/]+$`).exec(objectPath);
    return match ? { orgId: match[1]!, pluginId: match[2]! } : undefined;
  },
  /** A screenshot of a published version, copied from its package (`index` is its place in the manifest). */
  screenshot: (pluginId: string, version: string, index: number, ext: 'png' | 'jpg' | 'webp') =>
    `${REGISTRY}/${enc(pluginId)}/${enc(version)}/screenshots/${Math.trunc(index)}.${ext}`,
  /**
   * Whether an object is in the developers' upload area at all (an upload, or a stray object
   * there that no intent can match); everything else is the functions' own (`registry/`, …).
   */
  inUploads: (objectPath: string): boolean => objectPath.startsWith(`${UPLOADS}/`),
  /** Parses an upload object path; undefined for anything else. */
  parseUpload(objectPath: string): { uid: string; uploadId: string } | undefined {
    const match = new RegExp(`^${UPLOADS}/([^/]+)/([^/]+)\\.tgz$`).exec(objectPath);
    return match ? { uid: match[1]!, uploadId: match[2]! } : undefined;
  },
} as const;
