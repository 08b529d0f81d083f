// Reads what the invariants need straight from the emulators (Admin SDK: every document, every
// Storage object), each document parsed with its schema's converter.
import {
  collections,
  converters,
  type DocumentConverter,
  type LedgerEntryDoc,
  type PaymentRecord,
} from '@mlebotics/shared';
import { admin } from '@mlebotics/testing';
import type { DocumentData, FirestoreDataConverter, Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';

export interface Snapshot {
  uploads: Array<{
    id: string;
    state: string;
    objectPath: string;
    pluginId: string | null;
    version: string | null;
    leaseUntil: number | null;
  }>;
  versions: Array<{ pluginId: string; version: string; artifactPath: string; envelopePath: string }>;
  /** Names of every Storage object. */
  objects: Set<string>;
  listings: Array<{
    id: string;
    installCount: number;
    rating: { count: number; sum: number; histogram: Record<string, number> };
  }>;
  installs: Array<{ orgId: string; pluginId: string; version: string }>;
  auditLog: Array<{ orgId: string; action: string; pluginId: string; version: string | null }>;
  reviews: Array<{ pluginId: string; uid: string; rating: number; orgId: string }>;
  reviewStates: Array<{ pluginId: string; uid: string; counted: number | null; moderation: string | null }>;
  ledger: LedgerEntryDoc[];
  entitlements: Array<{ orgId: string; pluginId: string; model: string; status: string; payments: PaymentRecord[] }>;
  earnings: Array<{
    publisherId: string;
    pluginId: string;
    period: string;
    currency: string;
    testMode: boolean;
    grossMinor: number;
    developerMinor: number;
  }>;
}

/** `a/{x}/b/{y}`: the ids along a document's path. */
const idsOf = (doc: QueryDocumentSnapshot) => doc.ref.path.split('/').filter((_, i) => i % 2 === 1);

async function all<T extends DocumentData>(converter: DocumentConverter<T>, group: string, top = false) {
  const query: Query = top ? admin.db.collection(group) : admin.db.collectionGroup(group);
  const snap = await query.withConverter(converter as unknown as FirestoreDataConverter<T, T>).get();
  return snap.docs.map((doc) => ({ ids: idsOf(doc), data: doc.data() }));
}

const millis = (t: unknown) =>
  t && typeof t === 'object' && 'toMillis' in t ? (t as { toMillis(): number }).toMillis() : null;

/** Every object name in the bucket (the Storage emulator lists them page by page). */
async function objectNames(): Promise<Set<string>> {
  const [files] = await admin.bucket().getFiles({ autoPaginate: true });
  return new Set(files.map((f) => f.name));
}

export async function readSnapshot(): Promise<Snapshot> {
  const [
    uploads,
    versions,
    objects,
    listings,
    installs,
    auditLog,
    reviews,
    reviewStates,
    ledger,
    entitlements,
    earnings,
  ] = await Promise.all([
    all(converters.upload, collections.uploads, true),
    all(converters.version, 'versions'),
    objectNames(),
    all(converters.plugin, collections.plugins, true),
    all(converters.install, 'installs'),
    all(converters.auditEntry, 'auditLog'),
    all(converters.review, 'reviews'),
    all(converters.reviewState, 'reviewState'),
    all(converters.ledgerEntry, collections.ledger, true),
    all(converters.entitlement, 'entitlements'),
    all(converters.earningsRow, 'earnings'),
  ]);
  return {
    uploads: uploads.map(({ ids, data }) => ({
      id: ids[0]!,
      state: data.state,
      objectPath: data.objectPath,
      pluginId: data.pluginId,
      version: data.version,
      leaseUntil: millis(data.lease?.until),
    })),
    versions: versions.map(({ data }) => ({
      pluginId: data.pluginId,
      version: data.version,
      artifactPath: data.artifactPath,
      envelopePath: data.envelopePath,
    })),
    objects,
    listings: listings.map(({ data }) => ({ id: data.id, installCount: data.installCount, rating: data.rating })),
    installs: installs.map(({ ids, data }) => ({ orgId: ids[0]!, pluginId: ids[1]!, version: data.version })),
    auditLog: auditLog.map(({ ids, data }) => ({
      orgId: ids[0]!,
      action: data.action,
      pluginId: 'pluginId' in data ? data.pluginId : '',
      version: 'version' in data ? data.version : null,
    })),
    reviews: reviews.map(({ ids, data }) => ({
      pluginId: ids[0]!,
      uid: ids[1]!,
      rating: data.rating,
      orgId: data.orgId,
    })),
    reviewStates: reviewStates.map(({ ids, data }) => ({
      pluginId: ids[0]!,
      uid: ids[1]!,
      counted: data.counted,
      moderation: data.moderation,
    })),
    ledger: ledger.map(({ data }) => data),
    entitlements: entitlements.map(({ ids, data }) => ({
      orgId: ids[0]!,
      pluginId: ids[1]!,
      model: data.model,
      status: data.status,
      payments: data.payments,
    })),
    earnings: earnings.map(({ data }) => data),
  };
}

/** Documents per top-level collection and collection group, for the drill's before/after comparison. */
export async function documentCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const groups = [
    ...Object.values(collections),
    'versions',
    'installs',
    'auditLog',
    'reviews',
    'reviewState',
    'publicReviews',
    'entitlements',
    'earnings',
    'assets',
  ];
  await Promise.all(
    [...new Set(groups)].map(async (group) => {
      counts[group] = (await admin.db.collectionGroup(group).count().get()).data().count;
    }),
  );
  counts['storage objects'] = (await objectNames()).size;
  return counts;
}
