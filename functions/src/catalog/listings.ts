import {
  paths,
  type CallableParsedInput,
  type PluginManifest,
  type deprecate,
  type updateListing,
  type yankVersion,
} from '@mlebotics/shared';
import { FieldValue, type DocumentSnapshot, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { MANAGER_ROLES, requireOrgRole } from '../orgs/orgs.js';
import { manifestListingFields, preferredLatest, type ListingOverrides } from '../publish/listing.js';
import { requirePublisherMember } from '../publishers/publishers.js';

/** The listing, after checking the caller belongs to its publisher. */
async function ownedListing(tx: Transaction, pluginId: string, uid: string): Promise<DocumentSnapshot> {
  const listing = await tx.get(db.doc(paths.plugin(pluginId)));
  if (!listing.exists) throw new ApiError('not-found', `There is no plugin "${pluginId}".`);
  await requirePublisherMember(tx, String(listing.get('publisherId')), uid);
  return listing;
}

/**
 * Which version the listing shows once statuses change: the highest stable published version,
 * else the highest published one, else none. Returns its manifest fields too.
 */
async function latestPublished(tx: Transaction, pluginId: string, changed: { version: string; status: string }) {
  const versions = await tx.get(db.collection(paths.versions(pluginId)).select('status'));
  let latest: string | null = null;
  for (const doc of versions.docs) {
    const status = doc.id === changed.version ? changed.status : doc.get('status');
    if (status === 'published' && preferredLatest(latest, doc.id)) latest = doc.id;
  }
  return latest;
}

export async function setYanked(input: CallableParsedInput<typeof yankVersion>, context: CallContext) {
  return db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    const versionRef = db.doc(paths.version(input.pluginId, input.version));
    const version = await tx.get(versionRef);
    if (!version.exists) throw new ApiError('not-found', `${input.pluginId} has no version ${input.version}.`);
    const status = input.yanked ? ('yanked' as const) : ('published' as const);
    const latest = await latestPublished(tx, input.pluginId, { version: input.version, status });
    const latestDoc =
      latest && latest !== input.version
        ? await tx.get(db.doc(paths.version(input.pluginId, latest)))
        : latest
          ? version
          : undefined;
    tx.update(versionRef, {
      status,
      yank: input.yanked ? { at: FieldValue.serverTimestamp(), by: context.uid, reason: input.reason ?? null } : null,
    });
    const overrides = (listing.get('overrides') ?? {}) as ListingOverrides;
    tx.update(listing.ref, {
      latestVersion: latest,
      ...(latestDoc
        ? manifestListingFields(
            latestDoc.get('manifest') as PluginManifest,
            latestDoc.get('iconDataUrl') ?? null,
            overrides,
          )
        : {}),
      updatedAt: FieldValue.serverTimestamp(),
    });
    return { pluginId: input.pluginId, version: input.version, status, latestVersion: latest };
  });
}

export async function setDeprecated(input: CallableParsedInput<typeof deprecate>, context: CallContext) {
  if (input.replacement && input.replacement === input.pluginId)
    throw new ApiError('invalid-input', 'A plugin cannot replace itself.');
  await db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    if (input.replacement) {
      const replacement = await tx.get(db.doc(paths.plugin(input.replacement)));
      if (replacement.get('visibility') !== 'public')
        throw new ApiError('not-found', `The replacement "${input.replacement}" is not a public plugin.`);
    }
    const value =
      input.message === null
        ? null
        : { message: input.message, replacement: input.replacement ?? null, at: FieldValue.serverTimestamp() };
    if (input.version) {
      const versionRef = db.doc(paths.version(input.pluginId, input.version));
      if (!(await tx.get(versionRef)).exists)
        throw new ApiError('not-found', `${input.pluginId} has no version ${input.version}.`);
      tx.update(versionRef, { deprecated: value });
    } else {
      tx.update(listing.ref, { deprecated: value, updatedAt: FieldValue.serverTimestamp() });
    }
  });
  return { ok: true as const };
}

export async function updateListingSettings(input: CallableParsedInput<typeof updateListing>, context: CallContext) {
  await db.runTransaction(async (tx) => {
    const listing = await ownedListing(tx, input.pluginId, context.uid);
    if (input.visibility?.visibility === 'private') {
      // A plugin goes into an organization's internal registry only with that organization's say.
      await requireOrgRole(tx, input.visibility.orgId, context.uid, MANAGER_ROLES);
    }
    const update: Record<string, unknown> = { updatedAt: FieldValue.serverTimestamp() };
    const overrides = { ...((listing.get('overrides') ?? {}) as ListingOverrides) };
    if (input.summary !== undefined) overrides.summary = input.summary;
    if (input.categories !== undefined) overrides.categories = input.categories;
    if (input.summary !== undefined || input.categories !== undefined) {
      const latest = listing.get('latestVersion') as string | null;
      const version = latest ? await tx.get(db.doc(paths.version(input.pluginId, latest))) : undefined;
      update.overrides = overrides;
      if (version?.exists)
        Object.assign(
          update,
          manifestListingFields(
            version.get('manifest') as PluginManifest,
            version.get('iconDataUrl') ?? null,
            overrides,
          ),
        );
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
  });
  return { ok: true as const };
}
