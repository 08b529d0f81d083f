import {
  converters,
  type CallableParsedInput,
  type deprecate as deprecateContract,
  type updateListing as updateListingContract,
  type yankVersion as yankVersionContract,
} from '@mlebotics/shared';
import { FieldValue, type DocumentSnapshot, type Transaction, type UpdateData } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs, projected, type Stored } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { MANAGER_ROLES, requireOrgRole, requirePublisherMember } from '../lib/access.js';
import { stampSearchChange } from '../search/changes.js';
import { manifestListingFields, preferredLatest, type ListingOverrides } from './listing-fields.js';

/** The listing, after checking the caller belongs to its publisher. */
async function ownedListing(
  tx: Transaction,
  pluginId: string,
  uid: string,
): Promise<{ ref: DocumentSnapshot<Stored<'plugin'>>['ref']; data: Stored<'plugin'> }> {
  const listing = await tx.get(docs.plugin(pluginId));
  const data = listing.data();
  if (!data) throw new ApiError('not-found', `There is no plugin "${pluginId}".`);
  await requirePublisherMember(tx, data.publisherId, uid);
  return { ref: listing.ref, data };
}

/**
 * Which version the listing shows once statuses change: the highest stable published version,
 * else the highest published one, else none. Returns its manifest fields too.
 */
async function latestPublished(tx: Transaction, pluginId: string, changed: { version: string; status: string }) {
  const versions = await tx.get(cols.versions(pluginId).select('status'));
  let latest: string | null = null;
  for (const doc of versions.docs) {
    const status = doc.id === changed.version ? changed.status : projected(converters.version, ['status'], doc).status;
    if (status === 'published' && preferredLatest(latest, doc.id)) latest = doc.id;
  }
  return latest;
}

export async function yankVersion(input: CallableParsedInput<typeof yankVersionContract>, context: CallContext) {
  return db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    const versionRef = docs.version(input.pluginId, input.version);
    const version = await tx.get(versionRef);
    if (!version.exists) throw new ApiError('not-found', `${input.pluginId} has no version ${input.version}.`);
    const status = input.yanked ? ('yanked' as const) : ('published' as const);
    const latest = await latestPublished(tx, input.pluginId, { version: input.version, status });
    const latestDoc =
      latest && latest !== input.version
        ? (await tx.get(docs.version(input.pluginId, latest))).data()
        : latest
          ? version.data()
          : undefined;
    tx.update(versionRef, {
      status,
      yank: input.yanked ? { at: FieldValue.serverTimestamp(), by: context.uid, reason: input.reason ?? null } : null,
    });
    const overrides: ListingOverrides = listing.data.overrides ?? {};
    stampSearchChange(tx, input.pluginId);
    tx.update(listing.ref, {
      latestVersion: latest,
      ...(latestDoc ? manifestListingFields(latestDoc.manifest, latestDoc.iconDataUrl, overrides) : {}),
      updatedAt: FieldValue.serverTimestamp(),
    });
    return { pluginId: input.pluginId, version: input.version, status, latestVersion: latest };
  });
}

export async function deprecate(input: CallableParsedInput<typeof deprecateContract>, context: CallContext) {
  if (input.replacement && input.replacement === input.pluginId)
    throw new ApiError('invalid-input', 'A plugin cannot replace itself.');
  await db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    if (input.replacement) {
      const replacement = (await tx.get(docs.plugin(input.replacement))).data();
      if (replacement?.visibility !== 'public')
        throw new ApiError('not-found', `The replacement "${input.replacement}" is not a public plugin.`);
    }
    const value =
      input.message === null
        ? null
        : { message: input.message, replacement: input.replacement ?? null, at: FieldValue.serverTimestamp() };
    if (input.version) {
      const versionRef = docs.version(input.pluginId, input.version);
      if (!(await tx.get(versionRef)).exists)
        throw new ApiError('not-found', `${input.pluginId} has no version ${input.version}.`);
      tx.update(versionRef, { deprecated: value });
    } else {
      tx.update(listing.ref, { deprecated: value, updatedAt: FieldValue.serverTimestamp() });
      stampSearchChange(tx, input.pluginId);
    }
  });
  return { ok: true as const };
}

export async function updateListing(input: CallableParsedInput<typeof updateListingContract>, context: CallContext) {
  await db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    if (input.visibility?.visibility === 'private') {
      // A plugin goes into an organization's internal registry only with that organization's say.
      await requireOrgRole(tx, input.visibility.orgId, context.uid, MANAGER_ROLES);
    }
    const update: UpdateData<Stored<'plugin'>> = { updatedAt: FieldValue.serverTimestamp() };
    const overrides: ListingOverrides = { ...listing.data.overrides };
    if (input.summary !== undefined) overrides.summary = input.summary;
    if (input.categories !== undefined) overrides.categories = input.categories;
    if (input.summary !== undefined || input.categories !== undefined) {
      const latest = listing.data.latestVersion;
      const version = latest ? (await tx.get(docs.version(input.pluginId, latest))).data() : undefined;
      update.overrides = overrides;
      if (version) Object.assign(update, manifestListingFields(version.manifest, version.iconDataUrl, overrides));
    }
    if (input.visibility) {
      update.visibility = input.visibility.visibility;
      update.privateOrgId = input.visibility.visibility === 'private' ? input.visibility.orgId : null;
    }
    if (input.pricing) {
      update.pricing = input.pricing;
      update.priceClass = input.pricing.model === 'free' ? 'free' : 'paid';
    }
    tx.update(listing.ref, update);
    stampSearchChange(tx, input.pluginId);
  });
  return { ok: true as const };
}
