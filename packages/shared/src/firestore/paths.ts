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
  artifactLocks: 'artifactLocks',
  publisherClaims: 'publisherClaims',
  panelSessions: 'panelSessions',
} as const;

const enc = (segment: string): string => {
  if (segment === '' || segment.includes('/') || segment === '.' || segment === '..') {
    throw new Error(`Invalid Firestore id ${JSON.stringify(segment)}`);
  }
  return segment;
};

export const paths = {
  publisher: (publisherId: string) => `${collections.publishers}/${enc(publisherId)}`,
  plugin: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}`,
  versions: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/versions`,
  version: (pluginId: string, version: string) => `${collections.plugins}/${enc(pluginId)}/versions/${enc(version)}`,
  /** Large per-version content kept out of the version document (the README). */
  versionAsset: (pluginId: string, version: string, asset: 'readme') =>
    `${collections.plugins}/${enc(pluginId)}/versions/${enc(version)}/assets/${asset}`,
  reviews: (pluginId: string) => `${collections.plugins}/${enc(pluginId)}/reviews`,
  review: (pluginId: string, uid: string) => `${collections.plugins}/${enc(pluginId)}/reviews/${enc(uid)}`,
  reviewVote: (pluginId: string, uid: string, voterUid: string) =>
    `${collections.plugins}/${enc(pluginId)}/reviews/${enc(uid)}/votes/${enc(voterUid)}`,
  reviewFlag: (pluginId: string, uid: string, flaggerUid: string) =>
    `${collections.plugins}/${enc(pluginId)}/reviews/${enc(uid)}/flags/${enc(flaggerUid)}`,
  /** A publisher's earnings per plugin, month, currency and test mode, kept by the functions. */
  earnings: (publisherId: string) => `${collections.publishers}/${enc(publisherId)}/earnings`,
  earningsRow: (publisherId: string, rowId: string) =>
    `${collections.publishers}/${enc(publisherId)}/earnings/${enc(rowId)}`,
  upload: (uploadId: string) => `${collections.uploads}/${enc(uploadId)}`,
  org: (orgId: string) => `${collections.orgs}/${enc(orgId)}`,
  installs: (orgId: string) => `${collections.orgs}/${enc(orgId)}/installs`,
  install: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/installs/${enc(pluginId)}`,
  entitlements: (orgId: string) => `${collections.orgs}/${enc(orgId)}/entitlements`,
  entitlement: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/entitlements/${enc(pluginId)}`,
  auditLog: (orgId: string) => `${collections.orgs}/${enc(orgId)}/auditLog`,
  pluginData: (orgId: string, pluginId: string) => `${collections.orgs}/${enc(orgId)}/pluginData/${enc(pluginId)}`,
  /** `storage:plugin` entries of one plugin in one organization (key-value, server-written). */
  pluginStorageEntries: (orgId: string, pluginId: string) =>
    `${collections.orgs}/${enc(orgId)}/pluginData/${enc(pluginId)}/entries`,
  /** The platform's live readings of the organization's sensors, read by `sensors:read`. */
  sensor: (orgId: string, sensorId: string) => `${collections.orgs}/${enc(orgId)}/sensors/${enc(sensorId)}`,
  /** Organization secrets (owners and admins write them; only `secrets:read` grants read one). */
  secret: (orgId: string, name: string) => `${collections.orgs}/${enc(orgId)}/secrets/${enc(name)}`,
  /** Queues the platform consumes: actuator commands, notifications, automation runs. */
  actuatorCommands: (orgId: string) => `${collections.orgs}/${enc(orgId)}/actuatorCommands`,
  notifications: (orgId: string) => `${collections.orgs}/${enc(orgId)}/notifications`,
  automationRuns: (orgId: string) => `${collections.orgs}/${enc(orgId)}/automationRuns`,
  /** A short-lived session of an open UI panel, named by its random token. */
  panelSession: (token: string) => `${collections.panelSessions}/${enc(token)}`,
  user: (uid: string) => `${collections.users}/${enc(uid)}`,
  signingKey: (keyId: string) => `${collections.signingKeys}/${enc(keyId)}`,
  idClaim: (skeleton: string) => `${collections.idClaims}/${enc(skeleton)}`,
  catalogStats: () => `${collections.stats}/catalog`,
  /** Which upload may write the registry artifact of a version that is not published yet. */
  artifactLock: (pluginId: string, version: string) => `${collections.artifactLocks}/${enc(pluginId)}@${enc(version)}`,
  processedEvent: (eventId: string) => `${collections.processedEvents}/${enc(eventId)}`,
} as const;

/** Storage object paths. */
export const objectPaths = {
  /** Where a developer's browser uploads a package for an upload intent. */
  upload: (uid: string, uploadId: string) => `uploads/${enc(uid)}/${enc(uploadId)}.tgz`,
  /** The immutable, signed artifact of a published version. */
  artifact: (pluginId: string, version: string) => `registry/${enc(pluginId)}/${enc(version)}.tgz`,
  /** The DSSE envelope of a published version. */
  envelope: (pluginId: string, version: string) => `registry/${enc(pluginId)}/${enc(version)}.dsse.json`,
  /** Parses an upload object path; undefined for anything else. */
  parseUpload(objectPath: string): { uid: string; uploadId: string } | undefined {
    const match = /^uploads\/([^/]+)\/([^/]+)\.tgz$/.exec(objectPath);
    return match ? { uid: match[1]!, uploadId: match[2]! } : undefined;
  },
} as const;
