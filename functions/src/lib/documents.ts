// Typed references to every Firestore document and collection the functions read or write,
// built from `paths` and the schemas' converters: reads parse (a wrong shape throws a
// DocumentShapeError naming the document), and the SDK types every set, create and update from
// the document type (`WithFieldValue<T>`, `UpdateData<T>`), in transactions and batches too.
import { collections, converters, parseDocument, paths, type DocumentConverter } from '@mlebotics/shared';
import type { CollectionReference, DocumentData, DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import * as z from 'zod/mini';
import { db } from './admin.js';

type Converters = typeof converters;
/** The stored type of a document kind (`Stored<'plugin'>` is the listing). */
export type Stored<K extends keyof Converters> = Converters[K] extends DocumentConverter<infer T> ? T : never;
export type TypedDoc<T extends DocumentData> = DocumentReference<T, T>;
export type TypedCollection<T extends DocumentData> = CollectionReference<T, T>;

const doc = <T extends DocumentData>(converter: DocumentConverter<T>, path: string): TypedDoc<T> =>
  db.doc(path).withConverter<T, T>(converter);
const col = <T extends DocumentData>(converter: DocumentConverter<T>, path: string): TypedCollection<T> =>
  db.collection(path).withConverter<T, T>(converter);

/** Typed document references, named like `paths`. */
export const docs = {
  plugin: (pluginId: string) => doc(converters.plugin, paths.plugin(pluginId)),
  version: (pluginId: string, version: string) => doc(converters.version, paths.version(pluginId, version)),
  readme: (pluginId: string, version: string) =>
    doc(converters.versionAsset, paths.versionAsset(pluginId, version, 'readme')),
  catalogStats: () => doc(converters.catalogStats, paths.catalogStats()),
  upload: (uploadId: string) => doc(converters.upload, paths.upload(uploadId)),
  idClaim: (skeleton: string) => doc(converters.idClaim, paths.idClaim(skeleton)),
  publisherClaim: (key: string) => doc(converters.publisherClaim, paths.publisherClaim(key)),
  artifactLock: (pluginId: string, version: string) =>
    doc(converters.artifactLock, paths.artifactLock(pluginId, version)),
  signingKey: (keyId: string) => doc(converters.signingKey, paths.signingKey(keyId)),
  publisher: (publisherId: string) => doc(converters.publisher, paths.publisher(publisherId)),
  publisherProfile: (publisherId: string) => doc(converters.publisherProfile, paths.publisherProfile(publisherId)),
  org: (orgId: string) => doc(converters.org, paths.org(orgId)),
  invitation: (invitationId: string) => doc(converters.invitation, paths.invitation(invitationId)),
  install: (orgId: string, pluginId: string) => doc(converters.install, paths.install(orgId, pluginId)),
  installRequest: (orgId: string, pluginId: string) =>
    doc(converters.installRequest, paths.installRequest(orgId, pluginId)),
  panelSession: (token: string) => doc(converters.panelSession, paths.panelSession(token)),
  sensor: (orgId: string, sensorId: string) => doc(converters.sensor, paths.sensor(orgId, sensorId)),
  secret: (orgId: string, name: string) => doc(converters.secret, paths.secret(orgId, name)),
  review: (pluginId: string, uid: string) => doc(converters.review, paths.review(pluginId, uid)),
  publicReview: (pluginId: string, reviewId: string) =>
    doc(converters.publicReview, paths.publicReview(pluginId, reviewId)),
  reviewState: (pluginId: string, uid: string) => doc(converters.reviewState, paths.reviewState(pluginId, uid)),
  reviewReaction: (pluginId: string, reviewId: string, kind: 'votes' | 'flags', orgId: string) =>
    doc(converters.reviewReaction, paths.reviewReaction(pluginId, reviewId, kind, orgId)),
  entitlement: (orgId: string, pluginId: string) => doc(converters.entitlement, paths.entitlement(orgId, pluginId)),
  openCheckout: (orgId: string, pluginId: string) => doc(converters.openCheckout, paths.openCheckout(orgId, pluginId)),
  ledgerEntry: (entryId: string) => doc(converters.ledgerEntry, paths.ledgerEntry(entryId)),
  earningsRow: (publisherId: string, rowId: string) =>
    doc(converters.earningsRow, paths.earningsRow(publisherId, rowId)),
  processedEvent: (eventId: string) => doc(converters.processedEvent, paths.processedEvent(eventId)),
  rateLimit: (key: string) => doc(converters.rateLimit, paths.rateLimit(key)),
  callRequest: (key: string) => doc(converters.callRequest, paths.callRequest(key)),
  searchChange: (pluginId: string) => doc(converters.searchChange, paths.searchChange(pluginId)),
  searchIndex: () => doc(converters.searchIndex, paths.searchIndex('public')),
  scanReport: (pluginId: string, version: string) => doc(converters.scanReport, paths.scanReport(pluginId, version)),
  heldVersion: (pluginId: string, version: string) => doc(converters.heldVersion, paths.heldVersion(pluginId, version)),
  blocklistEntry: (sha256: string) => doc(converters.blocklistEntry, paths.blocklistEntry(sha256)),
  adminAuditEntry: (entryId: string) => doc(converters.adminAuditEntry, paths.adminAuditEntry(entryId)),
  publisherToken: (tokenId: string) => doc(converters.publisherToken, paths.publisherToken(tokenId)),
  devBuild: (orgId: string, pluginId: string) => doc(converters.devBuild, paths.devBuild(orgId, pluginId)),
};

/** Typed collection references (queries built on them stay typed). */
export const cols = {
  plugins: () => col(converters.plugin, collections.plugins),
  versions: (pluginId: string) => col(converters.version, paths.versions(pluginId)),
  uploads: () => col(converters.upload, collections.uploads),
  signingKeys: () => col(converters.signingKey, collections.signingKeys),
  publishers: () => col(converters.publisher, collections.publishers),
  orgs: () => col(converters.org, collections.orgs),
  installs: (orgId: string) => col(converters.install, paths.installs(orgId)),
  devBuilds: (orgId: string) => col(converters.devBuild, paths.devBuilds(orgId)),
  installRequests: (orgId: string) => col(converters.installRequest, paths.installRequests(orgId)),
  auditLog: (orgId: string) => col(converters.auditEntry, paths.auditLog(orgId)),
  storageEntries: (orgId: string, pluginId: string) =>
    col(converters.storageEntry, paths.pluginStorageEntries(orgId, pluginId)),
  actuatorCommands: (orgId: string) => col(converters.actuatorCommand, paths.actuatorCommands(orgId)),
  notifications: (orgId: string) => col(converters.notification, paths.notifications(orgId)),
  automationRuns: (orgId: string) => col(converters.automationRun, paths.automationRuns(orgId)),
  runs: (orgId: string) => col(converters.run, paths.runs(orgId)),
  reviews: (pluginId: string) => col(converters.review, paths.reviews(pluginId)),
  reviewStates: (pluginId: string) => col(converters.reviewState, paths.reviewStates(pluginId)),
  reviewReactions: (pluginId: string, reviewId: string, kind: 'votes' | 'flags') =>
    col(converters.reviewReaction, paths.reviewReactions(pluginId, reviewId, kind)),
  earnings: (publisherId: string) => col(converters.earningsRow, paths.earnings(publisherId)),
  searchChanges: () => col(converters.searchChange, collections.searchChanges),
  scanReports: () => col(converters.scanReport, collections.scanReports),
  blocklist: () => col(converters.blocklistEntry, collections.blocklist),
  adminAudit: () => col(converters.adminAuditEntry, collections.adminAudit),
  publisherTokens: () => col(converters.publisherToken, collections.publisherTokens),
};

/** The last segment of a collection path: its collection group. */
const groupOf = (collectionPath: string) => collectionPath.slice(collectionPath.lastIndexOf('/') + 1);

/** Typed collection-group queries (every plugin's versions, every plugin's review states). */
export const groups = {
  versions: () => db.collectionGroup(groupOf(paths.versions('_'))).withConverter(converters.version),
  reviewStates: () => db.collectionGroup(groupOf(paths.reviewStates('_'))).withConverter(converters.reviewState),
  installs: () => db.collectionGroup(groupOf(paths.installs('_'))).withConverter(converters.install),
};

/**
 * A trigger's snapshot (built by the platform, without a converter) read through a converter:
 * undefined when the document does not exist.
 */
export function readSnapshot<T>(
  converter: DocumentConverter<T>,
  snapshot: DocumentSnapshot | undefined,
): T | undefined {
  if (!snapshot?.exists) return undefined;
  return converter.fromFirestore(snapshot);
}

/**
 * The fields a projection query (`select(...)`) read, parsed with the document's schema narrowed
 * to those fields (read with `get`, which the converter does not run on).
 */
export function projected<T, F extends keyof T & string>(
  converter: DocumentConverter<T>,
  fields: readonly F[],
  snapshot: { ref: { path: string }; get(field: string): unknown },
): Pick<T, F> {
  const schema = converter.schema as unknown as z.ZodMiniObject;
  const mask = Object.fromEntries(fields.map((f) => [f, true])) as Record<string, true>;
  const data = Object.fromEntries(fields.map((f) => [f, snapshot.get(f)]));
  return parseDocument(z.pick(schema, mask), snapshot.ref.path, data) as Pick<T, F>;
}

/** Reads many typed documents in one round trip (none for none), keeping their type. */
export async function readAll<T extends DocumentData>(refs: TypedDoc<T>[]): Promise<Array<DocumentSnapshot<T, T>>> {
  if (refs.length === 0) return [];
  return (await db.getAll(...refs)) as Array<DocumentSnapshot<T, T>>;
}
